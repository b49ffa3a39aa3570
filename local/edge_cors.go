package local

import (
	"net/http"
	"slices"
	"strings"

	"github.com/strangler-fig/strangler/cors"
)

// corsAnswer adds what a behaviour's response headers policy (CORS,
// OriginOverride false: constructs.EdgeDistribution) adds to an answer to
// a page of an allowed origin: Access-Control-Allow-Origin (the page's
// origin, or "*" for a policy allowing any without credentials),
// -Allow-Credentials and -Expose-Headers, unless the answer already
// carries CORS headers of its own (a function's, or the preflight the
// viewer function generated).
func corsAnswer(p *cors.Policy, origin string, h http.Header) {
	if p == nil || origin == "" || h.Get("Access-Control-Allow-Origin") != "" {
		return
	}
	anyOrigin := slices.Contains(p.AllowOrigins, "*")
	if !anyOrigin && !slices.Contains(p.AllowOrigins, origin) {
		return
	}
	allow := origin
	if anyOrigin && !p.AllowCredentials {
		allow = "*"
	}
	h.Set("Access-Control-Allow-Origin", allow)
	if p.AllowCredentials {
		h.Set("Access-Control-Allow-Credentials", "true")
	}
	if len(p.ExposeHeaders) > 0 {
		h.Set("Access-Control-Expose-Headers", strings.Join(p.ExposeHeaders, ", "))
	}
	if allow != "*" {
		h.Add("Vary", "Origin")
	}
}
