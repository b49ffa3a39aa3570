package stats

import (
	"testing"

	"github.com/strangler-fig/strangler/planner/cflog"
)

func TestHistogramQuantiles(t *testing.T) {
	var h Histogram
	for v := int64(1); v <= 100; v++ {
		h.Add(v)
	}
	// Exact below 64 ms; above, the largest value of a 1/32-wide bucket.
	for q, want := range map[float64]int64{0.5: 50, 0.01: 1, 0.63: 63, 0.95: 95, 0.99: 99, 1: 101} {
		if got := h.Quantile(q); got != want {
			t.Errorf("q%.2f = %d, want %d", q, got, want)
		}
	}
	for _, v := range []int64{0, 1, 63, 64, 65, 1000, 29999, 1 << 40} {
		lo, hi := bucketRange(bucketOf(v))
		if v < (1<<32) && (v < lo || v > hi) {
			t.Errorf("%d in bucket [%d,%d]", v, lo, hi)
		}
		if hi-lo > max(0, hi/32) {
			t.Errorf("bucket [%d,%d] wider than 1/32", lo, hi)
		}
	}
}

func rec(t, ms int64) *cflog.Record {
	return &cflog.Record{Time: t, Method: []byte("GET"), Path: []byte("/x"), Status: 200, Bytes: 10, TimeTakenMs: ms}
}

func TestPeaksKnownAnswers(t *testing.T) {
	const t0 = 1_700_000_040 // a minute boundary
	var r Route
	for range 10 {
		r.Add(rec(t0, 500)) // 10 requests of 0.5 s in one second: 5 concurrent
	}
	for range 4 {
		r.Add(rec(t0+1, 250))
	}
	for i := range 100 { // sparse page turns dense past 64 seconds
		r.Add(rec(t0+120+int64(i), 100))
	}
	p := r.Peaks(Duration{Source: "time-taken"})
	want := Peaks{RPS: 10, RPSAt: t0, RPM: 60, RPMAt: t0 + 120, Concurrency: 5, ConcurrencyAt: t0, ScalingPer10s: 5, AssumedDuration: -1}
	if p != want {
		t.Errorf("got %+v\nwant %+v", p, want)
	}
	// A fixed duration: 10 requests x 2 s.
	if p := r.Peaks(Duration{Source: "fixed", FixedMs: 2000}); p.Concurrency != 20 {
		t.Errorf("fixed: %v", p.Concurrency)
	}
	if r.Requests != 114 || r.Status[2] != 114 || r.Bytes != 1140 || r.Methods[0] != 114 {
		t.Errorf("counts %+v", r)
	}
	// Merging two halves gives the same peaks.
	var a, b Route
	for range 6 {
		a.Add(rec(t0, 500))
	}
	for range 4 {
		b.Add(rec(t0, 500))
	}
	a.Merge(&b)
	if p := a.Peaks(Duration{}); p.RPS != 10 || p.Concurrency != 5 {
		t.Errorf("merged peaks %+v", p)
	}
}

func TestSeriesMemoryStaysSparseForQuietRoutes(t *testing.T) {
	var s Series
	for h := range 24 {
		s.Add(int64(h)*3600, 1) // one request an hour
	}
	if n := s.Bytes(); n > 24*(64+12*4) {
		t.Errorf("quiet route uses %d bytes", n)
	}
	var busy Series
	for i := range 3600 {
		busy.Add(int64(i), 1)
	}
	if n := busy.Bytes(); n != 64+3600*8 {
		t.Errorf("busy hour uses %d bytes, want one dense page", n)
	}
}
