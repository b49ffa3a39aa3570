package stacks_test

import (
	"strings"
	"testing"
)

// CORS from the manifest reaches the edge twice, from one source: the
// behaviour's response headers policy (with the security headers, one
// policy per behaviour) for actual answers, and the cut-over function's
// table for the preflight; OPTIONS gets past CloudFront. A route with no
// CORS shares the security-only policy.
func TestCORSAndSecurityHeadersFromTheManifest(t *testing.T) {
	m := fixture(t, `legacy: {domainName: legacy-api.example.com}
cors:
  allowOrigins: [https://app.example.com]
  allowCredentials: true
  exposeHeaders: [ETag]
routes:
  - path: /carts/{id}
    function: api-carts
  - path: /search
    function: api-search
    methods: [GET, POST]
    auth: none
    cors: {allowOrigins: ["*"], maxAgeSeconds: 60}
  - path: /orders
    function: api-orders
cloudFront:
  securityHeaders: {frameOptions: sameorigin, override: true}
`)
	m.Routes[2].CORS = nil // a route without CORS (the default covers it otherwise)
	tp := synth(t, m)
	policies := tp.resources("AWS::CloudFront::ResponseHeadersPolicy")
	if len(policies) != 3 {
		t.Fatalf("%d response headers policies, want 3 (two CORS, one security only)", len(policies))
	}
	byCors := map[string]string{}
	for id, p := range policies {
		cfg := props(p)["ResponseHeadersPolicyConfig"].(map[string]any)
		sec := mustJSON(cfg["SecurityHeadersConfig"].(map[string]any)["FrameOptions"])
		if sec != `{"FrameOption":"SAMEORIGIN","Override":true}` {
			t.Errorf("%s: frame options %s, want the manifest's", id, sec)
		}
		byCors[mustJSON(cfg["CorsConfig"])] = id
	}
	userCors := `{"AccessControlAllowCredentials":true,"AccessControlAllowHeaders":{"Items":["Authorization","Content-Type"]},"AccessControlAllowMethods":{"Items":["GET"]},"AccessControlAllowOrigins":{"Items":["https://app.example.com"]},"AccessControlExposeHeaders":{"Items":["ETag"]},"AccessControlMaxAgeSec":600,"OriginOverride":false}`
	productsCors := `{"AccessControlAllowCredentials":false,"AccessControlAllowHeaders":{"Items":["Authorization","Content-Type"]},"AccessControlAllowMethods":{"Items":["GET","POST"]},"AccessControlAllowOrigins":{"Items":["*"]},"AccessControlMaxAgeSec":60,"OriginOverride":false}`
	want := map[string]string{"/carts/*": byCors[userCors], "/search": byCors[productsCors], "/orders": byCors["null"]}
	for p, id := range want {
		if id == "" {
			t.Errorf("%s: no policy with the expected CORS; have %v", p, byCors)
		}
	}
	var dist map[string]any
	for _, d := range tp.resources("AWS::CloudFront::Distribution") {
		dist = d
	}
	for _, b := range props(dist)["DistributionConfig"].(map[string]any)["CacheBehaviors"].([]any) {
		bm := b.(map[string]any)
		p := bm["PathPattern"].(string)
		if got := mustJSON(bm["ResponseHeadersPolicyId"]); got != mustJSON(ref(want[p])) {
			t.Errorf("%s: ResponseHeadersPolicyId %s, want %s", p, got, want[p])
		}
		if p == "/carts/*" && mustJSON(bm["AllowedMethods"]) != `["GET","HEAD","OPTIONS"]` {
			t.Errorf("/carts/* allows %v; a preflight must get past CloudFront", bm["AllowedMethods"])
		}
	}
	var code string
	for id, f := range tp.resources("AWS::CloudFront::Function") {
		if strings.HasPrefix(id, "Cutover") {
			code = props(f)["FunctionCode"].(string)
		}
	}
	for _, w := range []string{
		`var CORS = [{"a":600,"c":true,"h":["Authorization","Content-Type"],"m":["GET"],"o":["https://app.example.com"]},{"a":60,"c":false,"h":["Authorization","Content-Type"],"m":["GET","POST"],"o":["*"]}];`,
		`"carts":[["/{id}",100,0]]`, `"search":[["",100,1]]`, `"orders":[""]`,
	} {
		if !strings.Contains(code, w) {
			t.Errorf("cut-over function lacks %s:\n%.600s", w, code[strings.Index(code, "var ROUTES"):])
		}
	}
}

// Tracing is on by default (stage, API functions, authorizer, with the
// role statements to send segments) and off with observability.tracing.
func TestTracingSwitch(t *testing.T) {
	for _, on := range []bool{true, false} {
		src := `legacy: {domainName: legacy-api.example.com}
routes:
  - path: /carts/{id}
    function: api-carts
`
		if !on {
			src += "observability: {tracing: false}\ncloudFront: {securityHeaders: {enabled: false}}\n"
		}
		tp := synth(t, fixture(t, src))
		traced := 0
		for _, f := range tp.resources("AWS::Lambda::Function") {
			if mustJSON(props(f)["TracingConfig"]) == `{"Mode":"Active"}` {
				traced++
			}
		}
		xray := 0
		for _, r := range tp.resources("AWS::IAM::Role") {
			if strings.Contains(mustJSON(props(r)["Policies"]), `"xray:PutTelemetryRecords","xray:PutTraceSegments"`) {
				xray++
			}
		}
		stage := ""
		for _, s := range tp.resources("AWS::ApiGateway::Stage") {
			stage = mustJSON(props(s)["TracingEnabled"])
		}
		policies := len(tp.resources("AWS::CloudFront::ResponseHeadersPolicy"))
		if on && (traced != 2 || xray != 2 || stage != "true" || policies != 1) {
			t.Errorf("default: %d traced functions (want the API function and the authorizer), %d roles with X-Ray, stage %s, %d header policies", traced, xray, stage, policies)
		}
		if !on && (traced != 0 || xray != 0 || stage != "false" || policies != 0) {
			t.Errorf("switched off: %d traced functions, %d roles with X-Ray, stage %s, %d header policies", traced, xray, stage, policies)
		}
	}
}
