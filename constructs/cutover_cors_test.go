package constructs_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/strangler-fig/strangler/awslimits"
	"github.com/strangler-fig/strangler/constructs"
	"github.com/strangler-fig/strangler/cors"
)

var appCors = &cors.Policy{AllowOrigins: []string{"https://app.example.com"}, AllowMethods: []string{"GET", "POST"},
	AllowHeaders: []string{"Authorization", "Content-Type"}, AllowCredentials: true, MaxAgeSeconds: 600}

func preflightEvent(uri, origin, method string) map[string]any {
	e := cutoverEvent(uri, "", "")
	e["request"].(map[string]any)["method"] = "OPTIONS"
	if origin != "" {
		withHeader(e, "origin", origin)
	}
	if method != "" {
		withHeader(e, "access-control-request-method", method)
	}
	return e
}

type edgeAnswer struct {
	StatusCode int                          `json:"statusCode"`
	Headers    map[string]map[string]string `json:"headers"`
	URI        string                       `json:"uri"`
}

// A browser's preflight for a route with CORS is answered by the function
// (a response, not a request going on to an origin), whatever the route's
// weight; anything else goes on as before.
func TestCutoverAnswersPreflight(t *testing.T) {
	code := mustCutoverCode(t, []constructs.CutoverRoute{
		{Template: "/user/{id}", Weight: 100, Cors: appCors},
		{Template: "/cart", Weight: 0, Cors: &cors.Policy{AllowOrigins: []string{"*"}, AllowMethods: []string{"PUT"}}},
		{Template: "/plain", Weight: 100},
	})
	events := []any{
		preflightEvent("/user/1", "https://app.example.com", "POST"),  // 0: allowed
		preflightEvent("/user/1", "https://evil.example.net", "POST"), // 1: origin not allowed
		preflightEvent("/user/1", "https://app.example.com", "PUT"),   // 2: method not allowed
		preflightEvent("/cart", "https://anyone.example.org", "PUT"),  // 3: any origin, weight 0
		preflightEvent("/user/1", "", ""),                             // 4: OPTIONS, not a preflight
		preflightEvent("/plain", "https://app.example.com", "GET"),    // 5: no CORS on the route
		cutoverEvent("/user/1", "", "Bearer x"),                       // 6: an actual request
	}
	r := runCutover(t, code, map[string]any{"events": events})
	answers := make([]edgeAnswer, len(r.Results))
	for i, x := range r.Results {
		if err := json.Unmarshal(x.Request, &answers[i]); err != nil {
			t.Fatal(err)
		}
	}
	h := func(i int, name string) string { return answers[i].Headers[name]["value"] }
	if a := answers[0]; a.StatusCode != 204 || h(0, "access-control-allow-origin") != "https://app.example.com" ||
		h(0, "access-control-allow-methods") != "GET, POST" || h(0, "access-control-allow-headers") != "Authorization, Content-Type" ||
		h(0, "access-control-allow-credentials") != "true" || h(0, "access-control-max-age") != "600" || h(0, "vary") != "Origin" {
		t.Errorf("allowed preflight: %+v", a)
	}
	for _, i := range []int{1, 2} {
		if a := answers[i]; a.StatusCode != 403 || h(i, "access-control-allow-origin") != "" {
			t.Errorf("refused preflight %d: %+v", i, a)
		}
	}
	if a := answers[3]; a.StatusCode != 204 || h(3, "access-control-allow-origin") != "*" || h(3, "access-control-allow-credentials") != "" || r.Results[3].Origin != nil {
		t.Errorf("any-origin preflight at weight 0 (answered here, not sent to the monolith): %+v, origin %v", a, r.Results[3].Origin)
	}
	for _, i := range []int{4, 5, 6} {
		if a := answers[i]; a.StatusCode != 0 || a.URI == "" {
			t.Errorf("event %d is not a preflight for a CORS route, yet it was answered: %+v", i, a)
		}
	}
}

func TestCutoverRefusesABadCorsPolicy(t *testing.T) {
	_, err := constructs.CutoverFunctionCode([]constructs.CutoverRoute{{Template: "/user/{id}", Weight: 100,
		Cors: &cors.Policy{AllowOrigins: []string{"*"}, AllowMethods: []string{"GET"}, AllowCredentials: true}}}, true)
	if err == nil || !strings.Contains(err.Error(), "cut-over route /user/{id}: CORS allowOrigins:") {
		t.Fatalf("err = %v", err)
	}
}

// CORS costs a few bytes per route and one table entry per distinct
// policy: 150 routes with CORS, two policies, still fit the 10 KB.
func TestCutoverCodeSizeWithCors(t *testing.T) {
	public := &cors.Policy{AllowOrigins: []string{"*"}, AllowMethods: []string{"GET", "HEAD"}}
	var plain, withCors []constructs.CutoverRoute
	for i := range 150 {
		r := constructs.CutoverRoute{Template: fmt.Sprintf("/svc%02d/{svcId}/sub%02d/{subId}", i/12, i%12), Weight: 100}
		plain = append(plain, r)
		r.Cors = appCors
		if i%2 == 0 {
			r.Cors = public
		}
		withCors = append(withCors, r)
	}
	without, with := mustCutoverCode(t, plain), mustCutoverCode(t, withCors)
	t.Logf("150 routes: %d bytes without CORS, %d with (of %d)", len(without), len(with), awslimits.CloudFrontFunctionCodeBytes)
	if strings.Count(with, `"o":[`) != 2 {
		t.Errorf("each distinct policy once in the table: %d", strings.Count(with, `"o":[`))
	}
}
