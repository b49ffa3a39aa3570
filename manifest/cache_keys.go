package manifest

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/strangler-fig/strangler/awslimits"
)

// What a cached route's CloudFront cache key holds besides the path: the
// query keys its answer depends on (routes[].cacheQueryKeys) and, for
// per-token, the caller's credential (Authorization, or the session
// cookies of auth.sessionCookies).

// QueryKeys are query string names. Written as [] they are set (none in
// the key), which Encode keeps: only a nil list is left out.
type QueryKeys []string

// IsZero tells the YAML encoder to leave out only an unset list.
func (q QueryKeys) IsZero() bool { return q == nil }

// cookieName is an RFC 6265 cookie name (an HTTP token).
var cookieName = regexp.MustCompile("^[!#$%&'*+\\-.^_`|~0-9A-Za-z]+$")

// cacheQueryKeys of a cached route as the cache policy lists them: sorted,
// so the same set written in another order makes the same policy.
func cacheQueryKeys(r *Route) []string {
	keys := slices.Clone(r.CacheQueryKeys)
	slices.Sort(keys)
	return slices.Compact(keys)
}

// cacheKeyHandling is the part of a route's edge handling that its cache
// key adds: routes sharing a behaviour must agree on it.
func cacheKeyHandling(r *Route) string {
	if r.Cache == CacheNone || r.Cache == "" {
		return ""
	}
	return fmt.Sprintf(" query=%q", cacheQueryKeys(r))
}

// credentialInCacheKey: a per-token cache key holds what the authorizer
// checks, Authorization, or the session cookies when the credential is
// the Cookie header.
func (a *Auth) credentialInCacheKey() bool {
	return strings.EqualFold(a.Header, "Authorization") || (strings.EqualFold(a.Header, "Cookie") && len(a.SessionCookies) > 0)
}

// SessionCookiesInCacheKey are the cookies a per-token route's cache key
// holds: auth.sessionCookies when the credential is the Cookie header, else none.
func (m *Manifest) SessionCookiesInCacheKey() []string {
	if !strings.EqualFold(m.Auth.Header, "Cookie") {
		return nil
	}
	return slices.Clone(m.Auth.SessionCookies)
}

// cacheQueryKeys checks a cached route's query keys: written (even as []),
// names CloudFront can match, no more than a cache policy takes.
func (v *validator) cacheQueryKeys(i int) {
	r := &v.m.Routes[i]
	p := fmt.Sprintf("routes[%d].cacheQueryKeys", i)
	if r.CacheQueryKeys == nil {
		v.at(p, "missing on a cached route: list the query keys its answer depends on, e.g. cacheQueryKeys: [page, size], or cacheQueryKeys: [] if none; "+
			"other keys still reach the function but make no new cache entry, so a made-up key cannot bypass the cache")
		return
	}
	if n := len(r.CacheQueryKeys); n > awslimits.CloudFrontCachePolicyQueryStringsMax {
		v.at(p, "%d keys; a CloudFront cache policy takes at most %d: keep the ones the answer depends on, or use cache: none", n, awslimits.CloudFrontCachePolicyQueryStringsMax)
	}
	seen := map[string]bool{}
	for k, key := range r.CacheQueryKeys {
		at := fmt.Sprintf("%s[%d]", p, k)
		switch {
		case key == "" || strings.ContainsAny(key, "&=#?% \t\r\n"):
			v.at(at, "%q is not a query string name; write the name alone, as in ?page=2 -> page", key)
		case seen[key]:
			v.at(at, "%q is listed twice; remove one", key)
		}
		seen[key] = true
	}
}

// sessionCookies checks auth.sessionCookies: cookie names, under the
// cache policy's limit, and only for a credential in the Cookie header.
func (v *validator) sessionCookies() {
	a := &v.m.Auth
	if len(a.SessionCookies) == 0 {
		return
	}
	if !strings.EqualFold(a.Header, "Cookie") {
		v.at("auth.sessionCookies", "set, but auth.header is %s: session cookies identify a caller only when the credential is the Cookie header; set auth.header: Cookie, or remove sessionCookies", a.Header)
	}
	if n := len(a.SessionCookies); n > awslimits.CloudFrontCachePolicyCookiesMax {
		v.at("auth.sessionCookies", "%d cookies; a CloudFront cache policy takes at most %d", n, awslimits.CloudFrontCachePolicyCookiesMax)
	}
	seen := map[string]bool{}
	for k, c := range a.SessionCookies {
		at := fmt.Sprintf("auth.sessionCookies[%d]", k)
		switch {
		case !cookieName.MatchString(c):
			v.at(at, "%q is not a cookie name (letters, digits and !#$%%&'*+-.^_`|~ only)", c)
		case seen[c]:
			v.at(at, "%q is listed twice; remove one", c)
		}
		seen[c] = true
	}
}
