package manifest_test

import (
	"slices"
	"testing"

	"github.com/strangler-fig/strangler/manifest"
)

// A monolith path under a migrated prefix costs a CloudFront behaviour of
// its own, unless it goes to the monolith through API Gateway: then
// CloudFront treats it as the uncached migrated routes beside it.
func TestViaAPIGatewaySavesTheBehaviour(t *testing.T) {
	routes := func(via string) string {
		return withRoutes(`
  - path: /users/{userId}
    cache: per-token
    cacheQueryKeys: []
  - path: /users/{userId}/orders
  - path: /users/{userId}/orders/{orderId}
  - path: /users/{userId}/consents
    target: legacy` + via + `
`)
	}
	// Via CloudFront: /users/*/consents back to the monolith, and a
	// pattern ahead of it for /users/1/orders/consents (an order whose id
	// is "consents"), one for /users/1/orders, one for /users/1.
	cf := parse(t, routes(""))
	if got := cf.EdgePatterns(); len(got) != 4 || !slices.Contains(got, "/users/*/consents") {
		t.Errorf("via cloudfront: %q, want 4 patterns with /users/*/consents", got)
	}
	ag := parse(t, routes("\n    via: api-gateway"))
	bs, errs := ag.EdgeBehaviors()
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if got, want := ag.EdgePatterns(), []string{"/users/*/*", "/users/*"}; !slices.Equal(got, want) {
		t.Fatalf("via api-gateway: %q, want %q", got, want)
	}
	if b := bs[0]; b.Target != manifest.TargetLambda || b.Cache != manifest.CacheNone || !slices.Contains(b.Paths, "/users/{userId}/consents") {
		t.Errorf("/users/*/* = %+v: want API Gateway, uncached, taking /users/{userId}/consents", b)
	}
}

func TestViaProblems(t *testing.T) {
	head := "legacy:\n  domainName: legacy-api.example.com\n"
	tests := []struct {
		name, routes string
		want         manifest.Problem
	}{
		{"unknown value", "  - path: /a\n    target: legacy\n    via: lambda\n",
			prob(6, "route /a (routes[0]), via", `"lambda"; use cloudfront (a CloudFront behaviour back to the monolith) or api-gateway (an API Gateway route to the monolith, no behaviour)`)},
		{"on a migrated route", "  - path: /a\n    via: api-gateway\n",
			prob(5, "route /a (routes[0]), via", "set on a route with target lambda; via says how a legacy route reaches the monolith: remove it, or set target: legacy")},
		{"on a rolled-back route", "  - path: /a\n    function: api-a\n    target: legacy\n    via: api-gateway\n",
			prob(7, "route /a (routes[0]), via", "api-gateway is for monolith paths without a function: a rolled-back route keeps its Lambda's API Gateway methods so that moving forward again is one line; remove function or via")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkProblems(t, problemsOf(t, doc(head+"routes:\n"+tt.routes)), []manifest.Problem{tt.want})
		})
	}
}

func TestWeight(t *testing.T) {
	m := parse(t, withRoutes(`
  - path: /a
    weight: 10
  - path: /b
`))
	if a, b := m.Routes[0].LambdaWeight(), m.Routes[1].LambdaWeight(); a != 10 || b != 100 {
		t.Errorf("weights %d, %d; want 10 and the default 100", a, b)
	}
	head := "legacy:\n  domainName: legacy-api.example.com\n"
	checkProblems(t, problemsOf(t, doc(head+"routes:\n  - path: /a\n    weight: 101\n")), []manifest.Problem{
		prob(5, "route /a (routes[0]), weight", "101; use a percentage, 0 to 100 (default 100)")})
	checkProblems(t, problemsOf(t, doc(head+"routes:\n  - path: /a\n    target: legacy\n    weight: 5\n")), []manifest.Problem{
		prob(6, "route /a (routes[0]), weight", "set on a route with target legacy; a weight shares a migrated route's requests between Lambda and the monolith: remove it, or set target: lambda")})
}
