package manifest

import (
	"fmt"

	"path/filepath"
	"slices"
	"sort"
	"strings"
)

// Function is one Lambda, with the routes it serves.
type Function struct {
	Name                string // as in the manifest, e.g. "api-user-id"
	FunctionName        string // deployed name: lambda.namePrefix + Name
	Dir                 string // the Go main package to build
	MemoryMiB           int
	TimeoutSeconds      int
	ReservedConcurrency *int
	LogRetentionDays    int
	Environment         map[string]string
	Secrets             map[string]string
	Rollout             string // one of Rollouts: how a new version takes traffic
	Stack               string // the nested stack holding the function and its routes' API methods
	Routes              []*Route
}

// Functions lists the Lambdas the routes need, in the order they first appear.
func (m *Manifest) Functions() []*Function {
	var out []*Function
	byName := map[string]*Function{}
	for i := range m.Routes {
		r := &m.Routes[i]
		if r.Function == "" {
			continue // a legacy route that only keeps its path on the monolith
		}
		if f, ok := byName[r.Function]; ok {
			f.Routes = append(f.Routes, r)
			continue
		}
		f := &Function{
			Name:                r.Function,
			FunctionName:        m.Lambda.NamePrefix + r.Function,
			Dir:                 m.functionDir(r.Function),
			MemoryMiB:           *r.MemoryMiB,
			TimeoutSeconds:      *r.TimeoutSeconds,
			ReservedConcurrency: r.ReservedConcurrency,
			LogRetentionDays:    m.Lambda.LogRetentionDays,
			Environment:         r.Environment,
			Secrets:             r.Secrets,
			Rollout:             r.Rollout,
			Stack:               r.Stack,
			Routes:              []*Route{r},
		}
		byName[r.Function] = f
		out = append(out, f)
	}
	return out
}

// functionDir is where a function's Go package is: LambdasDir, relative to
// the manifest's folder unless absolute.
func (m *Manifest) functionDir(name string) string {
	if filepath.IsAbs(m.LambdasDir) {
		return filepath.Join(m.LambdasDir, name)
	}
	return filepath.Join(m.dir, m.LambdasDir, name)
}

// EdgeBehavior is one CloudFront cache behaviour the routes need.
type EdgeBehavior struct {
	// Pattern is CloudFront's path pattern, e.g. "/user/*".
	Pattern string
	// Target is TargetLambda (to API Gateway) or TargetLegacy (to the monolith).
	Target string
	// Cache and CacheTTLSeconds of the routes behind it (lambda target only).
	Cache           string
	CacheTTLSeconds int
	// Methods served by the routes behind it.
	Methods []string
	// Paths are the route templates that share this pattern.
	Paths []string
}

// EdgeBehaviors lists the CloudFront behaviours the routes need, most
// specific first (CloudFront takes the first pattern that matches), with
// the behaviours a wider one already handles the same way merged into it
// (see mergeCovered).
//
// A route with target lambda gets a behaviour to API Gateway. A route with
// target legacy needs none (the monolith is the default behaviour) unless a
// migrated pattern would swallow its paths: "/user/*" for /user/{id} also
// matches /user/1/orders, so a legacy /user/{id}/orders gets its own
// behaviour back to the monolith, placed before.
func (m *Manifest) EdgeBehaviors() ([]EdgeBehavior, []error) {
	bs, errs := m.edgeBehaviors()
	return mergeCovered(bs), errs
}

// edgeBehaviors is one behaviour per distinct pattern, in CloudFront's order.
func (m *Manifest) edgeBehaviors() ([]EdgeBehavior, []error) {
	var errs []error
	byPattern := map[string]*EdgeBehavior{}
	var order []string
	add := func(r *Route, pattern string) {
		b, ok := byPattern[pattern]
		if !ok {
			b = &EdgeBehavior{Pattern: pattern, Target: r.Target, Cache: r.Cache}
			if r.CacheTTLSeconds != nil {
				b.CacheTTLSeconds = *r.CacheTTLSeconds
			}
			byPattern[pattern] = b
			order = append(order, pattern)
		} else if b.Target != r.Target {
			errs = append(errs, fmt.Errorf("%s and %s both need the CloudFront path pattern %s but one goes to %s and one to %s; CloudFront cannot tell them apart, so give both the same target", b.Paths[0], r.Path, pattern, b.Target, r.Target))
			return
		} else if r.Target == TargetLambda && (b.Cache != r.Cache || (r.CacheTTLSeconds != nil && b.CacheTTLSeconds != *r.CacheTTLSeconds)) {
			errs = append(errs, fmt.Errorf("%s and %s share the CloudFront path pattern %s but ask for different cache settings; give them the same cache and cacheTtlSeconds", b.Paths[0], r.Path, pattern))
			return
		}
		b.Paths = append(b.Paths, r.Path)
		for _, meth := range r.Methods {
			if !slices.Contains(b.Methods, meth) {
				b.Methods = append(b.Methods, meth)
			}
		}
	}
	var lambdaPatterns []string
	for i := range m.Routes {
		r := &m.Routes[i]
		t, err := ParseTemplate(r.Path)
		if err != nil || r.Target != TargetLambda {
			continue
		}
		add(r, t.EdgePattern())
		lambdaPatterns = append(lambdaPatterns, t.EdgePattern())
	}
	for i := range m.Routes {
		r := &m.Routes[i]
		t, err := ParseTemplate(r.Path)
		if err != nil || r.Target != TargetLegacy {
			continue
		}
		p := t.EdgePattern()
		for _, lp := range lambdaPatterns {
			if patternsOverlap(lp, p) {
				add(r, p)
				break
			}
		}
	}
	out := make([]EdgeBehavior, 0, len(order))
	for _, p := range order {
		out = append(out, *byPattern[p])
	}
	sort.SliceStable(out, func(i, j int) bool { return moreSpecific(out[i].Pattern, out[j].Pattern) })
	return out, errs
}

// mergeCovered drops each behaviour whose paths would anyway reach the same
// origin with the same caching: when a later pattern covers it
// ("/svc/*" covers "/svc/*/items") with the same target and cache, and no
// pattern in between could take any of its paths. Its routes and methods
// move to the covering behaviour. This groups routes by prefix without
// changing where any request goes, so 150 routes need a few dozen
// behaviours, not 150.
func mergeCovered(bs []EdgeBehavior) []EdgeBehavior {
	for i := len(bs) - 2; i >= 0; i-- {
		for j := i + 1; j < len(bs); j++ {
			if !patternsOverlap(bs[i].Pattern, bs[j].Pattern) {
				continue
			}
			// The first later pattern that can take one of i's paths decides.
			if covers(bs[j].Pattern, bs[i].Pattern) && sameHandling(bs[i], bs[j]) {
				bs[j].Paths = append(bs[i].Paths, bs[j].Paths...)
				for _, m := range bs[i].Methods {
					if !slices.Contains(bs[j].Methods, m) {
						bs[j].Methods = append(bs[j].Methods, m)
					}
				}
				bs = slices.Delete(bs, i, i+1)
			}
			break
		}
	}
	return bs
}

// covers reports whether every path matching pattern inner also matches
// outer. outer has no literal "*", so an inner "*" can only be taken by an
// outer one, which takes any run: outer matching inner's text, with its *
// read as a character, says it.
func covers(outer, inner string) bool {
	return globMatch(outer, inner)
}

// globMatch matches s against pattern, where * is any run of characters,
// in O(len(pattern)*len(s)): on a mismatch, only the last * backtracks.
func globMatch(pattern, s string) bool {
	p, i := 0, 0
	star, mark := -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case p < len(pattern) && pattern[p] == s[i]:
			p++
			i++
		case star >= 0:
			p = star + 1
			mark++
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

func sameHandling(a, b EdgeBehavior) bool {
	return a.Target == b.Target && a.Cache == b.Cache && a.CacheTTLSeconds == b.CacheTTLSeconds
}

// EdgePatterns lists the patterns of EdgeBehaviors.
func (m *Manifest) EdgePatterns() []string {
	bs, _ := m.EdgeBehaviors()
	out := make([]string, len(bs))
	for i, b := range bs {
		out[i] = b.Pattern
	}
	return out
}

// patternsOverlap reports whether some path matches both CloudFront
// patterns (where * matches any run of characters, / included): then a
// legacy route needs its own behaviour, or the migrated pattern takes its
// traffic.
func patternsOverlap(a, b string) bool {
	memo := map[[2]int]bool{}
	var rec func(i, j int) bool
	rec = func(i, j int) bool {
		k := [2]int{i, j}
		if v, ok := memo[k]; ok {
			return v
		}
		var r bool
		switch {
		case i == len(a) && j == len(b):
			r = true
		case i < len(a) && a[i] == '*':
			r = rec(i+1, j) || (j < len(b) && rec(i, j+1))
		case j < len(b) && b[j] == '*':
			r = rec(i, j+1) || (i < len(a) && rec(i+1, j))
		case i < len(a) && j < len(b) && a[i] == b[j]:
			r = rec(i+1, j+1)
		}
		memo[k] = r
		return r
	}
	return rec(0, 0)
}

// moreSpecific orders patterns as API Gateway ranks its routes, since
// CloudFront takes the first pattern that matches: segment by segment, a
// literal before a parameter (*), and a longer pattern before its prefix.
// It is a lexicographic order over segments, so a total one.
func moreSpecific(a, b string) bool {
	as, bs := strings.Split(a, "/"), strings.Split(b, "/")
	for i := 0; i < len(as) || i < len(bs); i++ {
		switch {
		case i == len(as):
			return false // b is longer: b first
		case i == len(bs):
			return true
		case as[i] == bs[i]:
			continue
		case as[i] == "*":
			return false
		case bs[i] == "*":
			return true
		default:
			return as[i] < bs[i]
		}
	}
	return false
}
