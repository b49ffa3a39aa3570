package manifest

import (
	"fmt"
	"path/filepath"
	"slices"

	"github.com/strangler-fig/strangler/routing"
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
	// CacheQueryKeys of the routes behind it (cached lambda target only).
	CacheQueryKeys []string
	// Methods served by the routes behind it.
	Methods []string
	// Paths are the route templates some of whose requests it takes.
	Paths []string
	// CORS of the routes behind it (lambda target only; nil for none).
	CORS *CORS
}

// EdgeBehaviors lists the CloudFront behaviours the routes need, in
// CloudFront's order (the first pattern that matches wins), planned by
// routing.Plan: every request path that matches a route's template gets
// the target and cache of the route API Gateway would pick for it (a
// literal segment before a {parameter} before a greedy {name+}), and a path
// that matches no route goes to the monolith unless a migrated route's
// pattern (its template with * per parameter: CloudFront's * also matches
// /) covers it. docs/routing.md has the rules and their cost in behaviours.
//
// A route with target legacy needs no behaviour (the monolith is the
// default) unless a migrated pattern would take its paths: "/user/*" for
// /user/{id} also matches /user/1/orders, so a legacy /user/{id}/orders
// gets its own behaviour back to the monolith, placed before.
func (m *Manifest) EdgeBehaviors() ([]EdgeBehavior, []error) {
	rules, routes, errs := m.edgeRules()
	planned, err := routing.Plan(rules, edgeHandling(TargetLegacy, "", 0))
	if err != nil {
		return nil, append(errs, err)
	}
	out := make([]EdgeBehavior, 0, len(planned))
	for _, p := range planned {
		b := EdgeBehavior{Pattern: p.Pattern, Target: TargetLegacy, Cache: CacheNone}
		for _, i := range p.Rules {
			for _, r := range routes[i] {
				if len(b.Paths) == 0 && r.Target == TargetLambda {
					b.Target, b.Cache, b.CORS = r.Target, r.Cache, r.CORS
					if r.CacheTTLSeconds != nil {
						b.CacheTTLSeconds = *r.CacheTTLSeconds
					}
					if r.Cache != CacheNone {
						b.CacheQueryKeys = cacheQueryKeys(r)
					}
				} else if len(b.Paths) == 0 && r.Via == ViaAPIGateway {
					b.Target = TargetLambda // API Gateway, uncached, as the monolith's default behaviour
				}
				b.Paths = append(b.Paths, r.Path)
				methods := r.Methods
				if r.Via == ViaAPIGateway {
					methods = []string{"ANY"} // the monolith's path: every method, as its default behaviour allows
				}
				for _, meth := range methods {
					if !slices.Contains(b.Methods, meth) {
						b.Methods = append(b.Methods, meth)
					}
				}
			}
		}
		out = append(out, b)
	}
	return out, errs
}

// edgeRules are the routes as routing sees them, in manifest order, with
// the routes behind each (several only for one path written twice, which
// Load refuses); two routes that need one CloudFront pattern with
// different handling are reported and the second left out.
func (m *Manifest) edgeRules() ([]routing.Rule, [][]*Route, []error) {
	var rules []routing.Rule
	var routes [][]*Route
	byShape := map[string]int{}
	var errs []error
	byPattern := map[string]*Route{}
	for i := range m.Routes {
		r := &m.Routes[i]
		t, err := ParseTemplate(r.Path)
		if err != nil {
			continue
		}
		h := routeHandling(r)
		if o, ok := byPattern[t.EdgePattern()]; ok {
			switch {
			case o.Target != r.Target:
				errs = append(errs, fmt.Errorf("%s and %s both need the CloudFront path pattern %s but one goes to %s and one to %s; CloudFront cannot tell them apart, so give both the same target", o.Path, r.Path, t.EdgePattern(), o.Target, r.Target))
				continue
			case o.CORS.key() != r.CORS.key():
				errs = append(errs, fmt.Errorf("%s and %s share the CloudFront path pattern %s (one response headers policy) but ask for different CORS; give them the same cors", o.Path, r.Path, t.EdgePattern()))
				continue
			case routeHandling(o) != h:
				errs = append(errs, fmt.Errorf("%s and %s share the CloudFront path pattern %s but ask for different cache settings; give them the same cache, cacheTtlSeconds and cacheQueryKeys", o.Path, r.Path, t.EdgePattern()))
				continue
			}
		} else {
			byPattern[t.EdgePattern()] = r
		}
		if k, ok := byShape[t.Shape()]; ok {
			routes[k] = append(routes[k], r)
			continue
		}
		byShape[t.Shape()] = len(rules)
		rules = append(rules, routing.Rule{Template: t, Handling: h})
		routes = append(routes, []*Route{r})
	}
	return rules, routes, errs
}

// routeHandling says how CloudFront treats a route's requests: routes
// with the same one may share a behaviour.
func routeHandling(r *Route) string {
	if r.Via == ViaAPIGateway {
		// API Gateway's HTTP proxy route takes it to the monolith, uncached
		// as the default behaviour is: CloudFront treats it as a migrated
		// route without a cache.
		return edgeHandling(TargetLambda, CacheNone, 0)
	}
	if r.Target != TargetLambda {
		return edgeHandling(TargetLegacy, "", 0)
	}
	ttl := 0
	if r.CacheTTLSeconds != nil && r.Cache != CacheNone {
		ttl = *r.CacheTTLSeconds
	}
	return edgeHandling(r.Target, r.Cache, ttl) + cacheKeyHandling(r) + r.CORS.key()
}

func edgeHandling(target, cache string, ttl int) string {
	if target != TargetLambda {
		return TargetLegacy
	}
	if cache == "" {
		cache = CacheNone
	}
	return fmt.Sprintf("%s cache=%s ttl=%d", target, cache, ttl)
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
