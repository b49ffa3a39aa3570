package main

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/strangler-fig/strangler/lambdas/httpadapter"
)

func quiet() httpadapter.Option {
	return httpadapter.WithLogger(slog.New(slog.NewJSONHandler(io.Discard, nil)))
}

// userEvent is testdata/rest-get-user.json with the path and path parameter
// set to id, from a caller the authorizer granted ScopeReadAnyUser.
func userEvent(t *testing.T, id, method string) []byte {
	t.Helper()
	return userEventAs(t, id, method, map[string]any{"principalId": "1", "sub": "1", "scope": ScopeReadAnyUser, "authMode": "jwt", "integrationLatency": 3})
}

// userEventAs is userEvent with requestContext.authorizer set to
// authorizer (nil: none, as on a route without an authorizer).
func userEventAs(t *testing.T, id, method string, authorizer map[string]any) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/rest-get-user.json")
	if err != nil {
		t.Fatal(err)
	}
	var ev map[string]any
	if err := json.Unmarshal(b, &ev); err != nil {
		t.Fatal(err)
	}
	ev["path"] = "/user/" + id
	ev["httpMethod"] = method
	ev["pathParameters"] = map[string]string{"id": id}
	ev["requestContext"].(map[string]any)["path"] = "/prod/user/" + id
	if authorizer != nil {
		ev["requestContext"].(map[string]any)["authorizer"] = authorizer
	}
	out, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// respEvent is the response event; extra headers are JSON members
// sorted around Content-Type as the adapter writes them ("Allow" before,
// "Retry-After" after).
func respEvent(status int, body string, extra ...string) string {
	b, _ := json.Marshal(body)
	headers := `"Content-Type":["application/json"]`
	for _, h := range extra {
		if h < headers {
			headers = h + "," + headers
		} else {
			headers += "," + h
		}
	}
	return `{"statusCode":` + strconv.Itoa(status) + `,"multiValueHeaders":{` + headers + `},"body":` +
		string(b) + `,"isBase64Encoded":false}`
}

func openTestDB(t *testing.T, env map[string]string) *sql.DB {
	t.Helper()
	cfg, err := loadConfig(context.Background(), getenvFrom(env))
	if err != nil {
		t.Fatal(err)
	}
	db := openDB(cfg)
	t.Cleanup(func() { db.Close() })
	return db
}

func TestGetUser(t *testing.T) {
	a := httpadapter.New(newHandler(openTestDB(t, testEnv())), quiet())
	tests := []struct {
		name, id, method, want string
	}{
		{"found", "42", "GET", respEvent(200, `{"id":42,"name":"Grace Hopper","email":"grace@example.com"}`)},
		{"found, escaping", "7", "GET", respEvent(200, `{"id":7,"name":"Zoë \"Z\" \u003cO'Neil\u003e \u0026 co","email":"zoe@example.com"}`)},
		{"absent", "404", "GET", respEvent(404, `{"message":"user not found"}`)},
		{"non-numeric", "abc", "GET", respEvent(400, `{"message":"id must be a positive integer: \"abc\""}`)},
		{"negative", "-1", "GET", respEvent(400, `{"message":"id must be a positive integer: \"-1\""}`)},
		{"SQL in id", "1 OR 1=1", "GET", respEvent(400, `{"message":"id must be a positive integer: \"1 OR 1=1\""}`)},
		{"overflow", "99999999999999999999", "GET", respEvent(400, `{"message":"id must be a positive integer: \"99999999999999999999\""}`)},
		{"wrong method", "1", "DELETE", respEvent(405, `{"message":"method not allowed"}`, `"Allow":["GET, HEAD"]`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := a.Invoke(context.Background(), userEvent(t, tt.id, tt.method))
			if err != nil {
				t.Fatal(err)
			}
			if string(out) != tt.want {
				t.Errorf("\n got %s\nwant %s", out, tt.want)
			}
		})
	}
}

// One *sql.DB serves every invocation, over one reused connection.
func TestConnectionReused(t *testing.T) {
	db := openTestDB(t, testEnv())
	a := httpadapter.New(newHandler(db), quiet())
	for i := range 5 {
		out, err := a.Invoke(context.Background(), userEvent(t, "1", "GET"))
		if err != nil || !strings.Contains(string(out), `"statusCode":200`) {
			t.Fatalf("invocation %d: %s %v", i, out, err)
		}
	}
	s := db.Stats()
	if s.OpenConnections != 1 || s.MaxOpenConnections != 1 {
		t.Errorf("OpenConnections = %d, MaxOpenConnections = %d; want one connection per execution environment",
			s.OpenConnections, s.MaxOpenConnections)
	}
}

// An unreachable database gives a 503 with Retry-After fast, after the
// bounded retries, and one ERROR line with the request IDs.
func TestDatabaseDown(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
	l.Close() // nothing listens there now

	env := testEnv()
	env["DB_PORT"] = port
	var logs bytes.Buffer
	logger := slog.New(httpadapter.NewLogHandler(&logs, nil))
	prev := slog.Default()
	slog.SetDefault(logger)
	t.Cleanup(func() { slog.SetDefault(prev) })

	a := httpadapter.New(newHandler(openTestDB(t, env)), httpadapter.WithLogger(logger))
	start := time.Now()
	out, err := a.Invoke(context.Background(), userEvent(t, "1", "GET"))
	if err != nil {
		t.Fatal(err)
	}
	if want := respEvent(503, `{"message":"database unavailable"}`, `"Retry-After":["5"]`); string(out) != want {
		t.Errorf("\n got %s\nwant %s", out, want)
	}
	if d := time.Since(start); d > dialTimeout+time.Second {
		t.Errorf("took %v; want a fast failure", d)
	}
	line := logs.String()
	if strings.Count(line, "\n") != 1 || !strings.Contains(line, `"level":"ERROR"`) ||
		!strings.Contains(line, `"message":"querying user"`) || !strings.Contains(line, `"attempts":3`) ||
		!strings.Contains(line, `"apiRequestId":"c6af9ac6-7b61-11e6-9a41-93e8deadbeef"`) {
		t.Errorf("log: %s", line)
	}
}

// The Lambda deadline (minus the adapter's margin) bounds the query.
func TestQueryHonoursDeadline(t *testing.T) {
	db := openTestDB(t, testEnv())
	// A comfortable deadline: the query answers.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	a := httpadapter.New(newHandler(db), quiet(), httpadapter.WithDeadlineMargin(500*time.Millisecond))
	out, err := a.Invoke(ctx, userEvent(t, "42", "GET"))
	if err != nil || !strings.Contains(string(out), `"statusCode":200`) {
		t.Fatalf("%s %v", out, err)
	}
	expired, cancel2 := context.WithTimeout(context.Background(), 400*time.Millisecond)
	defer cancel2()
	out, err = a.Invoke(expired, userEvent(t, "42", "GET")) // deadline - margin is already past
	if err != nil {
		t.Fatal(err)
	}
	if want := respEvent(503, `{"message":"database unavailable"}`, `"Retry-After":["5"]`); string(out) != want {
		t.Errorf("with an expired deadline\n got %s\nwant %s", out, want)
	}
}

// forwarder relays TCP connections from a loopback port to the test
// server: the database's address as the function sees it, which can stop
// answering (refusing connections, as during a failover) and come back.
type forwarder struct {
	addr     string
	l        net.Listener
	accepted atomic.Int32
}

// reservePort picks a loopback port with nothing listening on it.
func reservePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// start listens on f.addr and relays to the test server until the test ends.
func (f *forwarder) start(t *testing.T) {
	t.Helper()
	l, err := net.Listen("tcp", f.addr)
	if err != nil {
		t.Fatal(err)
	}
	f.l = l
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			f.accepted.Add(1)
			go func() {
				defer c.Close()
				s, err := net.Dial("tcp", testServer.Addr)
				if err != nil {
					return
				}
				defer s.Close()
				go io.Copy(s, c)
				io.Copy(c, s)
			}()
		}
	}()
}

// A database that refuses connections (failing over) and is back by the
// first retry: the request succeeds, after one wait, on a new connection.
func TestRetriesWhileFailingOver(t *testing.T) {
	f := &forwarder{addr: reservePort(t)}
	env := testEnv()
	_, env["DB_PORT"], _ = strings.Cut(f.addr, ":")
	db := openTestDB(t, env)
	h := newHandler(db).(*userHandler)
	var waits []time.Duration
	h.wait = func(ctx context.Context, d time.Duration) error {
		waits = append(waits, d)
		if len(waits) == 1 {
			f.start(t) // the failover completes while we wait
		}
		return nil
	}
	out, err := httpadapter.New(h, quiet()).Invoke(context.Background(), userEvent(t, "42", "GET"))
	if err != nil {
		t.Fatal(err)
	}
	if want := respEvent(200, `{"id":42,"name":"Grace Hopper","email":"grace@example.com"}`); string(out) != want {
		t.Errorf("\n got %s\nwant %s", out, want)
	}
	if len(waits) != 1 || waits[0] != firstBackoff || f.accepted.Load() != 1 {
		t.Errorf("waits %v, connections accepted %d; want one wait of %v, one connection", waits, f.accepted.Load(), firstBackoff)
	}
}

// A database that stays away: maxAttempts tries, waits doubling between
// them, then a 503 with Retry-After.
func TestRetriesAreBounded(t *testing.T) {
	env := testEnv()
	_, env["DB_PORT"], _ = strings.Cut(reservePort(t), ":")
	h := newHandler(openTestDB(t, env)).(*userHandler)
	var waits []time.Duration
	h.wait = func(ctx context.Context, d time.Duration) error { waits = append(waits, d); return nil }
	out, err := httpadapter.New(h, quiet()).Invoke(context.Background(), userEvent(t, "42", "GET"))
	if err != nil {
		t.Fatal(err)
	}
	if want := respEvent(503, `{"message":"database unavailable"}`, `"Retry-After":["5"]`); string(out) != want {
		t.Errorf("\n got %s\nwant %s", out, want)
	}
	if want := []time.Duration{firstBackoff, 2 * firstBackoff}; !slices.Equal(waits, want) {
		t.Errorf("waits %v, want %v (%d attempts)", waits, want, maxAttempts)
	}
}

// Errors a retry cannot fix (a missing table here) are not retried.
func TestNoRetryOnQueryErrors(t *testing.T) {
	env := testEnv()
	env["DB_NAME"] = "mysql" // no users table there
	h := newHandler(openTestDB(t, env)).(*userHandler)
	h.wait = func(ctx context.Context, d time.Duration) error { t.Errorf("waited %v", d); return nil }
	out, err := httpadapter.New(h, quiet()).Invoke(context.Background(), userEvent(t, "42", "GET"))
	if err != nil || !strings.Contains(string(out), `"statusCode":503`) {
		t.Fatalf("%s %v", out, err)
	}
}

// max_connections reached: the server refuses the handshake with "Too
// many connections" (1040), and the caller gets a 503 saying so with
// Retry-After, at once: no hang, no retry storm, no 500.
func TestMaxConnectionsReached(t *testing.T) {
	// A user without SUPER/CONNECTION ADMIN, like an application's: MySQL
	// and MariaDB keep one connection beyond max_connections for admins,
	// which the filler below (the test's admin user) may take. It needs no
	// grant: the server refuses a connection over max_connections before
	// authenticating it.
	const appUser, appPass = "strangler_app", "app-pass"
	admin, err := adminDB()
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec(fmt.Sprintf("CREATE USER IF NOT EXISTS '%s'@'127.0.0.1' IDENTIFIED BY '%s'", appUser, appPass)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Exec("DROP USER IF EXISTS '" + appUser + "'@'127.0.0.1'") })
	env := testEnv()
	env["DB_USER"], env["DB_PASSWORD"] = appUser, appPass
	cfg := dbConfigFor(t, env)
	probe := func() error {
		pc := cfg
		pc.Name = "" // no database: the user may only log in
		c, err := mysql.NewConnector(pc.mysqlConfig())
		if err != nil {
			return err
		}
		conn, err := c.Connect(context.Background())
		if err == nil {
			conn.Close()
		}
		return err
	}
	// Fill the server with admin connections until the app user is refused.
	filler := testServer.Clone()
	fc, err := mysql.NewConnector(filler)
	if err != nil {
		t.Fatal(err)
	}
	var held []driver.Conn
	t.Cleanup(func() {
		for _, c := range held {
			c.Close()
		}
	})
	full := false
	for range 5000 {
		err := probe()
		if tooManyConnections(err) {
			full = true
			break
		} else if err != nil {
			t.Fatalf("probe: %v", err)
		}
		c, err := fc.Connect(context.Background())
		if err != nil {
			t.Fatalf("holding connection %d: %v", len(held)+1, err)
		}
		held = append(held, c)
	}
	if !full {
		t.Fatalf("the server still accepted the app user after %d held connections", len(held))
	}

	h := newHandler(openPool(cfg, defaultPool)).(*userHandler)
	h.wait = func(ctx context.Context, d time.Duration) error {
		t.Errorf("retried a full database (waited %v)", d)
		return nil
	}
	start := time.Now()
	out, err := httpadapter.New(h, quiet()).Invoke(context.Background(), userEvent(t, "42", "GET"))
	if err != nil {
		t.Fatal(err)
	}
	if want := respEvent(503, `{"message":"database busy: no free connection, retry shortly"}`, `"Retry-After":["1"]`); string(out) != want {
		t.Errorf("\n got %s\nwant %s", out, want)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %v; a full database must be answered at once", d)
	}
	// Connections free again: the app user gets past the handshake (and
	// is refused the database it has no grant on: it only logs in here).
	for _, c := range held {
		c.Close()
	}
	held = nil
	if err := probe(); err != nil {
		t.Errorf("after connections were freed: %v", err)
	}
}

// A caller reads its own user; another's only with ScopeReadAnyUser; a
// request that no authorizer vouched for is refused before any query.
func TestCallerReadsOnlyWhatItMay(t *testing.T) {
	a := httpadapter.New(newHandler(openTestDB(t, testEnv())), quiet())
	self := map[string]any{"principalId": "42", "sub": "42", "scope": "orders:read", "authMode": "jwt"}
	for _, tt := range []struct {
		name, id   string
		authorizer map[string]any
		want       string
	}{
		{"own user", "42", self, respEvent(200, `{"id":42,"name":"Grace Hopper","email":"grace@example.com"}`)},
		{"another user", "7", self, respEvent(403, `{"message":"you may read only your own user"}`)},
		{"another, absent user: no hint it is absent", "404", self, respEvent(403, `{"message":"you may read only your own user"}`)},
		{"another user with the scope", "7", map[string]any{"sub": "42", "scope": "orders:read " + ScopeReadAnyUser}, respEvent(200, `{"id":7,"name":"Zoë \"Z\" \u003cO'Neil\u003e \u0026 co","email":"zoe@example.com"}`)},
		{"no authorizer", "42", nil, respEvent(401, `{"message":"authentication required"}`)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out, err := a.Invoke(context.Background(), userEventAs(t, tt.id, "GET", tt.authorizer))
			if err != nil {
				t.Fatal(err)
			}
			if string(out) != tt.want {
				t.Errorf("\n got %s\nwant %s", out, tt.want)
			}
		})
	}
}
