package parity

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/strangler-fig/strangler/lambdas/httpadapter"
	"github.com/strangler-fig/strangler/lambdas/httpadapter/apigwtest"
	"github.com/strangler-fig/strangler/planner/cflog"
	"github.com/strangler-fig/strangler/planner/cflog/cflogtest"
)

// recorder keeps the request lines a test server received.
type recorder struct {
	mu   sync.Mutex
	uris []string
}

func (r *recorder) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.mu.Lock()
		r.uris = append(r.uris, req.RequestURI)
		r.mu.Unlock()
		h.ServeHTTP(w, req)
	})
}

func (r *recorder) got() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.uris...)
}

// server starts h on 127.0.0.1 (httptest's loopback listener).
func server(t testing.TB, h http.Handler) *httptest.Server {
	t.Helper()
	s := httptest.NewServer(h)
	t.Cleanup(s.Close)
	return s
}

// candidateServer stands handler behind httpadapter and an API Gateway
// model, as the stack runs it.
func candidateServer(t testing.TB, h http.Handler, rec *recorder, templates ...string) *httptest.Server {
	t.Helper()
	a := httpadapter.New(h, httpadapter.WithLogger(slog.New(slog.NewJSONHandler(io.Discard, nil))))
	api, err := apigwtest.New(a, "prod", templates...)
	if err != nil {
		t.Fatal(err)
	}
	var front http.Handler = api
	if rec != nil {
		front = rec.wrap(api)
	}
	return server(t, front)
}

// logFile writes lines as a gzipped CloudFront log in a fresh folder and
// returns the sources the replay reads.
func logFile(t *testing.T, lines ...cflogtest.Line) []cflog.Source {
	t.Helper()
	dir := t.TempDir()
	if err := cflogtest.WriteFile(filepath.Join(dir, "E2EXAMPLE.2025-03-03-10.abcd.gz"), lines); err != nil {
		t.Fatal(err)
	}
	srcs, err := cflog.LocalSources([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	return srcs
}

var t0 = time.Date(2025, 3, 3, 10, 0, 0, 0, time.UTC)

// get is a logged GET of path?query.
func get(i int, path, query string) cflogtest.Line {
	return cflogtest.Line{Time: t0.Add(time.Duration(i) * time.Second), Path: path, Query: query, Seed: uint64(i)}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func mustSelector(t *testing.T, templates ...string) *Selector {
	t.Helper()
	var rs []Route
	for _, tm := range templates {
		rs = append(rs, Route{Template: tm})
	}
	s, err := NewSelector(rs, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func route(t *testing.T, r *Report, template string) RouteReport {
	t.Helper()
	for _, rr := range r.Routes {
		if rr.Route == template {
			return rr
		}
	}
	t.Fatalf("no route %s in report", template)
	return RouteReport{}
}

func kindsOf(rr RouteReport) map[string]int {
	out := map[string]int{}
	for _, k := range rr.Kinds {
		key := string(k.Kind) + " " + k.Where
		if k.To != "" {
			key += " -> " + k.To
		}
		out[key] = k.Requests
	}
	return out
}

func writeFile(path, data string) error { return os.WriteFile(path, []byte(data), 0o644) }

func logFileAt(t *testing.T, path string) []cflog.Source {
	t.Helper()
	srcs, err := cflog.LocalSources([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	return srcs
}
