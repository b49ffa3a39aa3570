package stacks_test

import (
	"reflect"
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
    cacheQueryKeys: []
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
	// The origin key replaced; the origin secret the monolith checks added (a
	// dynamic reference, resolved at deploy: never in the template).
	want := map[string]any{"integration.request.path.userId": "method.request.path.userId", "integration.request.header.x-api-key": "'-'",
		"integration.request.header.X-Origin-Verify": map[string]any{"Fn::Join": []any{"", []any{"'{{resolve:secretsmanager:", map[string]any{"Ref": "MonolithOriginValueE36D92F3"}, ":SecretString:::}}'"}}}}
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
