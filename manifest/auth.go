package manifest

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/strangler-fig/strangler/awslimits"
	"github.com/strangler-fig/strangler/lambdas/callerauth"
)

// Ways a route's callers are authenticated (Route.Auth, Auth.Default).
const (
	AuthJWT      = "jwt"      // a signed JWT checked against the issuer's JWKS
	AuthDelegate = "delegate" // the monolith's own token or session endpoint says
	AuthNone     = "none"     // a public route: only a route may say so, never the default
)

// Auth is how callers of migrated routes are authenticated before the
// route's function runs (an API Gateway Lambda authorizer, lambdas/caller-auth),
// as the monolith authenticated them. Every route with a function gets
// Default unless it names its own mode; there is no silent default: with
// no Default, every such route must say auth (none for a public one).
type Auth struct {
	// Default mode of routes with a function: "jwt" or "delegate" (never
	// "none": a public route says so itself). Default: none set, and then
	// each route with a function must set auth.
	Default string `yaml:"default,omitempty" json:"default,omitempty"`
	// Header carrying the credential, as the monolith reads it. It is the
	// authorizer's cache key, and a per-token route's CloudFront cache key
	// (which is Authorization, so per-token routes need it). Default: "Authorization".
	Header string `yaml:"header,omitempty" json:"header,omitempty"`
	// SessionCookies are the cookies that identify a caller when the
	// credential is a session cookie (Header "Cookie"): a per-token route's
	// CloudFront cache key holds them, and the delegate authorizer sends
	// only them to the session endpoint, so an answer is never keyed on
	// less than what authenticated it. At most 10. Default: none (a
	// per-token route then needs Header Authorization).
	SessionCookies []string `yaml:"sessionCookies,omitempty" json:"sessionCookies,omitempty"`
	// CacheTTLSeconds API Gateway keeps an authorizer's answer per
	// credential, 0 (ask every time) to 3600: a revoked session or token
	// stays good that long. Default: 300 (API Gateway's).
	CacheTTLSeconds *int `yaml:"cacheTtlSeconds,omitempty" json:"cacheTtlSeconds,omitempty"`
	// JWT settings, required when a route uses "jwt".
	JWT *JWTAuth `yaml:"jwt,omitempty" json:"jwt,omitempty"`
	// Delegate settings, required when a route uses "delegate".
	Delegate *DelegateAuth `yaml:"delegate,omitempty" json:"delegate,omitempty"`
}

// JWTAuth says which tokens are good.
type JWTAuth struct {
	// Issuer the token's iss must equal, e.g. "https://login.example.com/". Required.
	Issuer string `yaml:"issuer" json:"issuer"`
	// Audiences of which the token's aud must name one. Required.
	Audiences []string `yaml:"audiences" json:"audiences"`
	// JWKSURL of the issuer's public keys (https). Required.
	JWKSURL string `yaml:"jwksUrl" json:"jwksUrl"`
	// Algorithms accepted: RS256, RS384, RS512, PS256, PS384, PS512,
	// ES256, ES384, ES512 or EdDSA ("none" and HMAC never). Default: [RS256].
	Algorithms []string `yaml:"algorithms,omitempty" json:"algorithms,omitempty"`
	// ClockSkewSeconds allowed on exp, nbf and iat, 0 to 300. Default: 60.
	ClockSkewSeconds *int `yaml:"clockSkewSeconds,omitempty" json:"clockSkewSeconds,omitempty"`
}

// DelegateAuth names the monolith's endpoint that says whether a
// credential is good: 200 with {"sub": "...", "scope": "..."}, or 401/403.
type DelegateAuth struct {
	// URL of the endpoint: a path on the monolith ("/session", called at
	// legacy.domainName with its protocol and the origin secret header) or
	// an https URL. Required.
	URL string `yaml:"url" json:"url"`
}

// Auth defaults.
const (
	DefaultAuthHeader          = "Authorization"
	DefaultJWTClockSkewSeconds = 60
	maxJWTClockSkewSeconds     = 300
)

func (m *Manifest) applyAuthDefaults() {
	a := &m.Auth
	if a.Header == "" {
		a.Header = DefaultAuthHeader
	}
	if a.CacheTTLSeconds == nil {
		a.CacheTTLSeconds = ptr(awslimits.AuthorizerResultTTLDefaultSeconds)
	}
	if j := a.JWT; j != nil {
		if len(j.Algorithms) == 0 {
			j.Algorithms = []string{"RS256"}
		}
		if j.ClockSkewSeconds == nil {
			j.ClockSkewSeconds = ptr(DefaultJWTClockSkewSeconds)
		}
	}
	for i := range m.Routes {
		if r := &m.Routes[i]; r.Function != "" && r.Auth == "" {
			r.Auth = a.Default
		}
	}
}

// AuthModes are the authorizer modes the routes use, sorted ("none" not included).
func (m *Manifest) AuthModes() []string {
	var out []string
	for _, r := range m.Routes {
		if r.Function != "" && (r.Auth == AuthJWT || r.Auth == AuthDelegate) && !slices.Contains(out, r.Auth) {
			out = append(out, r.Auth)
		}
	}
	slices.Sort(out)
	return out
}

// DelegateURL is the delegate endpoint as the authorizer calls it.
func (m *Manifest) DelegateURL() string {
	if m.Auth.Delegate == nil {
		return ""
	}
	u := m.Auth.Delegate.URL
	if strings.HasPrefix(u, "/") {
		return LegacyURL(m.Legacy) + u
	}
	return u
}

// LegacyURL is the monolith's base URL as API Gateway and the authorizer
// call it: always HTTPS, since they send the origin secret (and the
// authorizer the caller's credential), which is why legacy.protocol
// http-only is refused.
func LegacyURL(l Legacy) string {
	return "https://" + l.DomainName
}

func (v *validator) auth() {
	a := &v.m.Auth
	switch a.Default {
	case "", AuthJWT, AuthDelegate:
	case AuthNone:
		v.at("auth.default", `"none" cannot be the default: say auth: none on each public route, so a new route is never open by accident`)
	default:
		v.at("auth.default", "%q is not jwt or delegate", a.Default)
	}
	if !envName.MatchString(strings.ReplaceAll(a.Header, "-", "_")) {
		v.at("auth.header", "%q is not an HTTP header name", a.Header)
	}
	if t := *a.CacheTTLSeconds; t < 0 || t > awslimits.AuthorizerResultTTLMaxSeconds {
		v.at("auth.cacheTtlSeconds", "%d s is outside API Gateway's 0 to %d", t, awslimits.AuthorizerResultTTLMaxSeconds)
	}
	v.sessionCookies()
	modes := v.m.AuthModes()
	if slices.Contains(modes, AuthJWT) {
		v.jwtAuth()
	}
	if slices.Contains(modes, AuthDelegate) {
		v.delegateAuth()
	}
	for i, r := range v.m.Routes {
		p := fmt.Sprintf("routes[%d].auth", i)
		switch {
		case r.Function == "" && r.Auth != "":
			v.at(p, "a route without a function is the monolith's, which authenticates it as before; remove auth")
		case r.Function == "":
		case r.Auth == "":
			v.at(p, "not set, and auth.default is empty: set auth.default (jwt or delegate, with auth.jwt or auth.delegate), or auth: jwt, delegate or none (a public route) here")
		case r.Auth == AuthNone:
		case r.Auth != AuthJWT && r.Auth != AuthDelegate:
			v.at(p, "%q is not jwt, delegate or none", r.Auth)
		case r.Cache == CachePublic:
			v.at(fmt.Sprintf("routes[%d].cache", i), "public: CloudFront would serve a cached answer to callers the authorizer never saw; use per-token, or auth: none if the route really is public")
		case r.Cache == CachePerToken && !v.m.Auth.credentialInCacheKey():
			v.at(fmt.Sprintf("routes[%d].cache", i), "per-token keys CloudFront's cache on Authorization (or on auth.sessionCookies with auth.header Cookie), but auth.header is %s: callers would share answers; use cache: none, or name the session cookies in auth.sessionCookies", a.Header)
		}
	}
}

func (v *validator) jwtAuth() {
	j := v.m.Auth.JWT
	if j == nil {
		v.at("auth.jwt", "missing: a route uses jwt; give issuer, audiences and jwksUrl")
		return
	}
	if j.Issuer == "" {
		v.at("auth.jwt.issuer", "missing; the token's iss, e.g. https://login.example.com/")
	}
	if len(j.Audiences) == 0 {
		v.at("auth.jwt.audiences", "missing; the token's aud must name one of them")
	}
	if u, err := url.Parse(j.JWKSURL); err != nil || u.Scheme != "https" || u.Host == "" {
		v.at("auth.jwt.jwksUrl", "%q is not an https URL; the issuer's JWKS, e.g. https://login.example.com/.well-known/jwks.json", j.JWKSURL)
	}
	for k, alg := range j.Algorithms {
		if !slices.Contains(callerauth.SignatureAlgorithms, alg) {
			v.at(fmt.Sprintf("auth.jwt.algorithms[%d]", k), "%q is not one of %s (none and HMAC are never accepted)", alg, strings.Join(callerauth.SignatureAlgorithms, ", "))
		}
	}
	if s := *j.ClockSkewSeconds; s < 0 || s > maxJWTClockSkewSeconds {
		v.at("auth.jwt.clockSkewSeconds", "%d s; use 0 to %d", s, maxJWTClockSkewSeconds)
	}
}

func (v *validator) delegateAuth() {
	d := v.m.Auth.Delegate
	if d == nil {
		v.at("auth.delegate", "missing: a route uses delegate; give url, the monolith's session endpoint (e.g. /session)")
		return
	}
	if strings.HasPrefix(d.URL, "/") {
		return
	}
	if u, err := url.Parse(d.URL); err != nil || u.Scheme != "https" || u.Host == "" {
		v.at("auth.delegate.url", "%q is neither a path on the monolith (/session) nor an https URL", d.URL)
	}
}
