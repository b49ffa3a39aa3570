package constructs_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfront"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/constructs"
	"github.com/strangler-fig/strangler/cors"
)

func edgeWithApi(t *testing.T, props *constructs.EdgeDistributionProps) (*constructs.EdgeDistribution, func() *testTemplate) {
	edge, stack := edgeWithApiIn(t, props)
	return edge, func() *testTemplate { return templateOf(t, stack) }
}

func edgeWithApiIn(t *testing.T, props *constructs.EdgeDistributionProps) (*constructs.EdgeDistribution, awscdk.Stack) {
	t.Helper()
	stack := newTestStack(t, nil)
	api := constructs.NewProxyApi(stack, jsii.String("Api"), nil)
	api.AddMonolithRoute("/ping", []string{"GET"}, "https://legacy.example.com") // an API needs a method
	if props == nil {
		props = &constructs.EdgeDistributionProps{}
	}
	props.LegacyDomainName = jsii.String("legacy.example.com")
	props.ProxyApi = api
	return constructs.NewEdgeDistribution(stack, jsii.String("Edge"), props), stack
}

// behaviours of the distribution, by path pattern.
func behaviours(tpl *testTemplate) map[string]map[string]any {
	_, dist := tpl.only("AWS::CloudFront::Distribution", nil)
	out := map[string]map[string]any{}
	for _, b := range properties(dist)["DistributionConfig"].(map[string]any)["CacheBehaviors"].([]any) {
		bm := b.(map[string]any)
		out[bm["PathPattern"].(string)] = bm
	}
	return out
}

// By default every API behaviour gets one shared policy of security
// headers that never replace the answer's own; the monolith's get none.
func TestSecurityHeadersOnApiBehavioursByDefault(t *testing.T) {
	edge, synth := edgeWithApi(t, nil)
	edge.AddApiRoute("/user/*", nil)
	edge.AddApiRoute("/orders/*", &constructs.ApiRouteOptions{AllowedMethods: awscloudfront.AllowedMethods_ALLOW_GET_HEAD()})
	edge.AddLegacyRoute("/user/*/orders")
	tpl := synth()
	tpl.count("AWS::CloudFront::ResponseHeadersPolicy", 1)
	id, _ := tpl.only("AWS::CloudFront::ResponseHeadersPolicy", map[string]any{"ResponseHeadersPolicyConfig": map[string]any{
		"SecurityHeadersConfig": map[string]any{
			"StrictTransportSecurity": map[string]any{"AccessControlMaxAgeSec": 31536000, "IncludeSubdomains": false, "Override": false},
			"ContentTypeOptions":      map[string]any{"Override": false},
			"FrameOptions":            map[string]any{"FrameOption": "DENY", "Override": false},
			"ReferrerPolicy":          map[string]any{"ReferrerPolicy": "strict-origin-when-cross-origin", "Override": false},
		},
		"CorsConfig": assertions.Match_Absent(),
	}})
	bs := behaviours(tpl)
	for _, p := range []string{"/user/*", "/orders/*"} {
		if got := jsonString(bs[p]["ResponseHeadersPolicyId"]); got != jsonString(ref(id)) {
			t.Errorf("%s: ResponseHeadersPolicyId %s, want the shared policy %s", p, got, id)
		}
	}
	if got, ok := bs["/user/*/orders"]["ResponseHeadersPolicyId"]; ok {
		t.Errorf("the monolith's behaviour got a response headers policy: %v", got)
	}
}

func TestSecurityHeadersOff(t *testing.T) {
	edge, synth := edgeWithApi(t, &constructs.EdgeDistributionProps{SecurityHeaders: &constructs.SecurityHeaders{Disabled: true}})
	edge.AddApiRoute("/user/*", nil)
	synth().count("AWS::CloudFront::ResponseHeadersPolicy", 0)
}

// A behaviour with CORS gets one policy holding its CORS and the security
// headers (CloudFront takes one per behaviour), allows OPTIONS, and never
// overrides CORS headers the function sets; routes with the same CORS share it.
func TestCorsAndSecurityHeadersShareOnePolicy(t *testing.T) {
	edge, synth := edgeWithApi(t, &constructs.EdgeDistributionProps{SecurityHeaders: &constructs.SecurityHeaders{Override: true,
		FrameOption: awscloudfront.HeadersFrameOption_SAMEORIGIN}})
	app := &cors.Policy{AllowOrigins: []string{"https://app.example.com"}, AllowMethods: []string{"GET", "POST"},
		AllowHeaders: []string{"Authorization"}, ExposeHeaders: []string{"ETag"}, AllowCredentials: true, MaxAgeSeconds: 600}
	same := *app
	edge.AddApiRoute("/user/*", &constructs.ApiRouteOptions{Cors: app, AllowedMethods: awscloudfront.AllowedMethods_ALLOW_GET_HEAD()})
	edge.AddApiRoute("/orders/*", &constructs.ApiRouteOptions{Cors: &same})
	edge.AddApiRoute("/public/*", nil)
	tpl := synth()
	tpl.count("AWS::CloudFront::ResponseHeadersPolicy", 2)
	id, _ := tpl.only("AWS::CloudFront::ResponseHeadersPolicy", map[string]any{"ResponseHeadersPolicyConfig": map[string]any{
		"CorsConfig": map[string]any{
			"AccessControlAllowOrigins":     map[string]any{"Items": []any{"https://app.example.com"}},
			"AccessControlAllowMethods":     map[string]any{"Items": []any{"GET", "POST"}},
			"AccessControlAllowHeaders":     map[string]any{"Items": []any{"Authorization"}},
			"AccessControlExposeHeaders":    map[string]any{"Items": []any{"ETag"}},
			"AccessControlAllowCredentials": true,
			"AccessControlMaxAgeSec":        600,
			"OriginOverride":                false,
		},
		"SecurityHeadersConfig": map[string]any{"FrameOptions": map[string]any{"FrameOption": "SAMEORIGIN", "Override": true}},
	}})
	bs := behaviours(tpl)
	for _, p := range []string{"/user/*", "/orders/*"} {
		if got := jsonString(bs[p]["ResponseHeadersPolicyId"]); got != jsonString(ref(id)) {
			t.Errorf("%s: policy %s, want the CORS one %s", p, got, id)
		}
	}
	if got := jsonString(bs["/public/*"]["ResponseHeadersPolicyId"]); got == jsonString(ref(id)) {
		t.Errorf("/public/* (no CORS) got the CORS policy")
	}
	if got := jsonString(bs["/user/*"]["AllowedMethods"]); got != `["GET","HEAD","OPTIONS"]` {
		t.Errorf("/user/* with CORS allows %s; a preflight must get past CloudFront", got)
	}
}

func TestBadCorsIsAProblem(t *testing.T) {
	edge, stack := edgeWithApiIn(t, nil)
	edge.AddApiRoute("/user/*", &constructs.ApiRouteOptions{Cors: &cors.Policy{AllowOrigins: []string{"*"}, AllowMethods: []string{"GET"}, AllowCredentials: true}})
	msg, panicked := catchPanic(func() { assertions.Template_FromStack(stack, nil) })
	if !panicked || !strings.Contains(msg, "Stack/Edge") || !strings.Contains(msg, "ApiRouteOptions.Cors: CORS allowOrigins:") {
		t.Errorf("synth: panicked %v: %s", panicked, msg)
	}
}
