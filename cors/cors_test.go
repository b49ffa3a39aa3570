package cors

import (
	"strings"
	"testing"
)

func good() Policy {
	return Policy{AllowOrigins: []string{"https://app.example.com", "http://localhost:3000"}, AllowMethods: []string{"GET", "POST"},
		AllowHeaders: []string{"Authorization", "Content-Type"}, ExposeHeaders: []string{"ETag"}, AllowCredentials: true, MaxAgeSeconds: 600}
}

func TestGoodPolicyHasNoProblems(t *testing.T) {
	if p := good().Problems(); len(p) > 0 {
		t.Fatalf("problems: %v", p)
	}
	anyOrigin := Policy{AllowOrigins: []string{"*"}, AllowMethods: []string{"GET"}, AllowHeaders: []string{"*", "Authorization"}}
	if p := anyOrigin.Problems(); len(p) > 0 {
		t.Fatalf("* without credentials: %v", p)
	}
}

func TestProblems(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(*Policy)
		field string
		want  string
	}{
		{"any origin with credentials", func(p *Policy) { p.AllowOrigins = []string{"*"} }, "allowOrigins", "set allowCredentials: false"},
		{"no origins", func(p *Policy) { p.AllowOrigins = nil }, "allowOrigins", "missing"},
		{"star and others", func(p *Policy) { p.AllowCredentials = false; p.AllowOrigins = []string{"*", "https://a.example.com"} }, "allowOrigins", "either"},
		{"path", func(p *Policy) { p.AllowOrigins = []string{"https://app.example.com/"} }, "allowOrigins", "e.g. https://app.example.com"},
		{"upper case", func(p *Policy) { p.AllowOrigins = []string{"https://App.example.com"} }, "allowOrigins", "e.g. https://app.example.com"},
		{"no scheme", func(p *Policy) { p.AllowOrigins = []string{"app.example.com"} }, "allowOrigins", "not an origin"},
		{"partial wildcard", func(p *Policy) { p.AllowOrigins = []string{"https://*.example.com"} }, "allowOrigins", "list each origin"},
		{"twice", func(p *Policy) { p.AllowOrigins = []string{"https://a.example.com", "https://a.example.com"} }, "allowOrigins", "twice"},
		{"default port", func(p *Policy) { p.AllowOrigins = []string{"https://app.example.com:443"} }, "allowOrigins", "write https://app.example.com"},
		{"no such port", func(p *Policy) { p.AllowOrigins = []string{"https://app.example.com:99999"} }, "allowOrigins", "not a TCP port"},
		{"method", func(p *Policy) { p.AllowMethods = []string{"ANY"} }, "allowMethods", "not one of"},
		{"no methods", func(p *Policy) { p.AllowMethods = nil }, "allowMethods", "missing"},
		{"star header with credentials", func(p *Policy) { p.AllowHeaders = []string{"*"} }, "allowHeaders", "named \"*\""},
		{"bad header", func(p *Policy) { p.ExposeHeaders = []string{"X Bad"} }, "exposeHeaders", "not an HTTP header name"},
		// Fetch: a wildcard never covers Authorization; a lone "*" would
		// have browsers refuse every call that sends a token.
		{"star header alone", func(p *Policy) { p.AllowCredentials = false; p.AllowHeaders = []string{"*"} }, "allowHeaders", `["*", "Authorization"]`},
		{"star header and another", func(p *Policy) {
			p.AllowCredentials = false
			p.AllowHeaders = []string{"*", "Authorization", "X-Trace"}
		}, "allowHeaders", "either"},
		{"max age", func(p *Policy) { p.MaxAgeSeconds = 90000 }, "maxAgeSeconds", "0 to 86400"},
	}
	for _, c := range cases {
		p := good()
		c.edit(&p)
		probs := p.Problems()
		if len(probs) != 1 || probs[0].Field != c.field || !strings.Contains(probs[0].Message, c.want) {
			t.Errorf("%s: got %+v, want one problem on %s saying %q", c.name, probs, c.field, c.want)
		}
	}
}

func TestErrorNamesWhere(t *testing.T) {
	p := good()
	p.AllowOrigins = []string{"*"}
	err := p.Error("route /user/{id}")
	if err == nil || !strings.HasPrefix(err.Error(), "route /user/{id}: CORS allowOrigins: ") {
		t.Fatalf("err = %v", err)
	}
	if good().Error("x") != nil {
		t.Fatal("a good policy has an error")
	}
}

func TestKeyTellsPoliciesApart(t *testing.T) {
	a, b := good(), good()
	if a.Key() != b.Key() {
		t.Fatal("equal policies, different keys")
	}
	b.MaxAgeSeconds = 60
	if a.Key() == b.Key() {
		t.Fatal("different policies, one key")
	}
}
