package manifest_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/strangler-fig/strangler/manifest"
)

func TestCacheQueryKeysProblems(t *testing.T) {
	const missing = "missing on a cached route: list the query keys its answer depends on, e.g. cacheQueryKeys: [page, size], or cacheQueryKeys: [] if none; " +
		"other keys still reach the function but make no new cache entry, so a made-up key cannot bypass the cache"
	for _, tt := range []struct {
		name, src string
		want      []manifest.Problem
	}{
		{"a cached route must say which keys (no silent all or none)", withRoutes(`
  - path: /a
    cache: per-token
  - path: /b
    cache: public
    auth: none
  - path: /c
    cache: public
    target: legacy
`), []manifest.Problem{
			prob(4, "route /a (routes[0]), cacheQueryKeys", missing),
			prob(6, "route /b (routes[1]), cacheQueryKeys", missing),
			prob(9, "route /c (routes[2]), cacheQueryKeys", missing),
		}},
		{"keys on an uncached route", withRoutes(`
  - path: /a
    cacheQueryKeys: [page]
`), []manifest.Problem{prob(5, "route /a (routes[0]), cacheQueryKeys", "set, but cache is none; remove it or choose cache: per-token or public")}},
		{"an empty list on an uncached route is still a mistake", withRoutes(`
  - path: /a
    cacheQueryKeys: []
`), []manifest.Problem{prob(5, "route /a (routes[0]), cacheQueryKeys", "set, but cache is none; remove it or choose cache: per-token or public")}},
		{"names CloudFront cannot match, and twice", withRoutes(`
  - path: /a
    cache: per-token
    cacheQueryKeys: [page=1, "", "a b", page, page]
`), []manifest.Problem{
			prob(6, "route /a (routes[0]), cacheQueryKeys[0]", `"page=1" is not a query string name; write the name alone, as in ?page=2 -> page`),
			prob(6, "route /a (routes[0]), cacheQueryKeys[1]", `"" is not a query string name; write the name alone, as in ?page=2 -> page`),
			prob(6, "route /a (routes[0]), cacheQueryKeys[2]", `"a b" is not a query string name; write the name alone, as in ?page=2 -> page`),
			prob(6, "route /a (routes[0]), cacheQueryKeys[4]", `"page" is listed twice; remove one`),
		}},
		{"more keys than a cache policy takes", withRoutes(`
  - path: /a
    cache: per-token
    cacheQueryKeys: [a, b, c, d, e, f, g, h, i, j, k]
`), []manifest.Problem{prob(6, "route /a (routes[0]), cacheQueryKeys", "11 keys; a CloudFront cache policy takes at most 10: keep the ones the answer depends on, or use cache: none")}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			checkProblems(t, problemsOf(t, tt.src), tt.want)
		})
	}
}

func TestSessionCookiesProblems(t *testing.T) {
	for _, tt := range []struct {
		name, src string
		want      []manifest.Problem
	}{
		{"cookies without the Cookie header identify nobody", doc(`
legacy: {domainName: legacy-api.example.com}
auth: {default: delegate, delegate: {url: /session}, sessionCookies: [session]}
routes:
  - path: /a
`), []manifest.Problem{prob(2, "auth.sessionCookies", "set, but auth.header is Authorization: session cookies identify a caller only when the credential is the Cookie header; set auth.header: Cookie, or remove sessionCookies")}},
		{"bad and repeated names", doc(`
legacy: {domainName: legacy-api.example.com}
auth: {default: delegate, delegate: {url: /session}, header: Cookie, sessionCookies: ["a=b", sid, sid]}
routes:
  - path: /a
`), []manifest.Problem{
			prob(2, "auth.sessionCookies[0]", "\"a=b\" is not a cookie name (letters, digits and !#$%&'*+-.^_`|~ only)"),
			prob(2, "auth.sessionCookies[2]", `"sid" is listed twice; remove one`),
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			checkProblems(t, problemsOf(t, tt.src), tt.want)
		})
	}
}

// TestPerTokenOnSessionCookies: with the credential in the Cookie header,
// per-token is accepted once the cookies that identify a caller are named,
// and they are what the stack puts in the cache key.
func TestPerTokenOnSessionCookies(t *testing.T) {
	m := parse(t, doc(`
legacy: {domainName: legacy-api.example.com}
auth: {default: delegate, delegate: {url: /session}, header: Cookie, sessionCookies: [session, remember]}
routes:
  - path: /a
    cache: per-token
    cacheQueryKeys: [page]
`))
	if got := m.SessionCookiesInCacheKey(); !reflect.DeepEqual(got, []string{"session", "remember"}) {
		t.Errorf("SessionCookiesInCacheKey = %q", got)
	}
	if got := parse(t, withRoutes("  - path: /a\n")).SessionCookiesInCacheKey(); got != nil {
		t.Errorf("Authorization credential: SessionCookiesInCacheKey = %q, want none", got)
	}
}

// TestCacheQueryKeysShape: the order a list is written in does not matter
// (one behaviour, one policy); another list is another cache policy.
func TestCacheQueryKeysShape(t *testing.T) {
	m := parse(t, withRoutes(`
  - path: /a/{id}
    cache: public
    cacheQueryKeys: [size, page]
    auth: none
  - path: /a/{id}/b
    cache: public
    cacheQueryKeys: [page, size]
    auth: none
`))
	bs, errs := m.EdgeBehaviors()
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	for _, b := range bs {
		if b.Target == manifest.TargetLambda && !reflect.DeepEqual(b.CacheQueryKeys, []string{"page", "size"}) {
			t.Errorf("%s: CacheQueryKeys = %q, want sorted [page size]", b.Pattern, b.CacheQueryKeys)
		}
	}
	src := withRoutes(`
  - path: /a
    cache: public
    cacheQueryKeys: [page]
    auth: none
  - path: /b
    cache: public
    cacheQueryKeys: [size]
    auth: none
`)
	src = strings.Replace(src, "routes:", "cloudFront: {cachePolicyQuota: 1}\nroutes:", 1)
	got := problemsOf(t, src)
	if len(got) != 1 || !strings.Contains(got[0].Message, "need 2 CloudFront cache policies") {
		t.Errorf("two key lists under a quota of 1: problems = %v", got)
	}
}

// TestEncodeKeepsAnEmptyKeyList: [] is a decision (no key), which a
// draft written by the planner must keep; an unset list stays unwritten.
func TestEncodeKeepsAnEmptyKeyList(t *testing.T) {
	out, err := manifest.Encode(&manifest.Manifest{Legacy: manifest.Legacy{DomainName: "legacy-api.example.com"}, Routes: []manifest.Route{
		{Path: "/a", Auth: manifest.AuthNone, Cache: manifest.CachePublic, CacheQueryKeys: manifest.QueryKeys{}},
		{Path: "/b", Auth: manifest.AuthNone},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(out), "cacheQueryKeys"); n != 1 || !strings.Contains(string(out), "cacheQueryKeys: []") {
		t.Errorf("Encode =\n%s\nwant cacheQueryKeys: [] once", out)
	}
	parse(t, string(out))
}
