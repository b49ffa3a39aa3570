package stats

import (
	"math"

	"github.com/strangler-fig/strangler/planner/cflog"
)

// Methods counted per route; anything else is "OTHER".
var Methods = [...]string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "OTHER"}

func methodIndex(m []byte) int {
	switch string(m) {
	case "GET":
		return 0
	case "HEAD":
		return 1
	case "POST":
		return 2
	case "PUT":
		return 3
	case "PATCH":
		return 4
	case "DELETE":
		return 5
	case "OPTIONS":
		return 6
	}
	return 7
}

// Route aggregates the requests of one route template.
type Route struct {
	Requests int64
	Methods  [len(Methods)]int64
	// Status counts by class: [0] none or other, [1] 1xx ... [5] 5xx.
	Status [6]int64
	Bytes  int64
	// NoTimeTaken counts requests whose time-taken was "-" or absent.
	NoTimeTaken int64
	Latency     Histogram
	Series      Series
	First, Last int64 // Unix seconds of the first and last request
	// QueryKeys are the query string names the requests carried.
	QueryKeys QueryKeys
}

// Add counts one request.
func (r *Route) Add(rec *cflog.Record) {
	if r.Requests == 0 || rec.Time < r.First {
		r.First = rec.Time
	}
	if rec.Time > r.Last {
		r.Last = rec.Time
	}
	r.Requests++
	r.Methods[methodIndex(rec.Method)]++
	if c := rec.Status / 100; c >= 1 && c <= 5 {
		r.Status[c]++
	} else {
		r.Status[0]++
	}
	r.Bytes += rec.Bytes
	if rec.TimeTakenMs < 0 {
		r.NoTimeTaken++
	} else {
		r.Latency.Add(rec.TimeTakenMs)
	}
	r.Series.Add(rec.Time, rec.TimeTakenMs)
	r.QueryKeys.Add(rec.Query)
}

// Merge adds o into r.
func (r *Route) Merge(o *Route) {
	if o.Requests == 0 {
		return
	}
	if r.Requests == 0 || o.First < r.First {
		r.First = o.First
	}
	r.Last = max(r.Last, o.Last)
	r.Requests += o.Requests
	for i := range r.Methods {
		r.Methods[i] += o.Methods[i]
	}
	for i := range r.Status {
		r.Status[i] += o.Status[i]
	}
	r.Bytes += o.Bytes
	r.NoTimeTaken += o.NoTimeTaken
	r.Latency.Merge(&o.Latency)
	r.Series.Merge(&o.Series)
	r.QueryKeys.Merge(&o.QueryKeys)
}

// Duration says how long a request is assumed to keep a Lambda busy.
type Duration struct {
	// Source is "time-taken" (each request's own CloudFront time-taken),
	// "p50", "p95", "p99" (the route's percentile for every request) or
	// "fixed".
	Source string
	// FixedMs is the duration for Source "fixed".
	FixedMs int64
}

// MsFor gives the per-request duration for a route under d, or -1 when each
// request's own time-taken is used.
func (d Duration) MsFor(r *Route) int64 {
	switch d.Source {
	case "fixed":
		return d.FixedMs
	case "p50":
		return r.Latency.Quantile(0.50)
	case "p95":
		return r.Latency.Quantile(0.95)
	case "p99":
		return r.Latency.Quantile(0.99)
	}
	return -1
}

// Concurrency of one second by Little's law: the sum of the durations of
// the requests in it, in seconds (perRequestMs < 0: their own durations).
func Concurrency(sec Second, perRequestMs int64) float64 {
	if perRequestMs >= 0 {
		return float64(sec.N) * float64(perRequestMs) / 1000
	}
	return float64(sec.Ms) / 1000
}

// Peaks are a route's busiest second and minute.
type Peaks struct {
	RPS             int64   `json:"peakRequestsPerSecond"`
	RPSAt           int64   `json:"peakSecondUnix"`
	RPM             int64   `json:"peakRequestsPerMinute"`
	RPMAt           int64   `json:"peakMinuteUnix"`
	Concurrency     float64 `json:"peakConcurrency"`
	ConcurrencyAt   int64   `json:"peakConcurrencySecondUnix"`
	ScalingPer10s   float64 `json:"maxConcurrencyRiseIn10s"`
	AssumedDuration int64   `json:"assumedDurationMs"` // -1: each request's time-taken
}

// Peaks computes the busiest second (requests and concurrency), the
// busiest minute and the steepest rise of concurrency within 10 seconds.
func (r *Route) Peaks(d Duration) Peaks {
	per := d.MsFor(r)
	p := Peaks{AssumedDuration: per}
	curMin, curN := int64(math.MinInt64), int64(0)
	type point struct {
		t int64
		c float64
	}
	var window []point // seconds of the last 10 s, for the scaling rise
	r.Series.Each(func(t int64, sec Second) {
		if int64(sec.N) > p.RPS {
			p.RPS, p.RPSAt = int64(sec.N), t
		}
		c := Concurrency(sec, per)
		if c > p.Concurrency {
			p.Concurrency, p.ConcurrencyAt = c, t
		}
		m := floorDiv(t, 60) * 60
		if m != curMin {
			curMin, curN = m, 0
		}
		curN += int64(sec.N)
		if curN > p.RPM {
			p.RPM, p.RPMAt = curN, m
		}
		// Rise within 10 s: from the lowest second in (t-10, t] (0 if a
		// second in it had no requests) to this one.
		low := c
		full := 0
		for len(window) > 0 && window[0].t <= t-10 {
			window = window[1:]
		}
		for _, w := range window {
			low = min(low, w.c)
			full++
		}
		if full < 9 {
			low = 0
		}
		p.ScalingPer10s = max(p.ScalingPer10s, c-low)
		window = append(window, point{t, c})
	})
	return p
}

// RequestCount is the number of requests (for the route tree's learning).
func (r *Route) RequestCount() int64 { return r.Requests }
