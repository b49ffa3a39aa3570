package stacks_test

import (
	"reflect"
	"strings"
	"testing"
)

// A monolith path kept `via: api-gateway` is an API Gateway HTTP proxy
// route to the monolith: same path and parameters, the origin key replaced
// before it leaves, the integration timeout of every route, the API key
// required like every method; and CloudFront has no behaviour for it.
func TestMonolithPathViaAPIGateway(t *testing.T) {
	tp := synth(t, fixture(t, `
legacy: {domainName: legacy.example.com}
routes:
  - path: /users/{userId}
    function: api-orders
    cache: per-token
  - path: /users/{userId}/orders
    function: api-carts
  - path: /users/{userId}/consents
    target: legacy
    via: api-gateway
`))
	var found map[string]any
	for _, r := range tp.resources("AWS::ApiGateway::Method") {
		if in, _ := props(r)["Integration"].(map[string]any); in["Type"] == "HTTP_PROXY" {
			if found != nil {
				t.Fatal("two HTTP proxy methods for one route")
			}
			found = props(r)
		}
	}
	if found == nil {
		t.Fatal("no HTTP proxy method")
	}
	in := found["Integration"].(map[string]any)
	if in["Uri"] != "https://legacy.example.com/users/{userId}/consents" || in["IntegrationHttpMethod"] != "ANY" || in["TimeoutInMillis"] != float64(29000) {
		t.Errorf("integration %v", in)
	}
	want := map[string]any{"integration.request.path.userId": "method.request.path.userId", "integration.request.header.x-api-key": "'-'"}
	if !reflect.DeepEqual(in["RequestParameters"], want) {
		t.Errorf("integration parameters %v, want %v", in["RequestParameters"], want)
	}
	if found["HttpMethod"] != "ANY" || found["ApiKeyRequired"] != true ||
		!reflect.DeepEqual(found["RequestParameters"], map[string]any{"method.request.path.userId": true}) {
		t.Errorf("method %v", found)
	}
	for _, r := range tp.resources("AWS::CloudFront::Distribution") {
		var patterns []any
		for _, b := range props(r)["DistributionConfig"].(map[string]any)["CacheBehaviors"].([]any) {
			patterns = append(patterns, b.(map[string]any)["PathPattern"])
		}
		if !reflect.DeepEqual(patterns, []any{"/users/*/*", "/users/*"}) {
			t.Errorf("behaviours %v, want /users/*/* (uncached, with the monolith path) and /users/*", patterns)
		}
	}
}

// The cut-over function runs on every migrated behaviour with its store:
// one KeyValueStore associated with the function, its ARN a stack output
// for the cutover command; every route with a function is in its table
// at the manifest's weight.
func TestCutoverFunctionAndStore(t *testing.T) {
	tp := defaultTemplate(t)
	stores := tp.resources("AWS::CloudFront::KeyValueStore")
	if len(stores) != 1 {
		t.Fatalf("%d key value stores, want 1", len(stores))
	}
	var storeID string
	for id := range stores {
		storeID = id
	}
	fns := tp.resources("AWS::CloudFront::Function")
	if len(fns) != 1 {
		t.Fatalf("%d CloudFront functions, want the cut-over one alone", len(fns))
	}
	for _, f := range fns {
		cfg := props(f)["FunctionConfig"].(map[string]any)
		if mustJSON(cfg["KeyValueStoreAssociations"]) != mustJSON([]any{map[string]any{"KeyValueStoreARN": map[string]any{"Fn::GetAtt": []any{storeID, "Arn"}}}}) {
			t.Errorf("store association %v", cfg["KeyValueStoreAssociations"])
		}
		code := props(f)["FunctionCode"].(string)
		for _, want := range []string{`var ROUTES = {"products":["/{id}",""],"user":["/{id}"]};`, `var LEGACY_ORIGIN = "legacy";`, "cf.kvs()"} {
			if !strings.Contains(code, want) {
				t.Errorf("function code lacks %s", want)
			}
		}
	}
	out := tp.json["Outputs"].(map[string]any)["CutoverStoreArn"].(map[string]any)
	if mustJSON(out["Value"]) != mustJSON(map[string]any{"Fn::GetAtt": []any{storeID, "Arn"}}) {
		t.Errorf("CutoverStoreArn %v", out)
	}
}
