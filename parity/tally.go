package parity

import (
	"sort"
	"sync"
)

// maxKindsPerRoute bounds the distinct (kind, location) rows kept for one
// route, so memory stays flat over any number of requests; the rest are
// counted under one "other" row.
const maxKindsPerRoute = 200

// Example is one request that showed a difference, with both answers'
// relevant parts.
type Example struct {
	Method    string `json:"method"`
	Path      string `json:"path"`
	Query     string `json:"query,omitempty"`
	Source    string `json:"source"` // file:line in the logs
	Primary   string `json:"primary"`
	Candidate string `json:"candidate"`
	// Status of each answer, for context.
	PrimaryStatus   int `json:"primaryStatus"`
	CandidateStatus int `json:"candidateStatus"`
}

// KindCount is one kind of difference at one location on one route.
type KindCount struct {
	Kind     Kind    `json:"kind"`
	Where    string  `json:"where"` // the location, array indices as "*"
	To       string  `json:"to,omitempty"`
	Cosmetic bool    `json:"cosmetic"`
	Requests int     `json:"requests"` // requests that showed it
	Example  Example `json:"example"`  // the first of them
}

// NoiseCount is a location where the two primary answers differed.
type NoiseCount struct {
	Where    string `json:"where"`
	Requests int    `json:"requests"`
}

// RouteReport is the outcome for one route.
type RouteReport struct {
	Route      string        `json:"route"`
	Replayed   int           `json:"replayed"` // requests sent
	Errors     int           `json:"errors"`   // requests with a side that gave no answer (not compared)
	Compared   int           `json:"compared"`
	Equal      int           `json:"equal"`         // compared without a difference that counts
	Parity     float64       `json:"parityPercent"` // Equal / Compared × 100; 100 when nothing was compared
	Kinds      []KindCount   `json:"differences"`   // most frequent first
	Noise      []NoiseCount  `json:"noise"`         // dropped, learned from primary vs primary
	Ignored    int           `json:"ignoredDifferences"`
	FirstError *ErrorExample `json:"firstError,omitempty"`
}

// ErrorExample is a request that could not be compared.
type ErrorExample struct {
	Method string `json:"method"`
	Target string `json:"target"`
	Source string `json:"source"`
	Error  string `json:"error"`
}

// routeTally accumulates one route's outcome; safe for concurrent use.
type routeTally struct {
	mu     sync.Mutex
	rep    RouteReport
	kinds  map[string]*KindCount
	noise  patternSet
	noiseN map[string]int
}

func newRouteTally(route string) *routeTally {
	return &routeTally{rep: RouteReport{Route: route}, kinds: map[string]*KindCount{}, noiseN: map[string]int{}}
}

// noiseSnapshot returns the patterns learned so far, to filter with
// outside the lock.
func (t *routeTally) learn(primaryDiffs []Difference) patternSet {
	t.mu.Lock()
	defer t.mu.Unlock()
	seen := map[string]bool{}
	for _, d := range primaryDiffs {
		p := noiseOf(d)
		if seen[p.text] {
			continue
		}
		seen[p.text] = true
		if t.noise.len() < maxKindsPerRoute || t.noise.have[p.text] {
			t.noise.add(p)
			t.noiseN[p.text]++
		}
	}
	return patternSet{list: append([]Pattern(nil), t.noise.list...), have: nil}
}

func (t *routeTally) recordError(r Request, err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.rep.Replayed++
	t.rep.Errors++
	if t.rep.FirstError == nil {
		t.rep.FirstError = &ErrorExample{Method: r.Method, Target: r.Target(), Source: r.Source, Error: err.Error()}
	}
}

// record adds one compared request with its differences left after
// ignores and noise; ignored counts those dropped by the user's ignores.
func (t *routeTally) record(r Request, a, b Answer, diffs []Difference, ignored int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.rep.Replayed++
	t.rep.Compared++
	t.rep.Ignored += ignored
	counts := true
	seen := map[string]bool{}
	for _, d := range diffs {
		if !d.Kind.Cosmetic() {
			counts = false
		}
		where := noiseOf(Difference{Where: d.Where}).text
		to := ""
		if d.To != "" {
			to = noiseOf(Difference{Where: d.To}).text
		}
		key := string(d.Kind) + "\x00" + where + "\x00" + to
		if seen[key] {
			continue // one request counts once per row
		}
		seen[key] = true
		k := t.kinds[key]
		if k == nil {
			if len(t.kinds) >= maxKindsPerRoute {
				key = string(d.Kind) + "\x00(other locations)\x00"
				where, to = "(other locations)", ""
				k = t.kinds[key]
			}
			if k == nil {
				k = &KindCount{Kind: d.Kind, Where: where, To: to, Cosmetic: d.Kind.Cosmetic(),
					Example: Example{Method: r.Method, Path: r.Path, Query: r.Query, Source: r.Source,
						Primary: d.Primary, Candidate: d.Candidate, PrimaryStatus: a.Status, CandidateStatus: b.Status}}
				t.kinds[key] = k
			}
		}
		k.Requests++
	}
	if counts {
		t.rep.Equal++
	}
}

// report gives the route's outcome, rows most frequent first.
func (t *routeTally) report() RouteReport {
	t.mu.Lock()
	defer t.mu.Unlock()
	r := t.rep
	r.Parity = 100
	if r.Compared > 0 {
		r.Parity = 100 * float64(r.Equal) / float64(r.Compared)
	}
	r.Kinds = nil
	for _, k := range t.kinds {
		r.Kinds = append(r.Kinds, *k)
	}
	sort.Slice(r.Kinds, func(i, j int) bool {
		a, b := r.Kinds[i], r.Kinds[j]
		if a.Cosmetic != b.Cosmetic {
			return !a.Cosmetic
		}
		if a.Requests != b.Requests {
			return a.Requests > b.Requests
		}
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		return a.Where < b.Where
	})
	r.Noise = nil
	for _, p := range t.noise.list {
		r.Noise = append(r.Noise, NoiseCount{Where: p.text, Requests: t.noiseN[p.text]})
	}
	sort.SliceStable(r.Noise, func(i, j int) bool { return r.Noise[i].Requests > r.Noise[j].Requests })
	return r
}
