package manifest_test

import (
	"testing"

	"github.com/strangler-fig/strangler/manifest"
)

func TestAuthProblems(t *testing.T) {
	for _, tt := range []struct {
		name, src string
		want      []manifest.Problem
	}{
		{"no decision: a route with a function is never open by default", doc(`
legacy: {domainName: legacy-api.example.com}
routes:
  - path: /a
  - path: /b
    target: legacy
`), []manifest.Problem{prob(3, "route /a (routes[0]), auth", "not set, and auth.default is empty: set auth.default (jwt or delegate, with auth.jwt or auth.delegate), or auth: jwt, delegate or none (a public route) here")}},
		{"none is no default", doc(`
legacy: {domainName: legacy-api.example.com}
auth: {default: none}
routes:
  - path: /a
`), []manifest.Problem{prob(2, "auth.default", `"none" cannot be the default: say auth: none on each public route, so a new route is never open by accident`)}},
		{"jwt without its settings, delegate with a bad URL", doc(`
legacy: {domainName: legacy-api.example.com}
auth:
  default: jwt
  delegate: {url: "ftp://x"}
  cacheTtlSeconds: 3601
routes:
  - path: /a
  - path: /b
    auth: delegate
  - path: /c
    auth: open
  - path: /d
    target: legacy
    auth: jwt
`), []manifest.Problem{
			prob(5, "auth.cacheTtlSeconds", "3601 s is outside API Gateway's 0 to 3600"),
			prob(2, "auth.jwt", "missing: a route uses jwt; give issuer, audiences and jwksUrl"),
			prob(4, "auth.delegate.url", `"ftp://x" is neither a path on the monolith (/session) nor an https URL`),
			prob(11, "route /c (routes[2]), auth", `"open" is not jwt, delegate or none`),
			prob(14, "route /d (routes[3]), auth", "a route without a function is the monolith's, which authenticates it as before; remove auth"),
		}},
		{"jwt settings checked, none and HMAC refused", doc(`
legacy: {domainName: legacy-api.example.com}
auth:
  default: jwt
  jwt: {issuer: "", audiences: [], jwksUrl: "http://login.example.com/jwks", algorithms: [RS256, none, HS256], clockSkewSeconds: 301}
routes:
  - path: /a
`), []manifest.Problem{
			prob(4, "auth.jwt.issuer", "missing; the token's iss, e.g. https://login.example.com/"),
			prob(4, "auth.jwt.audiences", "missing; the token's aud must name one of them"),
			prob(4, "auth.jwt.jwksUrl", `"http://login.example.com/jwks" is not an https URL; the issuer's JWKS, e.g. https://login.example.com/.well-known/jwks.json`),
			prob(4, "auth.jwt.algorithms[1]", `"none" is not one of RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA (none and HMAC are never accepted)`),
			prob(4, "auth.jwt.algorithms[2]", `"HS256" is not one of RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA (none and HMAC are never accepted)`),
			prob(4, "auth.jwt.clockSkewSeconds", "301 s; use 0 to 300"),
		}},
		{"a cache that would share answers across callers", doc(`
legacy: {domainName: legacy-api.example.com}
auth: {default: delegate, delegate: {url: /session}, header: Cookie}
routes:
  - path: /a
    cache: public
    cacheQueryKeys: []
  - path: /b
    cache: per-token
    cacheQueryKeys: []
`), []manifest.Problem{
			prob(5, "route /a (routes[0]), cache", "public: CloudFront would serve a cached answer to callers the authorizer never saw; use per-token, or auth: none if the route really is public"),
			prob(8, "route /b (routes[1]), cache", "per-token keys CloudFront's cache on Authorization (or on auth.sessionCookies with auth.header Cookie), but auth.header is Cookie: callers would share answers; use cache: none, or name the session cookies in auth.sessionCookies"),
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := manifest.Parse([]byte(tt.src), testFile, "")
			checkProblems(t, problemsFrom(t, nil, err, testFile, tt.src), tt.want)
		})
	}
}

func TestAuthDefaults(t *testing.T) {
	m, err := manifest.Parse([]byte(doc(`
legacy: {domainName: legacy-api.example.com, protocol: https-only}
auth: {default: delegate, delegate: {url: /session}, jwt: {issuer: "https://i/", audiences: [a], jwksUrl: "https://i/jwks"}}
routes:
  - path: /a
  - path: /b
    auth: jwt
  - path: /c
    auth: none
  - path: /d
    target: legacy
`)), testFile, "")
	if err != nil {
		t.Fatal(err)
	}
	if got := [4]string{m.Routes[0].Auth, m.Routes[1].Auth, m.Routes[2].Auth, m.Routes[3].Auth}; got != [4]string{"delegate", "jwt", "none", ""} {
		t.Errorf("route auth = %q", got)
	}
	if m.Auth.Header != "Authorization" || *m.Auth.CacheTTLSeconds != 300 || *m.Auth.JWT.ClockSkewSeconds != 60 || m.Auth.JWT.Algorithms[0] != "RS256" {
		t.Errorf("auth defaults = %+v, jwt %+v", m.Auth, m.Auth.JWT)
	}
	if modes := m.AuthModes(); len(modes) != 2 || modes[0] != "delegate" || modes[1] != "jwt" {
		t.Errorf("AuthModes = %q", modes)
	}
	if u := m.DelegateURL(); u != "https://legacy-api.example.com/session" {
		t.Errorf("DelegateURL = %q", u)
	}
}
