package manifest_test

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/strangler-fig/strangler/manifest"
)

func TestFunctions(t *testing.T) {
	m := parse(t, doc(`
legacy:
  domainName: legacy-api.example.com
lambda:
  namePrefix: dev-
  memoryMiB: 512
lambdasDir: fns
routes:
  - path: /products
    methods: [GET, HEAD]
    function: api-products
    reservedConcurrency: 10
    environment: {TABLE: products}
  - path: /user/{id}
  - path: /user/{id}/orders
    target: legacy
  - path: /products/{id}
    function: api-products
    target: legacy
    reservedConcurrency: 10
    environment: {TABLE: products}
`))
	fs := m.Functions()
	var names []string
	for _, f := range fs {
		names = append(names, f.Name)
	}
	// In order of first appearance, each once; the legacy route without a
	// function has none, the rolled-back one keeps its function.
	if want := []string{"api-products", "api-user-id"}; !reflect.DeepEqual(names, want) {
		t.Fatalf("functions = %v, want %v", names, want)
	}
	p := fs[0]
	if p.FunctionName != "dev-api-products" {
		t.Errorf("FunctionName = %q, want dev-api-products", p.FunctionName)
	}
	if want := filepath.Join("fns", "api-products"); p.Dir != want {
		t.Errorf("Dir = %q, want %q", p.Dir, want)
	}
	if p.MemoryMiB != 512 || p.TimeoutSeconds != 29 || p.LogRetentionDays != 30 {
		t.Errorf("memory, timeout, log retention = %d, %d, %d; want 512, 29, 30", p.MemoryMiB, p.TimeoutSeconds, p.LogRetentionDays)
	}
	if p.ReservedConcurrency == nil || *p.ReservedConcurrency != 10 {
		t.Errorf("ReservedConcurrency = %v, want 10", p.ReservedConcurrency)
	}
	if !reflect.DeepEqual(p.Environment, map[string]string{"TABLE": "products"}) {
		t.Errorf("Environment = %v", p.Environment)
	}
	if len(p.Routes) != 2 || p.Routes[0] != &m.Routes[0] || p.Routes[1] != &m.Routes[3] {
		t.Errorf("api-products routes are not routes[0] and routes[3]")
	}
	if u := fs[1]; u.FunctionName != "dev-api-user-id" || len(u.Routes) != 1 || u.Routes[0].Path != "/user/{id}" {
		t.Errorf("api-user-id = %+v", u)
	}
}

func TestEdgeBehaviors(t *testing.T) {
	m := parse(t, withRoutes(`
  - path: /products
    methods: [GET, HEAD]
    cache: public
    cacheQueryKeys: [size, page]
    auth: none
    cacheTtlSeconds: 300
  - path: /user/{id}
    methods: [GET, PUT]
    cache: per-token
    cacheQueryKeys: []
  - path: /user/{id}/orders
    target: legacy
  - path: /files/{proxy+}
    methods: [ANY]
  - path: /about
    target: legacy
  - path: /users/{id}
    target: legacy
  - path: /products/{id}
    target: legacy
  - path: /{tenant}/reports
  - path: /acme/reports
    target: legacy
  - path: /acme/reports/{id}
    target: legacy
`))
	bs, errs := m.EdgeBehaviors()
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	want := []manifest.EdgeBehavior{
		// A legacy route whose paths a lambda pattern would also match gets
		// its own behaviour back to the monolith, ordered as API Gateway
		// ranks routes: literal segments before parameters, longer first.
		{Pattern: "/acme/reports/*", Target: "legacy", Cache: "none", Methods: []string{"GET"}, Paths: []string{"/acme/reports/{id}"}},
		{Pattern: "/acme/reports", Target: "legacy", Cache: "none", Methods: []string{"GET"}, Paths: []string{"/acme/reports"}},
		{Pattern: "/files/*", Target: "lambda", Cache: "none", Methods: []string{"ANY"}, Paths: []string{"/files/{proxy+}"}},
		{Pattern: "/products/*", Target: "legacy", Cache: "none", Methods: []string{"GET"}, Paths: []string{"/products/{id}"}},
		{Pattern: "/products", Target: "lambda", Cache: "public", CacheTTLSeconds: 300, CacheQueryKeys: []string{"page", "size"}, Methods: []string{"GET", "HEAD"}, Paths: []string{"/products"}},
		{Pattern: "/user/*/orders", Target: "legacy", Cache: "none", Methods: []string{"GET"}, Paths: []string{"/user/{id}/orders"}},
		{Pattern: "/user/*", Target: "lambda", Cache: "per-token", CacheTTLSeconds: 60, CacheQueryKeys: []string{}, Methods: []string{"GET", "PUT"}, Paths: []string{"/user/{id}"}},
		{Pattern: "/users/*", Target: "legacy", Cache: "none", Methods: []string{"GET"}, Paths: []string{"/users/{id}"}},
		{Pattern: "/*/reports", Target: "lambda", Cache: "none", Methods: []string{"GET"}, Paths: []string{"/{tenant}/reports"}},
	}
	// /about overlaps no lambda pattern, so the default behaviour (the
	// monolith) takes it. CloudFront's * also matches /, so /products/*,
	// /users/* and /acme/reports/* overlap /*/reports (e.g. /users/reports)
	// and keep their own legacy behaviours.
	if !reflect.DeepEqual(bs, want) {
		t.Errorf("EdgeBehaviors =\n%s\nwant\n%s", formatBehaviors(bs), formatBehaviors(want))
	}
	var patterns []string
	for _, b := range want {
		patterns = append(patterns, b.Pattern)
	}
	if got := m.EdgePatterns(); !reflect.DeepEqual(got, patterns) {
		t.Errorf("EdgePatterns = %q, want %q", got, patterns)
	}
}

// TestEdgeBehaviorsMerge: routes that share a pattern share a behaviour,
// with the union of their methods and all their paths. A checked manifest
// never has two such routes (they are duplicates or sibling conflicts),
// so the manifest is built by hand.
func TestEdgeBehaviorsMerge(t *testing.T) {
	m := &manifest.Manifest{Routes: []manifest.Route{
		{Path: "/a/{id}", Methods: []string{"GET", "HEAD"}, Target: "lambda", Cache: "none"},
		{Path: "/a/{x}", Methods: []string{"POST", "GET"}, Target: "lambda", Cache: "none"},
		{Path: "/a/{x}/b", Methods: []string{"GET"}, Target: "legacy", Cache: "none"},
		{Path: "/a/{y}/b", Methods: []string{"DELETE"}, Target: "legacy", Cache: "none"},
		{Path: "not a template", Methods: []string{"GET"}, Target: "lambda", Cache: "none"},
	}}
	bs, errs := m.EdgeBehaviors()
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	want := []manifest.EdgeBehavior{
		{Pattern: "/a/*/b", Target: "legacy", Cache: "none", Methods: []string{"GET", "DELETE"}, Paths: []string{"/a/{x}/b", "/a/{y}/b"}},
		{Pattern: "/a/*", Target: "lambda", Cache: "none", Methods: []string{"GET", "HEAD", "POST"}, Paths: []string{"/a/{id}", "/a/{x}"}},
	}
	if !reflect.DeepEqual(bs, want) {
		t.Errorf("EdgeBehaviors =\n%s\nwant\n%s", formatBehaviors(bs), formatBehaviors(want))
	}
}

func TestEdgeBehaviorsConflicts(t *testing.T) {
	ttl := func(n int) *int { return &n }
	tests := []struct {
		name   string
		routes []manifest.Route
		want   string
	}{
		{"different targets", []manifest.Route{
			{Path: "/a/{id}", Target: "lambda", Cache: "none"},
			{Path: "/a/{x}", Target: "legacy", Cache: "none"},
		}, "/a/{id} and /a/{x} both need the CloudFront path pattern /a/* but one goes to lambda and one to legacy; CloudFront cannot tell them apart, so give both the same target"},
		{"different cache", []manifest.Route{
			{Path: "/a/{id}", Target: "lambda", Cache: "none"},
			{Path: "/a/{x}", Target: "lambda", Cache: "public", CacheTTLSeconds: ttl(60)},
		}, "/a/{id} and /a/{x} share the CloudFront path pattern /a/* but ask for different cache settings; give them the same cache, cacheTtlSeconds and cacheQueryKeys"},
		{"different TTL", []manifest.Route{
			{Path: "/a/{id}", Target: "lambda", Cache: "public", CacheTTLSeconds: ttl(60)},
			{Path: "/a/{x}", Target: "lambda", Cache: "public", CacheTTLSeconds: ttl(30)},
		}, "/a/{id} and /a/{x} share the CloudFront path pattern /a/* but ask for different cache settings; give them the same cache, cacheTtlSeconds and cacheQueryKeys"},
		{"different query keys", []manifest.Route{
			{Path: "/a/{id}", Target: "lambda", Cache: "public", CacheTTLSeconds: ttl(60), CacheQueryKeys: manifest.QueryKeys{"page"}},
			{Path: "/a/{x}", Target: "lambda", Cache: "public", CacheTTLSeconds: ttl(60), CacheQueryKeys: manifest.QueryKeys{"size"}},
		}, "/a/{id} and /a/{x} share the CloudFront path pattern /a/* but ask for different cache settings; give them the same cache, cacheTtlSeconds and cacheQueryKeys"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := &manifest.Manifest{Routes: tt.routes}
			bs, errs := m.EdgeBehaviors()
			if len(errs) != 1 || errs[0].Error() != tt.want {
				t.Errorf("errors = %v\nwant [%s]", errs, tt.want)
			}
			if len(bs) != 1 || !reflect.DeepEqual(bs[0].Paths, []string{"/a/{id}"}) {
				t.Errorf("the conflicting route must stay out of the behaviour: %s", formatBehaviors(bs))
			}
		})
	}
}

// TestEdgeOrder: patterns are in routing.MoreSpecific order where that
// routes every path right. Here /{proxy+} (public) owns /a/1/c/2/3, which
// /a/*/c/* (per-token) would take, /b/1/2/e, which /b/*/e would take, and
// /a/1/2, which /a/* would take:
// the greedy route's deeper levels go first ("/*/*/*/*/*", "/*/*/*/*",
// "/*/*/*"). (One pattern per route, as before, sent those to the wrong cache.)
func TestEdgeOrder(t *testing.T) {
	// A cache setting per route, so no behaviour merges into a wider one.
	m := parse(t, withRoutes(`
  - path: /{proxy+}
    cache: public
    cacheQueryKeys: []
    auth: none
  - path: /a
  - path: /bb
  - path: /a/{id}
  - path: /a/{id}/c/{x}
    cache: per-token
    cacheQueryKeys: []
  - path: /a/{id}/c/d
  - path: /b/{id}/e
  - path: /b/{id}/ee
  - path: /c/d/e
`))
	want := []string{
		"/*/*/*/*/*", "/a/*/c/d", "/a/*/c/*", "/a", "/bb", "/c/d/e",
		"/*/*/*/*", "/b/*/e", "/b/*/ee", "/*/*/*", "/a/*", "/*",
	}
	if got := m.EdgePatterns(); !reflect.DeepEqual(got, want) {
		t.Errorf("EdgePatterns =\n%q\nwant\n%q", got, want)
	}
}

func formatBehaviors(bs []manifest.EdgeBehavior) string {
	var b strings.Builder
	for _, e := range bs {
		b.WriteString("\t" + e.Pattern + " -> " + e.Target + " cache=" + e.Cache +
			" methods=" + strings.Join(e.Methods, ",") + " paths=" + strings.Join(e.Paths, ",") + "\n")
	}
	return b.String()
}

// TestEdgeRouting sends concrete request paths through the behaviours as
// CloudFront does (first matching pattern wins, "*" matches any run of
// characters, "/" included; no match: the default behaviour, the monolith)
// and checks each reaches the target of the route API Gateway would pick.
func TestEdgeRouting(t *testing.T) {
	tests := []struct {
		name   string
		routes string
		want   map[string]string // request path -> target
	}{
		{"repository routes.yaml", `
  - path: /user/{id}
  - path: /user/{id}/orders
    target: legacy
  - path: /products
  - path: /products/{id}
    target: legacy
`, map[string]string{
			"/user/1":         "lambda",
			"/user/1/orders":  "legacy",
			"/user/1/profile": "lambda", // /user/* swallows it: API Gateway answers 404, not the monolith
			"/products":       "lambda",
			"/products/1":     "legacy",
			"/other":          "legacy",
			"/users/1":        "legacy",
			"/user":           "legacy",
		}},
		{"greedy lambda with legacy exceptions", `
  - path: /api/{proxy+}
  - path: /api/v1/legacy/{id}
    target: legacy
  - path: /api/health
    target: legacy
`, map[string]string{
			"/api/x":             "lambda",
			"/api/v1/legacy/7":   "legacy",
			"/api/health":        "legacy",
			"/api/v1/legacy":     "lambda",
			"/api/healthz":       "lambda",
			"/api/v1/other/7":    "lambda",
			"/apix":              "legacy",
			"/api/health/deeper": "lambda",
		}},
		{"a parameter first segment beside a legacy literal", `
  - path: /{tenant}/reports
  - path: /files/{proxy+}
    target: legacy
`, map[string]string{
			"/acme/reports": "lambda",
			"/files/a.txt":  "legacy",
			// API Gateway picks /files/{proxy+} (a literal first segment
			// beats {tenant}), so the monolith's /files/* goes first.
			"/files/reports": "legacy",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := parse(t, withRoutes(tt.routes))
			bs, errs := m.EdgeBehaviors()
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			for path, want := range tt.want {
				got := manifest.TargetLegacy
				for _, b := range bs {
					if cloudFrontMatch(b.Pattern, path) {
						got = b.Target
						break
					}
				}
				if got != want {
					t.Errorf("%s goes to %s, want %s; behaviours:\n%s", path, got, want, formatBehaviors(bs))
				}
			}
		})
	}
}

// cloudFrontMatch is CloudFront's path pattern match: "*" is any run of
// characters, "?" one character, everything else literal.
func cloudFrontMatch(pattern, s string) bool {
	if pattern == "" {
		return s == ""
	}
	switch pattern[0] {
	case '*':
		for i := 0; i <= len(s); i++ {
			if cloudFrontMatch(pattern[1:], s[i:]) {
				return true
			}
		}
		return false
	case '?':
		return s != "" && cloudFrontMatch(pattern[1:], s[1:])
	}
	return s != "" && s[0] == pattern[0] && cloudFrontMatch(pattern[1:], s[1:])
}
