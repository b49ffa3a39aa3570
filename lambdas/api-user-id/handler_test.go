package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/strangler-fig/strangler/lambdas/httpadapter"
)

func quiet() httpadapter.Option {
	return httpadapter.WithLogger(slog.New(slog.NewJSONHandler(io.Discard, nil)))
}

// userEvent is testdata/rest-get-user.json with the path and path parameter
// set to id.
func userEvent(t *testing.T, id, method string) []byte {
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
	out, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func respEvent(status int, body string, extra ...string) string {
	b, _ := json.Marshal(body)
	headers := `"Content-Type":["application/json"]`
	if len(extra) > 0 {
		headers = extra[0] + "," + headers
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
	if s.OpenConnections != 1 || s.MaxOpenConnections != maxOpenConns {
		t.Errorf("OpenConnections = %d (want 1), MaxOpenConnections = %d (want %d)",
			s.OpenConnections, s.MaxOpenConnections, maxOpenConns)
	}
}

// An unreachable database gives a 503 fast, and one ERROR line with the
// request IDs.
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
	if want := respEvent(503, `{"message":"database unavailable"}`); string(out) != want {
		t.Errorf("\n got %s\nwant %s", out, want)
	}
	if d := time.Since(start); d > dialTimeout+time.Second {
		t.Errorf("took %v; want a fast failure", d)
	}
	line := logs.String()
	if strings.Count(line, "\n") != 1 || !strings.Contains(line, `"level":"ERROR"`) ||
		!strings.Contains(line, `"message":"querying user"`) ||
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
	if want := respEvent(503, `{"message":"database unavailable"}`); string(out) != want {
		t.Errorf("with an expired deadline\n got %s\nwant %s", out, want)
	}
}
