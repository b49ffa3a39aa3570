package parity

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/strangler-fig/strangler/planner/cflog"
)

// Config is one replay.
type Config struct {
	Sources   []cflog.Source
	Selector  *Selector
	Primary   Target // the monolith: asked twice per request, to learn noise
	Candidate Target // the migrated route
	// Rate bounds the requests replayed per second (each is two primary
	// calls and one candidate call); 0 is no bound.
	Rate float64
	// Max bounds the requests replayed in all; MaxPerRoute for each route
	// (0: no bound per route). Max must be positive: a replay always ends.
	Max, MaxPerRoute int
	Workers          int           // requests in flight (default 4)
	Timeout          time.Duration // per HTTP call (default 10 s)
	MaxBody          int64         // bytes of a body read (default 10 MiB)
	Headers          []string      // compared headers (DefaultHeaders when nil, "*" for all)
	Ignores          []Pattern     // locations never compared
	KeepLogEscapes   bool          // send path and query exactly as logged, %25 included
	Client           *http.Client  // default NewClient(Workers)
	// Progress, if set, is called after each compared or failed request.
	Progress func(done int)
}

// Report is the outcome of a replay.
type Report struct {
	Primary      string          `json:"primary"`
	Candidate    string          `json:"candidate"`
	Started      time.Time       `json:"started"`
	Elapsed      time.Duration   `json:"elapsedNs"`
	Logs         LogStats        `json:"logs"`
	Routes       []RouteReport   `json:"routes"`
	Problems     []cflog.Problem `json:"problems"` // the first ones: malformed lines, unreadable files
	ProblemCount int             `json:"problemCount"`
	Replayed     int             `json:"replayed"`
	Compared     int             `json:"compared"`
	Equal        int             `json:"equal"`
	Errors       int             `json:"errors"`
	Parity       float64         `json:"parityPercent"`
}

// maxProblems bounds the problems a report lists (all are counted).
const maxProblems = 100

// Run replays the selected logged requests and compares the answers. It
// stops by itself when the logs end or Max requests were replayed, or
// when ctx is cancelled (the report then covers what was replayed).
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if cfg.Selector == nil {
		return nil, fmt.Errorf("no routes selected")
	}
	if cfg.Max <= 0 {
		return nil, fmt.Errorf("max %d: bound the number of requests replayed with a positive count", cfg.Max)
	}
	if cfg.Rate < 0 {
		return nil, fmt.Errorf("rate %g: give requests per second, or 0 for no bound", cfg.Rate)
	}
	primary, err := prepare(cfg.Primary)
	if err != nil {
		return nil, err
	}
	candidate, err := prepare(cfg.Candidate)
	if err != nil {
		return nil, err
	}
	workers := max(cfg.Workers, 1)
	if cfg.Workers == 0 {
		workers = 4
	}
	client := cfg.Client
	if client == nil {
		client = NewClient(workers)
	}
	sender := &Sender{Client: client, MaxBody: cfg.MaxBody, Timeout: cfg.Timeout}
	comparer := NewComparer(cfg.Headers)
	ignores := patternSet{}
	for _, p := range cfg.Ignores {
		ignores.add(p)
	}

	rep := &Report{Primary: cfg.Primary.BaseURL, Candidate: cfg.Candidate.BaseURL, Started: time.Now()}
	tallies := map[string]*routeTally{}
	for _, t := range cfg.Selector.Templates() {
		tallies[t] = newRouteTally(t)
	}
	var probMu sync.Mutex
	problem := func(p cflog.Problem) {
		probMu.Lock()
		defer probMu.Unlock()
		rep.ProblemCount++
		if len(rep.Problems) < maxProblems {
			rep.Problems = append(rep.Problems, p)
		}
	}

	limit := rate.Inf
	if cfg.Rate > 0 {
		limit = rate.Limit(cfg.Rate)
	}
	limiter := rate.NewLimiter(limit, 1) // burst 1: requests evenly spaced
	queue := make(chan Request)
	var wg sync.WaitGroup
	var doneMu sync.Mutex
	done := 0
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range queue {
				replayOne(ctx, sender, comparer, &ignores, primary, candidate, tallies[r.Route], r)
				if cfg.Progress != nil {
					doneMu.Lock()
					done++
					n := done
					doneMu.Unlock()
					cfg.Progress(n)
				}
			}
		}()
	}
	sent := 0
	perRoute := map[string]int{}
	stats, readErr := ReadRequests(ctx, cfg.Sources, cfg.Selector, cfg.KeepLogEscapes, func(r Request) bool {
		if cfg.MaxPerRoute > 0 && perRoute[r.Route] >= cfg.MaxPerRoute {
			return true // keep reading for the other routes
		}
		if limiter.Wait(ctx) != nil {
			return false
		}
		select {
		case queue <- r:
		case <-ctx.Done():
			return false
		}
		perRoute[r.Route]++
		sent++
		return sent < cfg.Max && !allRoutesFull(cfg.MaxPerRoute, perRoute, len(tallies))
	}, problem)
	close(queue)
	wg.Wait()
	rep.Logs = stats
	rep.Elapsed = time.Since(rep.Started)
	for _, t := range cfg.Selector.Templates() {
		rr := tallies[t].report()
		rep.Routes = append(rep.Routes, rr)
		rep.Replayed += rr.Replayed
		rep.Compared += rr.Compared
		rep.Equal += rr.Equal
		rep.Errors += rr.Errors
	}
	rep.Parity = 100
	if rep.Compared > 0 {
		rep.Parity = 100 * float64(rep.Equal) / float64(rep.Compared)
	}
	if readErr != nil && ctx.Err() == nil {
		return rep, readErr
	}
	return rep, nil
}

func allRoutesFull(maxPerRoute int, perRoute map[string]int, routes int) bool {
	if maxPerRoute <= 0 || len(perRoute) < routes {
		return false
	}
	for _, n := range perRoute {
		if n < maxPerRoute {
			return false
		}
	}
	return true
}

// replayOne sends r to the primary, the candidate and the primary again
// (so time-dependent values of the candidate fall between the primary's
// two), learns noise from the primary pair and records what is left of
// the primary-versus-candidate differences.
func replayOne(ctx context.Context, s *Sender, c *Comparer, ignores *patternSet, primary, candidate *target, t *routeTally, r Request) {
	a, err := s.send(ctx, primary, r)
	if err != nil {
		t.recordError(r, err)
		return
	}
	b, err := s.send(ctx, candidate, r)
	if err != nil {
		t.recordError(r, err)
		return
	}
	a2, err := s.send(ctx, primary, r)
	if err != nil {
		t.recordError(r, err)
		return
	}
	noise := t.learn(c.Compare(a, a2))
	var kept []Difference
	ignored := 0
	for _, d := range c.Compare(a, b) {
		switch {
		case ignores.covers(d):
			ignored++
		case noise.covers(d):
		default:
			kept = append(kept, d)
		}
	}
	t.record(r, a, b, kept, ignored)
}
