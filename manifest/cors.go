package manifest

import (
	"fmt"
	"slices"
	"strings"

	"github.com/strangler-fig/strangler/cors"
)

// CORS lets browser pages on other origins call migrated routes. The
// preflight (OPTIONS with Origin and Access-Control-Request-Method) is
// answered by the cut-over CloudFront Function at the edge, never by a
// Lambda; every other answer gets the CORS headers from the behaviour's
// CloudFront response headers policy, unless the function (or, for a
// route's share still on the monolith, the monolith) set them itself.
type CORS struct {
	// AllowOrigins are the pages' origins that may call, exactly as
	// browsers send them: scheme://host[:port], lower case, no path, e.g.
	// https://app.example.com; or ["*"] for any page (never with
	// allowCredentials). Required.
	AllowOrigins []string `yaml:"allowOrigins" json:"allowOrigins"`
	// AllowMethods pages may use: GET, HEAD, POST, PUT, PATCH, DELETE,
	// OPTIONS or ANY. Default: the route's methods.
	AllowMethods []string `yaml:"allowMethods,omitempty" json:"allowMethods,omitempty"`
	// AllowHeaders pages may send. Default: auth.header and Content-Type.
	AllowHeaders []string `yaml:"allowHeaders,omitempty" json:"allowHeaders,omitempty"`
	// ExposeHeaders pages' scripts may read beyond the safelisted ones
	// (e.g. ETag, Location). Default: none.
	ExposeHeaders []string `yaml:"exposeHeaders,omitempty" json:"exposeHeaders,omitempty"`
	// AllowCredentials lets pages send cookies and Authorization. Default: false.
	AllowCredentials bool `yaml:"allowCredentials,omitempty" json:"allowCredentials,omitempty"`
	// MaxAgeSeconds browsers keep a preflight's answer, 0 to 86400.
	// Default: 600.
	MaxAgeSeconds *int `yaml:"maxAgeSeconds,omitempty" json:"maxAgeSeconds,omitempty"`
}

// DefaultCORSMaxAgeSeconds: ten minutes of preflights saved per page and
// route, short enough that a narrowed policy reaches browsers soon.
const DefaultCORSMaxAgeSeconds = 600

// Policy is the route's CORS as the edge applies it (ANY spelt out).
func (c *CORS) Policy() cors.Policy {
	methods := c.AllowMethods
	if slices.Contains(methods, "ANY") {
		methods = cors.Methods
	}
	p := cors.Policy{AllowOrigins: c.AllowOrigins, AllowMethods: methods, AllowHeaders: c.AllowHeaders,
		ExposeHeaders: c.ExposeHeaders, AllowCredentials: c.AllowCredentials}
	if c.MaxAgeSeconds != nil {
		p.MaxAgeSeconds = *c.MaxAgeSeconds
	}
	return p
}

// key tells CORS settings apart for CloudFront behaviours ("" for none).
func (c *CORS) key() string {
	if c == nil {
		return ""
	}
	return " cors=" + c.Policy().Key()
}

// applyCORSDefaults gives each route with a function the manifest's cors
// unless it has its own, and fills what either leaves out.
func (m *Manifest) applyCORSDefaults() {
	for i := range m.Routes {
		r := &m.Routes[i]
		if r.Function == "" {
			continue // the monolith's: its own CORS, as before
		}
		if r.CORS == nil && m.CORS != nil {
			c := *m.CORS
			c.AllowOrigins = slices.Clone(c.AllowOrigins)
			c.AllowMethods = slices.Clone(c.AllowMethods)
			c.AllowHeaders = slices.Clone(c.AllowHeaders)
			c.ExposeHeaders = slices.Clone(c.ExposeHeaders)
			r.CORS = &c
		}
		c := r.CORS
		if c == nil {
			continue
		}
		if len(c.AllowMethods) == 0 {
			c.AllowMethods = slices.Clone(r.Methods)
		}
		for j, meth := range c.AllowMethods {
			c.AllowMethods[j] = strings.ToUpper(meth)
		}
		if len(c.AllowHeaders) == 0 {
			c.AllowHeaders = []string{m.Auth.Header, "Content-Type"}
		}
		if c.MaxAgeSeconds == nil {
			c.MaxAgeSeconds = ptr(DefaultCORSMaxAgeSeconds)
		}
	}
}

// cors checks the default where it is written (naming the routes that
// take it) and each route's own.
func (v *validator) cors() {
	if c := v.m.CORS; c != nil {
		var users []string
		for i, r := range v.m.Routes {
			if _, own := v.lines[fmt.Sprintf("routes[%d].cors", i)]; r.Function != "" && !own {
				users = append(users, r.Path)
			}
		}
		// Methods and headers left out are filled per route; check as filled.
		p := c.Policy()
		if len(p.AllowMethods) == 0 {
			p.AllowMethods = []string{"GET"}
		}
		if len(p.AllowHeaders) == 0 {
			p.AllowHeaders = []string{v.m.Auth.Header}
		}
		for _, q := range p.Problems() {
			v.at(corsField("cors", q), "%s (the default of %s)", q.Message, orNone(users))
		}
	}
	for i, r := range v.m.Routes {
		base := fmt.Sprintf("routes[%d].cors", i)
		_, own := v.lines[base]
		switch {
		case !own:
		case r.Function == "":
			v.at(base, "a route without a function is the monolith's, which answers its own CORS; remove cors")
		default:
			for _, q := range r.CORS.Policy().Problems() {
				v.at(corsField(base, q), "%s", q.Message)
			}
		}
	}
}

func corsField(base string, q cors.Problem) string {
	if q.Index >= 0 {
		return fmt.Sprintf("%s.%s[%d]", base, q.Field, q.Index)
	}
	return base + "." + q.Field
}

func orNone(routes []string) string {
	if len(routes) == 0 {
		return "no route yet"
	}
	return "routes " + strings.Join(routes, ", ")
}
