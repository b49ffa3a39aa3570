package constructs_test

import (
	"fmt"
	"math/rand/v2"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/constructs"
)

// cacheKeyModel is CloudFront's cache key as a synthesized cache policy
// defines it (ParametersInCacheKeyAndForwardedToOrigin): the path, and of
// the request only the headers, cookies and query strings the policy
// names ("whitelist"), "all" of a kind, or none. Names of headers are
// case-insensitive; of cookies and query strings case-sensitive; every
// value of a repeated query key counts.
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/controlling-the-cache-key.html
type cacheKeyModel struct {
	headers, cookies, queries        []string
	allHeaders, allCookies, allQuery bool
}

func modelOf(t *testing.T, policy map[string]any) cacheKeyModel {
	t.Helper()
	p := properties(policy)["CachePolicyConfig"].(map[string]any)["ParametersInCacheKeyAndForwardedToOrigin"].(map[string]any)
	var m cacheKeyModel
	read := func(config, behavior, list string) ([]string, bool) {
		c := p[config].(map[string]any)
		var names []string
		for _, n := range asList(c[list]) {
			names = append(names, n.(string))
		}
		switch c[behavior] {
		case "none":
			return nil, false
		case "whitelist":
			return names, false
		case "all":
			return nil, true
		}
		t.Fatalf("%s %s = %v: not modelled", config, behavior, c[behavior])
		return nil, false
	}
	m.headers, m.allHeaders = read("HeadersConfig", "HeaderBehavior", "Headers")
	m.cookies, m.allCookies = read("CookiesConfig", "CookieBehavior", "Cookies")
	m.queries, m.allQuery = read("QueryStringsConfig", "QueryStringBehavior", "QueryStrings")
	return m
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

// request is what a viewer sends that a cache key could hold.
type request struct {
	path    string
	headers map[string]string
	cookies map[string]string
	query   url.Values
}

func (m cacheKeyModel) key(r request) string {
	var b strings.Builder
	b.WriteString(r.path)
	for _, h := range slices.Sorted(keysOf(r.headers)) {
		if m.allHeaders || slices.ContainsFunc(m.headers, func(n string) bool { return strings.EqualFold(n, h) }) {
			fmt.Fprintf(&b, "|h:%s=%s", strings.ToLower(h), r.headers[h])
		}
	}
	for _, c := range slices.Sorted(keysOf(r.cookies)) {
		if m.allCookies || slices.Contains(m.cookies, c) {
			fmt.Fprintf(&b, "|c:%s=%s", c, r.cookies[c])
		}
	}
	for _, q := range slices.Sorted(keysOf(r.query)) {
		if m.allQuery || slices.Contains(m.queries, q) {
			fmt.Fprintf(&b, "|q:%s=%q", q, r.query[q])
		}
	}
	return b.String()
}

func keysOf[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// TestPerTokenCacheKeyNeverMixesCallers synthesizes a per-token route whose
// callers authenticate with a session cookie (or Authorization) and a
// public one, reads their cache policies back, and checks on random
// requests, against the model of CloudFront's key: two requests of
// different callers (another session cookie or Authorization) never share
// a key, nor do two that differ in an allow-listed query value; and a
// query key not on the list (a cache-busting ?x=random) never makes a new
// key, per-token or public.
func TestPerTokenCacheKeyNeverMixesCallers(t *testing.T) {
	stack := newTestStack(t, nil)
	api := newRoutedApi(t, stack)
	edge := constructs.NewEdgeDistribution(stack, jsii.String("Edge"), &constructs.EdgeDistributionProps{
		LegacyDomainName: jsii.String("legacy.example.com"), ProxyApi: api,
	})
	edge.AddApiRoute("/user/*", &constructs.ApiRouteOptions{Cache: constructs.CachePerToken,
		CacheQueryKeys: jsii.Strings("page", "size"), CacheCookies: jsii.Strings("session", "remember")})
	edge.AddApiRoute("/catalog/*", &constructs.ApiRouteOptions{Cache: constructs.CachePublic, CacheTtl: awscdk.Duration_Seconds(jsii.Number(300)),
		CacheQueryKeys: jsii.Strings("page")})
	tpl := templateOf(t, stack)
	var perToken, public cacheKeyModel
	for _, p := range tpl.find("AWS::CloudFront::CachePolicy", nil) {
		if properties(p)["CachePolicyConfig"].(map[string]any)["DefaultTTL"] == float64(300) {
			public = modelOf(t, p)
		} else {
			perToken = modelOf(t, p)
		}
	}

	rng := rand.New(rand.NewPCG(17, 15))
	pick := func(vals ...string) string { return vals[rng.IntN(len(vals))] }
	random := func() (request, string) {
		r := request{path: "/user/1", headers: map[string]string{}, cookies: map[string]string{}, query: url.Values{}}
		// A caller is its session cookies and Authorization, as the
		// authorizer sees them (either may be absent).
		if a := pick("", "Bearer a", "Bearer b"); a != "" {
			r.headers[pick("Authorization", "authorization")] = a
		}
		for _, c := range []string{"session", "remember"} {
			if v := pick("", "s1", "s2"); v != "" {
				r.cookies[c] = v
			}
		}
		caller := fmt.Sprintf("%s/%s/%s", authOf(r), r.cookies["session"], r.cookies["remember"])
		// Noise no answer depends on: other cookies, headers, query keys.
		r.cookies[pick("theme", "_ga")] = pick("dark", "x")
		r.headers["User-Agent"] = pick("a", "b")
		r.query.Set("cachebust", fmt.Sprint(rng.Int()))
		if v := pick("", "1", "2"); v != "" {
			r.query.Set("page", v)
		}
		return r, caller
	}
	for range 2000 {
		a, callerA := random()
		b, callerB := random()
		same := perToken.key(a) == perToken.key(b)
		if same && (callerA != callerB || a.query.Get("page") != b.query.Get("page")) {
			t.Fatalf("per-token: callers %q and %q (pages %q, %q) share the key %s", callerA, callerB, a.query.Get("page"), b.query.Get("page"), perToken.key(a))
		}
		if callerA == callerB && a.query.Get("page") == b.query.Get("page") && !same {
			t.Fatalf("per-token: the same caller and page, only noise apart, got two keys:\n%s\n%s", perToken.key(a), perToken.key(b))
		}
		a.path, b.path = "/catalog/1", "/catalog/1"
		if (public.key(a) == public.key(b)) != (a.query.Get("page") == b.query.Get("page")) {
			t.Fatalf("public: keys %s and %s for pages %q and %q", public.key(a), public.key(b), a.query.Get("page"), b.query.Get("page"))
		}
	}
}

func authOf(r request) string { return r.headers["Authorization"] + r.headers["authorization"] }

// TestCachedRouteNeedsItsQueryKeys: a cached route without CacheQueryKeys
// stops synth (no silent all or none), and cookies on a public cache too.
func TestCachedRouteNeedsItsQueryKeys(t *testing.T) {
	stack := newTestStack(t, nil)
	api := newRoutedApi(t, stack)
	edge := constructs.NewEdgeDistribution(stack, jsii.String("Edge"), &constructs.EdgeDistributionProps{
		LegacyDomainName: jsii.String("legacy.example.com"), ProxyApi: api,
	})
	edge.AddApiRoute("/user/*", &constructs.ApiRouteOptions{Cache: constructs.CachePerToken})
	edge.AddApiRoute("/catalog/*", &constructs.ApiRouteOptions{Cache: constructs.CachePublic, CacheQueryKeys: jsii.Strings(), CacheCookies: jsii.Strings("session")})
	mustPanic(t, func() { awscdk.App_Of(stack).Synth(nil) },
		`Stack/Edge: AddApiRoute("/user/*"): cache per-token needs CacheQueryKeys`,
		`Stack/Edge: AddApiRoute("/catalog/*"): CacheCookies identify a caller, which only a per-token cache keys on`)
}

// What a cached route forwards to API Gateway is what its cache key holds:
// the same query strings and cookies, so no name outside the key (e.g. a
// percent-encoded `%70age` CloudFront does not match and API Gateway
// decodes to `page`) can change an answer cached under another's key.
// Every header but Host still goes; an uncached route forwards everything.
func TestCachedRouteForwardsOnlyItsCacheKey(t *testing.T) {
	stack := newTestStack(t, nil)
	api := newRoutedApi(t, stack)
	edge := constructs.NewEdgeDistribution(stack, jsii.String("Edge"), &constructs.EdgeDistributionProps{
		LegacyDomainName: jsii.String("legacy.example.com"), ProxyApi: api,
	})
	edge.AddApiRoute("/user/*", &constructs.ApiRouteOptions{Cache: constructs.CachePerToken,
		CacheQueryKeys: jsii.Strings("size", "page"), CacheCookies: jsii.Strings("session")})
	edge.AddApiRoute("/catalog/*", &constructs.ApiRouteOptions{Cache: constructs.CachePublic, CacheQueryKeys: jsii.Strings()})
	edge.AddApiRoute("/orders/*", &constructs.ApiRouteOptions{})
	tpl := templateOf(t, stack)
	policies := tpl.find("AWS::CloudFront::OriginRequestPolicy", nil)
	if len(policies) != 2 {
		t.Fatalf("%d origin request policies, want one per cached key set (2)", len(policies))
	}
	byQueries := map[string]map[string]any{}
	for _, p := range policies {
		c := properties(p)["OriginRequestPolicyConfig"].(map[string]any)
		if h := jsonString(c["HeadersConfig"]); h != `{"HeaderBehavior":"allExcept","Headers":["Host"]}` {
			t.Errorf("headers %s, want all but Host", h)
		}
		byQueries[jsonString(c["QueryStringsConfig"])] = c
	}
	perToken := byQueries[`{"QueryStringBehavior":"whitelist","QueryStrings":["page","size"]}`]
	public := byQueries[`{"QueryStringBehavior":"none"}`]
	if perToken == nil || public == nil {
		t.Fatalf("query strings forwarded: %v, want [page size] and none", slices.Collect(keysOf(byQueries)))
	}
	if c := jsonString(perToken["CookiesConfig"]); c != `{"CookieBehavior":"whitelist","Cookies":["session"]}` {
		t.Errorf("per-token cookies %s, want only session", c)
	}
	if c := jsonString(public["CookiesConfig"]); c != `{"CookieBehavior":"none"}` {
		t.Errorf("public cookies %s, want none", c)
	}
	// The uncached route keeps the managed AllViewerExceptHostHeader.
	_, dist := tpl.only("AWS::CloudFront::Distribution", nil)
	if s := jsonString(dist); !strings.Contains(s, `"OriginRequestPolicyId":"b689b0a8-53d0-40ab-baf2-68738e2966ac","PathPattern":"/orders/*"`) {
		t.Errorf("/orders/* does not use AllViewerExceptHostHeader: %s", s)
	}
}
