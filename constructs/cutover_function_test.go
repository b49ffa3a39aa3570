package constructs_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os/exec"
	"strings"
	"testing"

	"github.com/strangler-fig/strangler/awslimits"
	"github.com/strangler-fig/strangler/constructs"
)

type cutoverRun struct {
	Results []struct {
		Request json.RawMessage `json:"request"`
		Origin  *string         `json:"origin"`
	} `json:"results"`
	Callers *struct{ Lambda, Legacy, Flipped int } `json:"callers"`
}

// runCutover runs the cut-over function in Node (testdata/run_cutover_function.mjs)
// against a stand-in store.
func runCutover(t *testing.T, code string, input map[string]any) cutoverRun {
	t.Helper()
	input["code"] = code
	body, _ := json.Marshal(input)
	cmd := exec.Command("node", "testdata/run_cutover_function.mjs")
	cmd.Stdin = bytes.NewReader(body)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node testdata/run_cutover_function.mjs: %v\n%s", err, stderr.Bytes())
	}
	var r cutoverRun
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("driver output %q: %v", out, err)
	}
	return r
}

func cutoverEvent(uri, raw, auth string) map[string]any {
	headers := map[string]any{"host": map[string]string{"value": "api.example.com"}}
	if auth != "" {
		headers["authorization"] = map[string]string{"value": auth}
	}
	return map[string]any{
		"version": "1.0", "context": map[string]string{"eventType": "viewer-request"},
		"viewer":  map[string]string{"ip": "198.51.100.11"},
		"request": map[string]any{"method": "GET", "uri": uri, "querystring": map[string]any{}, "rawQueryString": raw, "headers": headers, "cookies": map[string]any{}},
	}
}

// withHeader adds a viewer header to a cutoverEvent.
func withHeader(e map[string]any, name, value string) map[string]any {
	e["request"].(map[string]any)["headers"].(map[string]any)[name] = map[string]string{"value": value}
	return e
}

var shopRoutes = []constructs.CutoverRoute{
	{Template: "/users/{userId}", Weight: 100},
	{Template: "/users/me", Weight: 0},
	{Template: "/users/{userId}/consents", Weight: -1},
	{Template: "/files/{proxy+}", Weight: 50},
	{Template: "/{tenant}/reports", Weight: 0},
}

func mustCutoverCode(t *testing.T, routes []constructs.CutoverRoute) string {
	t.Helper()
	code, err := constructs.CutoverFunctionCode(routes, true)
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// The share of 100,000 callers sent to Lambda is the route's weight
// within one point, for callers known by token and by address.
func TestCutoverShareFollowsTheWeight(t *testing.T) {
	code := mustCutoverCode(t, []constructs.CutoverRoute{{Template: "/user/{id}", Weight: 100}})
	for _, kind := range []string{"ip", "token"} {
		for _, w := range []int{1, 10, 50, 100} {
			t.Run(fmt.Sprintf("%s/%d", kind, w), func(t *testing.T) {
				r := runCutover(t, code, map[string]any{
					"store":   map[string]string{constructs.CutoverWeightKey("/user/{id}"): fmt.Sprint(w)},
					"callers": map[string]any{"uri": "/user/42", "n": 100000, "kind": kind},
				})
				got := float64(r.Callers.Lambda) / 1000 // percent
				if math.Abs(got-float64(w)) > 1 {
					t.Errorf("%.2f%% of callers to Lambda at weight %d", got, w)
				}
				if r.Callers.Flipped != 0 {
					t.Errorf("%d callers changed sides between two requests at one weight", r.Callers.Flipped)
				}
			})
		}
	}
}

// Raising a weight only adds callers: whoever was on Lambda at 10% is
// still there at 50%.
func TestCutoverRaisingKeepsCallers(t *testing.T) {
	code := mustCutoverCode(t, []constructs.CutoverRoute{{Template: "/user/{id}", Weight: 100}})
	var events []any
	for i := range 400 {
		events = append(events, cutoverEvent("/user/1", "", fmt.Sprintf("Bearer caller-%d", i)))
	}
	at := func(w int) []*string {
		r := runCutover(t, code, map[string]any{"store": map[string]string{"w:/user/{id}": fmt.Sprint(w)}, "events": events})
		var out []*string
		for _, x := range r.Results {
			out = append(out, x.Origin)
		}
		return out
	}
	low, high := at(10), at(50)
	for i := range low {
		if low[i] == nil && high[i] != nil {
			t.Fatalf("caller %d was on Lambda at 10%% but not at 50%%", i)
		}
	}
}

// Which route a path is, and what happens without a usable store value.
func TestCutoverRoutesAndFallbacks(t *testing.T) {
	code := mustCutoverCode(t, shopRoutes)
	legacy := constructs.LegacyOriginId
	tests := []struct {
		name, uri string
		store     map[string]string
		storeErr  bool
		want      *string // selected origin; nil: the behaviour's (API Gateway)
	}{
		{"store says 0", "/users/7", map[string]string{"w:/users/{userId}": "0"}, false, &legacy},
		{"store says 100", "/users/me", map[string]string{"w:/users/me": "100"}, false, nil},
		{"missing key: the manifest's 100", "/users/7", map[string]string{}, false, nil},
		{"missing key: the manifest's 0", "/users/me", map[string]string{}, false, &legacy},
		{"store error: the manifest's 100", "/users/7", nil, true, nil},
		{"store error: the manifest's 0", "/users/me", nil, true, &legacy},
		{"a value that is not a percentage: the manifest's", "/users/7", map[string]string{"w:/users/{userId}": "150"}, false, nil},
		{"a literal before a parameter (API Gateway's pick)", "/users/me", map[string]string{"w:/users/{userId}": "100"}, false, &legacy},
		{"a monolith path through API Gateway is not weighed", "/users/7/consents", map[string]string{"w:/users/{userId}": "0"}, false, nil},
		{"a greedy tail of several segments", "/files/a/b/c", map[string]string{"w:/files/{proxy+}": "0"}, false, &legacy},
		{"a literal first segment before a parameter one", "/files/reports", map[string]string{"w:/files/{proxy+}": "100"}, false, nil},
		{"a parameter first segment", "/acme/reports", map[string]string{}, false, &legacy},
		{"no route: the behaviour's origin", "/users/7/unknown/deeper", map[string]string{"w:/users/{userId}": "0"}, false, nil},
		{"a first segment named like an Object property", "/constructor/reports", map[string]string{"w:/{tenant}/reports": "100"}, false, nil},
		{"__proto__", "/__proto__/x", map[string]string{}, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCutover(t, code, map[string]any{"store": tt.store, "storeError": tt.storeErr, "events": []any{cutoverEvent(tt.uri, "", "Bearer x")}})
			got := r.Results[0].Origin
			if (got == nil) != (tt.want == nil) || (got != nil && *got != *tt.want) {
				t.Errorf("%s: origin %v, want %v", tt.uri, deref(got), deref(tt.want))
			}
		})
	}
}

func deref(s *string) string {
	if s == nil {
		return "(the behaviour's)"
	}
	return *s
}

// The query-string fix still runs, on both sides, and the function adds
// no header but X-Forwarded-Host, the Host CloudFront answered on (over
// any the viewer sent): the API key is an origin custom header of API
// Gateway's origin only, which CloudFront adds after the function.
func TestCutoverKeepsTheQueryStringFix(t *testing.T) {
	code := mustCutoverCode(t, shopRoutes)
	for _, w := range []string{"0", "100"} {
		r := runCutover(t, code, map[string]any{"store": map[string]string{"w:/users/{userId}": w},
			"events": []any{withHeader(cutoverEvent("/users/7", "idList=1;2;3&id=1&id=2", "Bearer x"), "x-forwarded-host", "evil.example")}})
		var req struct {
			Querystring any            `json:"querystring"`
			Headers     map[string]any `json:"headers"`
		}
		if err := json.Unmarshal(r.Results[0].Request, &req); err != nil {
			t.Fatal(err)
		}
		if req.Querystring != "idList=1%3B2%3B3&id=1&id=2" {
			t.Errorf("weight %s: query %v", w, req.Querystring)
		}
		for h, v := range req.Headers {
			switch h {
			case "host", "authorization":
			case "x-forwarded-host":
				if v.(map[string]any)["value"] != "api.example.com" {
					t.Errorf("weight %s: x-forwarded-host %v, want the Host api.example.com", w, v)
				}
			default:
				t.Errorf("weight %s: the function added header %q", w, h)
			}
		}
	}
}

// The code stays well under CloudFront Functions' 10 KB with 150 routes.
func TestCutoverCodeSize(t *testing.T) {
	var routes []constructs.CutoverRoute
	for i := range 150 {
		routes = append(routes, constructs.CutoverRoute{Template: fmt.Sprintf("/svc%02d/{svcId}/sub%02d/{subId}", i/12, i%12), Weight: 100})
	}
	code := mustCutoverCode(t, routes)
	t.Logf("150 routes: %d bytes of %d", len(code), awslimits.CloudFrontFunctionCodeBytes)
	if strings.Contains(code, "\n//") {
		t.Error("comment lines left in the deployed code")
	}
	for i := range 150 {
		routes = append(routes, constructs.CutoverRoute{Template: fmt.Sprintf("/more%03d/{id}/and/a/rather/long/path/{x}", i), Weight: 100})
	}
	if _, err := constructs.CutoverFunctionCode(routes, true); err == nil || !strings.Contains(err.Error(), "over CloudFront Functions' 10240") {
		t.Errorf("300 long routes: %v, want the size refused", err)
	}
}
