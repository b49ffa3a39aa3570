package manifest_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/strangler-fig/strangler/manifest"
)

func TestCORSDefaultAndOverride(t *testing.T) {
	m := parse(t, doc(`
legacy: {domainName: legacy-api.example.com}
cors:
  allowOrigins: [https://app.example.com]
  allowCredentials: true
routes:
  - path: /a
    methods: [GET, POST]
  - path: /b
    cors: {allowOrigins: ["*"], allowMethods: [any], maxAgeSeconds: 60}
  - path: /c
    target: legacy
`))
	a, b := m.Routes[0].CORS, m.Routes[1].CORS
	want := &manifest.CORS{AllowOrigins: []string{"https://app.example.com"}, AllowMethods: []string{"GET", "POST"},
		AllowHeaders: []string{"Authorization", "Content-Type"}, AllowCredentials: true, MaxAgeSeconds: ptr(600)}
	if !reflect.DeepEqual(a, want) {
		t.Errorf("the default, filled for /a: %+v, want %+v", a, want)
	}
	if b.AllowCredentials || b.AllowOrigins[0] != "*" || *b.MaxAgeSeconds != 60 {
		t.Errorf("/b's own cors replaces the default as a whole: %+v", b)
	}
	if p := b.Policy(); len(p.AllowMethods) != 7 {
		t.Errorf("ANY spelt out for the edge: %v", p.AllowMethods)
	}
	if m.Routes[2].CORS != nil {
		t.Errorf("the monolith's route got CORS: %+v", m.Routes[2].CORS)
	}
	if m.CORS.MaxAgeSeconds != nil || m.CORS.AllowMethods != nil {
		t.Errorf("the default itself is changed by filling a route's copy: %+v", m.CORS)
	}
	bs, _ := m.EdgeBehaviors()
	for _, beh := range bs {
		if beh.Target == manifest.TargetLambda && beh.CORS == nil {
			t.Errorf("behaviour %s has no CORS", beh.Pattern)
		}
	}
}

func TestCORSProblems(t *testing.T) {
	for _, tt := range []struct {
		name, src string
		want      []manifest.Problem
	}{
		{"any origin with credentials, on a route", doc(`
legacy: {domainName: legacy-api.example.com}
routes:
  - path: /a
    cors:
      allowOrigins: ["*"]
      allowCredentials: true
`), []manifest.Problem{prob(5, "route /a (routes[0]), cors.allowOrigins",
			`"*" with allowCredentials: browsers refuse a credentialed answer allowed to any origin, so every call would fail; list the origins that may send credentials (e.g. [https://app.example.com]), or set allowCredentials: false`)}},
		{"any origin with credentials, in the default: the routes taking it are named", doc(`
legacy: {domainName: legacy-api.example.com}
cors: {allowOrigins: ["*"], allowCredentials: true}
routes:
  - path: /a
  - path: /b
    cors: {allowOrigins: [https://app.example.com]}
`), []manifest.Problem{prob(2, "cors.allowOrigins",
			`"*" with allowCredentials: browsers refuse a credentialed answer allowed to any origin, so every call would fail; list the origins that may send credentials (e.g. [https://app.example.com]), or set allowCredentials: false (the default of routes /a)`)}},
		{"origins as browsers never send them, a bad header, a method", doc(`
legacy: {domainName: legacy-api.example.com}
routes:
  - path: /a
    cors:
      allowOrigins: [https://app.example.com/, app.example.com]
      allowHeaders: [X Token]
      allowMethods: [FETCH]
`), []manifest.Problem{
			prob(5, "route /a (routes[0]), cors.allowOrigins[0]", `"https://app.example.com/" is not an origin as browsers send it (scheme://host[:port], lower case, no path or trailing /); e.g. https://app.example.com`),
			prob(5, "route /a (routes[0]), cors.allowOrigins[1]", `"app.example.com" is not an origin as browsers send it (scheme://host[:port], lower case, no path or trailing /); e.g. https://app.example.com`),
			prob(7, "route /a (routes[0]), cors.allowMethods[0]", `"FETCH" is not one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS`),
			prob(6, "route /a (routes[0]), cors.allowHeaders[0]", `"X Token" is not an HTTP header name`),
		}},
		{"on the monolith's route", doc(`
legacy: {domainName: legacy-api.example.com}
routes:
  - path: /a
    target: legacy
    cors: {allowOrigins: [https://app.example.com]}
`), []manifest.Problem{prob(5, "route /a (routes[0]), cors", "a route without a function is the monolith's, which answers its own CORS; remove cors")}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			checkProblems(t, problemsOf(t, tt.src), tt.want)
		})
	}
}

func TestCORSSplitsBehaviours(t *testing.T) {
	// /a/{id} with CORS and /a/{id}/b without cannot share /a/*: the
	// planner gives each its own behaviour (one response headers policy each).
	m := parse(t, doc(`
legacy: {domainName: legacy-api.example.com}
routes:
  - path: /a/{id}
    cors: {allowOrigins: [https://app.example.com]}
  - path: /a/{id}/b
    function: api-a-b
`))
	bs, errs := m.EdgeBehaviors()
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var got []string
	for _, b := range bs {
		got = append(got, b.Pattern+" cors="+map[bool]string{true: "yes", false: "no"}[b.CORS != nil])
	}
	if s := strings.Join(got, ", "); s != "/a/*/b cors=no, /a/* cors=yes" {
		t.Errorf("behaviours: %s", s)
	}
}

func TestSecurityHeadersAndTracingSwitches(t *testing.T) {
	m := parse(t, withRoutes("  - path: /a\n"))
	if !m.CloudFront.SecurityHeaders.On() || !m.Observability.TracingOn() || m.CloudFront.SecurityHeaders.Override {
		t.Errorf("defaults: security headers on, not overriding; tracing on: %+v %+v", m.CloudFront.SecurityHeaders, m.Observability)
	}
	m = parse(t, doc(`
legacy: {domainName: legacy-api.example.com}
cloudFront: {securityHeaders: {enabled: false}}
observability: {tracing: false}
routes:
  - path: /a
`))
	if m.CloudFront.SecurityHeaders.On() || m.Observability.TracingOn() {
		t.Errorf("switched off: %+v %+v", m.CloudFront.SecurityHeaders, m.Observability)
	}
	checkProblems(t, problemsOf(t, doc(`
legacy: {domainName: legacy-api.example.com}
cloudFront: {securityHeaders: {frameOptions: allow, referrerPolicy: never}}
routes:
  - path: /a
`)), []manifest.Problem{
		prob(2, "cloudFront.securityHeaders.frameOptions", `"ALLOW"; use DENY or SAMEORIGIN`),
		prob(2, "cloudFront.securityHeaders.referrerPolicy", `"never" is not one of no-referrer, no-referrer-when-downgrade, origin, origin-when-cross-origin, same-origin, strict-origin, strict-origin-when-cross-origin, unsafe-url`),
	})
}

func TestResponseHeadersPoliciesAgainstTheQuota(t *testing.T) {
	src := doc(`
legacy: {domainName: legacy-api.example.com}
cloudFront: {responseHeadersPolicyQuota: 2}
routes:
  - path: /a
    cors: {allowOrigins: [https://a.example.com]}
  - path: /b
    cors: {allowOrigins: [https://b.example.com]}
  - path: /c
`)
	checkProblems(t, problemsOf(t, src), []manifest.Problem{prob(2, "cloudFront.responseHeadersPolicyQuota",
		"the routes need 3 CloudFront response headers policies (one per distinct cors, with the security headers) but the account quota is 2, shared with other stacks; give more routes the same cors (the default), or raise the quota and set cloudFront.responseHeadersPolicyQuota")})
	// Without security headers, /c needs none: two fit.
	parse(t, strings.Replace(src, "{responseHeadersPolicyQuota: 2}", "{responseHeadersPolicyQuota: 2, securityHeaders: {enabled: false}}", 1))
}
