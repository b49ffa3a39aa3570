// Package cors is a route's cross-origin policy for browsers and the rules
// it must follow, written once for the manifest (which reports them with
// file and line) and the constructs (with the construct path). No CDK import.
package cors

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Policy says which browser pages (origins) may call a route and how.
type Policy struct {
	// AllowOrigins are the exact origins allowed (scheme://host[:port], as
	// browsers send them in Origin), or ["*"] for any page (never with
	// AllowCredentials).
	AllowOrigins []string
	// AllowMethods a page may use, e.g. GET, POST (no ANY: give the list).
	AllowMethods []string
	// AllowHeaders a page may send beyond the CORS-safelisted ones, e.g.
	// Authorization, Content-Type; ["*"] for any (never with AllowCredentials).
	AllowHeaders []string
	// ExposeHeaders a page's script may read beyond the safelisted ones.
	ExposeHeaders []string
	// AllowCredentials lets pages send cookies and Authorization.
	AllowCredentials bool
	// MaxAgeSeconds a browser may keep a preflight's answer; 0 leaves the
	// header out (browsers then keep it 5 seconds).
	MaxAgeSeconds int
}

// MaxAgeSeconds is the longest preflight cache any browser honours
// (Firefox; Chromium caps at 7,200): more is pointless.
// Source: https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Access-Control-Max-Age
const MaxAgeSeconds = 86400

// Methods a policy may allow.
var Methods = []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}

// Problem is one rule a policy breaks: the field and what to do.
type Problem struct {
	Field   string // allowOrigins, allowMethods, allowHeaders, exposeHeaders, maxAgeSeconds
	Index   int    // the list item concerned, -1 for the whole field
	Message string
}

var (
	// origin is what a browser sends in Origin: scheme, lower-case host,
	// maybe a port; no path, no trailing slash.
	origin = regexp.MustCompile(`^https?://([a-z0-9]([a-z0-9-]*[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?$`)
	token  = regexp.MustCompile("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
)

// Problems lists every rule the policy breaks, in field order.
func (p Policy) Problems() []Problem {
	var out []Problem
	add := func(field string, i int, format string, args ...any) {
		out = append(out, Problem{Field: field, Index: i, Message: fmt.Sprintf(format, args...)})
	}
	anyOrigin := slices.Contains(p.AllowOrigins, "*")
	switch {
	case len(p.AllowOrigins) == 0:
		add("allowOrigins", -1, "missing; list the pages' origins that may call the route, e.g. [https://app.example.com]")
	case anyOrigin && len(p.AllowOrigins) > 1:
		add("allowOrigins", -1, `"*" already allows every origin; give either "*" or the origins`)
	case anyOrigin && p.AllowCredentials:
		add("allowOrigins", -1, `"*" with allowCredentials: browsers refuse a credentialed answer allowed to any origin, so every call would fail; list the origins that may send credentials (e.g. [https://app.example.com]), or set allowCredentials: false`)
	}
	for i, o := range p.AllowOrigins {
		switch {
		case o == "*":
		case strings.Contains(o, "*"):
			add("allowOrigins", i, "%q: only a whole \"*\" is a wildcard; list each origin (https://a.example.com, https://b.example.com)", o)
		case !origin.MatchString(o):
			fix := strings.TrimRight(strings.ToLower(o), "/")
			if !origin.MatchString(fix) {
				fix = "https://app.example.com"
			}
			add("allowOrigins", i, "%q is not an origin as browsers send it (scheme://host[:port], lower case, no path or trailing /); e.g. %s", o, fix)
		case slices.Index(p.AllowOrigins, o) < i:
			add("allowOrigins", i, "%q is listed twice", o)
		default:
			// Browsers leave out the scheme's default port: such an entry never matches.
			if u, err := url.Parse(o); err == nil && u.Port() != "" {
				port, _ := strconv.Atoi(u.Port())
				switch {
				case port < 1 || port > 65535:
					add("allowOrigins", i, "%q: port %s is not a TCP port (1-65535)", o, u.Port())
				case (u.Scheme == "https" && port == 443) || (u.Scheme == "http" && port == 80):
					add("allowOrigins", i, "%q: browsers leave out the default port, so it never matches; write %s://%s", o, u.Scheme, u.Hostname())
				}
			}
		}
	}
	if len(p.AllowMethods) == 0 {
		add("allowMethods", -1, "missing; list the methods pages may use, e.g. [GET, POST]")
	}
	for i, m := range p.AllowMethods {
		if !slices.Contains(Methods, m) {
			add("allowMethods", i, "%q is not one of %s", m, strings.Join(Methods, ", "))
		}
	}
	p.names("allowHeaders", p.AllowHeaders, add)
	p.names("exposeHeaders", p.ExposeHeaders, add)
	if p.MaxAgeSeconds < 0 || p.MaxAgeSeconds > MaxAgeSeconds {
		add("maxAgeSeconds", -1, "%d; use 0 to %d (no browser keeps a preflight longer)", p.MaxAgeSeconds, MaxAgeSeconds)
	}
	return out
}

func (p Policy) names(field string, names []string, add func(string, int, string, ...any)) {
	for i, h := range names {
		switch {
		case h == "*" && p.AllowCredentials:
			add(field, i, `"*" with allowCredentials: browsers then read it as a header named "*", not as any header; list the headers`)
		case h == "*" && field == "allowHeaders" && !p.withAuthorization(names):
			// Fetch: a wildcard Access-Control-Allow-Headers never covers Authorization.
			add(field, i, `"*" covers every header but Authorization, which browsers then refuse to send; write ["*", "Authorization"], or list the headers`)
		case h == "*" && len(names) > 1 && !(field == "allowHeaders" && len(names) == 2 && p.withAuthorization(names)):
			add(field, i, `"*" already means every header; give either "*" or the names`)
		case !token.MatchString(h):
			add(field, i, "%q is not an HTTP header name", h)
		}
	}
}

// withAuthorization says whether names lists Authorization.
func (Policy) withAuthorization(names []string) bool {
	for _, n := range names {
		if strings.EqualFold(n, "Authorization") {
			return true
		}
	}
	return false
}

// Key is the same string for the same policy: routes with equal keys can
// share a CloudFront behaviour and a response headers policy.
func (p Policy) Key() string {
	return fmt.Sprintf("o=%s m=%s h=%s e=%s c=%t a=%d", strings.Join(p.AllowOrigins, ","), strings.Join(p.AllowMethods, ","),
		strings.Join(p.AllowHeaders, ","), strings.Join(p.ExposeHeaders, ","), p.AllowCredentials, p.MaxAgeSeconds)
}

// Error joins the problems into one error naming where, or nil.
func (p Policy) Error(where string) error {
	probs := p.Problems()
	if len(probs) == 0 {
		return nil
	}
	var lines []string
	for _, q := range probs {
		f := q.Field
		if q.Index >= 0 {
			f = fmt.Sprintf("%s[%d]", f, q.Index)
		}
		lines = append(lines, fmt.Sprintf("%s: CORS %s: %s", where, f, q.Message))
	}
	return fmt.Errorf("%s", strings.Join(lines, "\n"))
}
