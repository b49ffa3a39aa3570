package parity

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/strangler-fig/strangler/planner/cflog"
	"github.com/strangler-fig/strangler/planner/cflog/cflogtest"
)

// benchLogs writes n logged requests for /items/{id} and /items?id=..&id=..
func benchLogs(b *testing.B, n int) []cflog.Source {
	b.Helper()
	lines := make([]cflogtest.Line, n)
	for i := range lines {
		lines[i] = cflogtest.Line{Time: t0.Add(time.Duration(i) * time.Millisecond), Path: "/items/" + strconv.Itoa(i%5000), Seed: uint64(i)}
		if i%3 == 0 {
			lines[i].Path, lines[i].Query = "/items", fmt.Sprintf("id=%d&id=%d&fields=name;price", i%7, i%11)
		}
	}
	dir := b.TempDir()
	if err := cflogtest.WriteFile(filepath.Join(dir, "E2EXAMPLE.2025-03-03-10.abcd.gz"), lines); err != nil {
		b.Fatal(err)
	}
	srcs, err := cflog.LocalSources([]string{dir})
	if err != nil {
		b.Fatal(err)
	}
	return srcs
}

// BenchmarkReplay replays b.N logged requests on loopback: the monolith
// stand-in twice and the candidate (a handler through httpadapter and the
// API Gateway model) once each, every answer compared, with noise and
// seeded differences. It reports comparisons per second and the live heap
// (after a GC) at each tenth of the run: flat means memory does not grow
// with the number of requests.
//
//	go test -run '^$' -bench Replay -benchtime 100000x ./parity
func BenchmarkReplay(b *testing.B) {
	srcs := benchLogs(b, b.N)
	primary := server(b, monolith())
	candidate := candidateServer(b, migrated(), nil, "/items", "/items/{id}")
	var mu sync.Mutex
	var heap []uint64
	step := max(b.N/10, 1)
	sample := func() {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		heap = append(heap, m.HeapAlloc)
	}
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	rep, err := Run(context.Background(), Config{
		Sources: srcs, Selector: mustSelectorB(b, "/items", "/items/{id}"),
		Primary:   Target{Name: "primary", BaseURL: primary.URL},
		Candidate: Target{Name: "candidate", BaseURL: candidate.URL},
		Max:       b.N, Workers: 8,
		Progress: func(done int) {
			if done%step == 0 {
				mu.Lock()
				sample()
				mu.Unlock()
			}
		},
	})
	elapsed := time.Since(start)
	b.StopTimer()
	if err != nil {
		b.Fatal(err)
	}
	if rep.Compared != b.N {
		b.Fatalf("compared %d of %d (errors %d: %+v)", rep.Compared, b.N, rep.Errors, rep.Routes)
	}
	b.ReportMetric(float64(rep.Compared)/elapsed.Seconds(), "comparisons/s")
	if len(heap) > 0 {
		b.ReportMetric(float64(heap[0])/(1<<20), "heapMB@10%")
		b.ReportMetric(float64(heap[len(heap)-1])/(1<<20), "heapMB@100%")
		var peak uint64
		for _, h := range heap {
			peak = max(peak, h)
		}
		b.ReportMetric(float64(peak)/(1<<20), "heapMB-peak")
	}
}

// BenchmarkCompare is the comparison alone on a typical pair of JSON
// answers (a rename, a number as a string, a missing header): what the
// tool itself costs per request, beside the three HTTP calls.
//
//	go test -run '^$' -bench Compare -benchmem ./parity
func BenchmarkCompare(b *testing.B) {
	a := answer(200, `{"id":7,"name":"Widget 7","price":9.99,"tags":["a","b"],"stock":12,"requestId":"a1b2c3"}`,
		"Content-Type", "application/json", "Cache-Control", "public, max-age=60")
	c := answer(200, `{"id":7,"title":"Widget 7","price":"9.99","tags":["a","b"],"stock":12,"requestId":"d4e5f6"}`,
		"Content-Type", "application/json")
	cmp := NewComparer(nil)
	b.ReportAllocs()
	for b.Loop() {
		if len(cmp.Compare(a, c)) != 4 {
			b.Fatal("want 4 differences")
		}
	}
}

func mustSelectorB(b *testing.B, templates ...string) *Selector {
	var rs []Route
	for _, t := range templates {
		rs = append(rs, Route{Template: t})
	}
	s, err := NewSelector(rs, nil, false)
	if err != nil {
		b.Fatal(err)
	}
	return s
}
