package main

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/strangler-fig/strangler/lambdas/httpadapter"
)

// globalStatus reads a server-wide counter (SHOW GLOBAL STATUS).
func globalStatus(t *testing.T, admin *sql.DB, name string) int64 {
	t.Helper()
	var n string
	var v int64
	// Text protocol, no placeholder: a prepared statement here would count itself.
	if err := admin.QueryRow("SHOW GLOBAL STATUS LIKE '"+name+"'").Scan(&n, &v); err != nil {
		t.Fatalf("SHOW GLOBAL STATUS LIKE %q: %v", name, err)
	}
	return v
}

// The function sends nothing that pins an RDS Proxy session: no
// server-side prepared statement and no SET, neither when it connects nor
// per request. (The server counts every connection's statements, so the
// admin connection reading the counters adds none of these.)
func TestNothingPinsAProxySession(t *testing.T) {
	admin, err := adminDB()
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	admin.SetMaxOpenConns(1)
	counters := []string{"Com_stmt_prepare", "Com_stmt_execute", "Com_set_option", "Com_lock_tables", "Com_create_table"}
	before := map[string]int64{}
	for _, c := range counters {
		before[c] = globalStatus(t, admin, c)
	}
	queries := globalStatus(t, admin, "Com_select")

	a := httpadapter.New(newHandler(openTestDB(t, testEnv())), quiet())
	for _, id := range []string{"1", "42", "404"} { // a new connection, then reused; a miss too
		if out, err := a.Invoke(context.Background(), userEvent(t, id, "GET")); err != nil || strings.Contains(string(out), `"statusCode":5`) {
			t.Fatalf("%s %v", out, err)
		}
	}
	for _, c := range counters {
		if d := globalStatus(t, admin, c) - before[c]; d != 0 {
			t.Errorf("%s rose by %d: the function sent a statement that pins a proxy session", c, d)
		}
	}
	// The counters move at all: the three SELECTs are seen.
	if d := globalStatus(t, admin, "Com_select") - queries; d < 3 {
		t.Errorf("Com_select rose by %d, want at least 3: the counters are not this server's", d)
	}
}

// A connection unused for the idle time is closed, on the server too, and
// the next request opens a new one.
func TestIdleConnectionClosed(t *testing.T) {
	p := defaultPool
	p.idle = 100 * time.Millisecond // database/sql checks at most every second
	db := openPool(dbConfigFor(t, testEnv()), p)
	defer db.Close()
	a := httpadapter.New(newHandler(db), quiet())
	if out, err := a.Invoke(context.Background(), userEvent(t, "1", "GET")); err != nil || !strings.Contains(string(out), `"statusCode":200`) {
		t.Fatalf("%s %v", out, err)
	}
	var id int64
	if err := db.QueryRow("SELECT CONNECTION_ID()").Scan(&id); err != nil {
		t.Fatal(err)
	}
	admin, err := adminDB()
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	deadline := time.Now().Add(5 * time.Second)
	for db.Stats().MaxIdleTimeClosed == 0 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if s := db.Stats(); s.MaxIdleTimeClosed != 1 || s.OpenConnections != 0 {
		t.Fatalf("after %v idle: %+v; want the connection closed", p.idle, s)
	}
	var alive int
	for time.Now().Before(deadline) {
		if err := admin.QueryRow("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = ?", id).Scan(&alive); err != nil {
			t.Fatal(err)
		}
		if alive == 0 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if alive != 0 {
		t.Errorf("connection %d is still open on the server", id)
	}
	if out, err := a.Invoke(context.Background(), userEvent(t, "1", "GET")); err != nil || !strings.Contains(string(out), `"statusCode":200`) {
		t.Fatalf("after the idle close: %s %v", out, err)
	}
}

func dbConfigFor(t *testing.T, env map[string]string) dbConfig {
	t.Helper()
	cfg, err := loadConfig(context.Background(), getenvFrom(env))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}
