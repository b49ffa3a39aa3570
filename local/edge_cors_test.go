package local

import (
	"maps"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
)

const corsManifest = `
legacy: {domainName: legacy-api.example.com}
auth:
  default: delegate
  delegate: {url: /session}
cors: {allowOrigins: [https://app.example.com], exposeHeaders: [ETag], allowCredentials: true}
routes:
  - path: /echo/{proxy+}
    methods: [GET]
    function: api-echo
`

// A page's calls to a route with CORS, end to end through the local edge,
// the viewer function, API Gateway and the Lambda adapter: the preflight is
// answered at the edge (the function runs, no Lambda); the actual GET goes
// through the adapter to the handler and comes back with the CORS headers
// of the behaviour's response headers policy; another origin gets none.
func TestCorsThroughTheEdgeAndTheAdapter(t *testing.T) {
	r := startLocal(t, corsManifest, filepath.Join("testdata", "lambdas"), Options{
		Secrets: map[string]map[string]string{"api-echo": {"ECHO_SECRET": "local-value"}},
	})
	call := func(method, origin string, extra map[string]string) answer {
		t.Helper()
		header := map[string]string{"Origin": origin}
		maps.Copy(header, extra)
		return r.doWith(t, method, "/echo/items", header)
	}

	pre := call("OPTIONS", "https://app.example.com", map[string]string{"Access-Control-Request-Method": "GET"})
	if pre.status != http.StatusNoContent || pre.header.Get("Access-Control-Allow-Origin") != "https://app.example.com" ||
		!strings.Contains(pre.header.Get("Access-Control-Allow-Methods"), "GET") || pre.body != "" {
		t.Errorf("preflight: %d %v %q, want 204 from the edge with the CORS headers", pre.status, pre.header, pre.body)
	}

	got := call("GET", "https://app.example.com", nil)
	e := decodeEcho(t, got) // the handler answered, through the adapter
	if e.Path != "/echo/items" {
		t.Errorf("handler saw %q", e.Path)
	}
	for h, want := range map[string]string{
		"Access-Control-Allow-Origin":      "https://app.example.com",
		"Access-Control-Allow-Credentials": "true",
		"Access-Control-Expose-Headers":    "ETag",
		"Vary":                             "Origin",
	} {
		if v := got.header.Get(h); v != want {
			t.Errorf("GET answer %s = %q, want %q", h, v, want)
		}
	}

	other := call("GET", "https://evil.example.net", nil)
	decodeEcho(t, other)
	if v := other.header.Get("Access-Control-Allow-Origin"); v != "" {
		t.Errorf("an origin not allowed got Access-Control-Allow-Origin %q", v)
	}
}
