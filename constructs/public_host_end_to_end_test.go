package constructs_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/strangler-fig/strangler/constructs"
	"github.com/strangler-fig/strangler/lambdas/httpadapter"
)

// End to end, the public name: a viewer request -> the cut-over function
// (the real code, in Node) -> the request CloudFront sends API Gateway ->
// API Gateway's REST proxy event -> httpadapter -> what the handler sees.

const (
	apiGatewayHost = "abc123defg.execute-api.eu-west-1.amazonaws.com"
	originKey      = "origin-key-only-cloudfront-knows"
)

// originRequestEvent models what reaches the function from a request the
// viewer-request function returned, through CloudFront and API Gateway:
//
//   - CloudFront's origin request policy AllViewerExceptHostHeader passes
//     every header the function left but Host, sets Host to the origin's
//     name (API Gateway's), and adds the origin's custom header x-api-key
//     (EdgeDistribution: ProxyApi.OriginHeaders), replacing a viewer's;
//     viewers are redirected to HTTPS (ViewerProtocolPolicy), so CloudFront
//     got it over TLS;
//   - API Gateway (REST, Lambda proxy, payload 1.0) checks the key, sets
//     X-Forwarded-Proto https and X-Forwarded-Port 443 of its own endpoint,
//     and gives the headers in headers and multiValueHeaders, the key
//     included (https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html#api-gateway-simple-proxy-for-lambda-input-format);
//   - without the key (aroundCloudFront) a caller reached API Gateway
//     directly with whatever headers it chose (API Gateway would refuse
//     it: the adapter must not trust it either).
func originRequestEvent(t *testing.T, returned json.RawMessage, aroundCloudFront bool) []byte {
	t.Helper()
	var r struct {
		Method  string                       `json:"method"`
		URI     string                       `json:"uri"`
		Headers map[string]map[string]string `json:"headers"`
	}
	if err := json.Unmarshal(returned, &r); err != nil {
		t.Fatalf("function returned %s: %v", returned, err)
	}
	single := map[string]string{}
	for name, v := range r.Headers {
		if name != "host" {
			single[name] = v["value"]
		}
	}
	single["Host"] = apiGatewayHost
	single["Via"] = "2.0 0123456789abcdef.cloudfront.net (CloudFront)"
	single["X-Forwarded-Proto"] = "https"
	single["X-Forwarded-Port"] = "443"
	if !aroundCloudFront {
		single["x-api-key"] = originKey
	}
	multi := map[string][]string{}
	for k, v := range single {
		multi[k] = []string{v}
	}
	ev := events.APIGatewayProxyRequest{
		Resource: "/user/{id}", Path: r.URI, HTTPMethod: r.Method,
		Headers: single, MultiValueHeaders: multi,
		QueryStringParameters:           map[string]string{"view": "full"},
		MultiValueQueryStringParameters: map[string][]string{"view": {"full"}},
		PathParameters:                  map[string]string{"id": "42"},
		RequestContext: events.APIGatewayProxyRequestContext{
			ResourcePath: "/user/{id}", Path: "/prod" + r.URI, HTTPMethod: r.Method, Stage: "prod",
			DomainName: apiGatewayHost, RequestID: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef", Protocol: "HTTP/1.1",
			Identity: events.APIGatewayRequestIdentity{SourceIP: "198.51.100.11"},
		},
	}
	if !aroundCloudFront {
		ev.RequestContext.Identity.APIKey = originKey
	}
	return qsMustJSON(ev)
}

type handlerView struct {
	host, forwardedHost, proto, path, query, apiKey string
}

func serve(t *testing.T, payload []byte) handlerView {
	t.Helper()
	var v handlerView
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v = handlerView{r.Host, r.Header.Get("X-Forwarded-Host"), r.Header.Get("X-Forwarded-Proto"), r.URL.Path, r.URL.RawQuery, r.Header.Get("X-Api-Key")}
	})
	a := httpadapter.New(h, httpadapter.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	if _, err := a.Invoke(context.Background(), payload); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestPublicHostEndToEnd(t *testing.T) {
	code := mustCutoverCode(t, []constructs.CutoverRoute{{Template: "/user/{id}", Weight: 100}})
	honest := cutoverEvent("/user/42", "view=full", "Bearer t")
	forged := withHeader(cutoverEvent("/user/42", "view=full", "Bearer t"), "x-forwarded-host", "evil.example.net")
	r := runCutover(t, code, map[string]any{"events": []any{honest, forged}})
	for i, name := range []string{"viewer sends no X-Forwarded-Host", "viewer forges X-Forwarded-Host"} {
		t.Run(name, func(t *testing.T) {
			if r.Results[i].Origin != nil {
				t.Fatalf("sent to %s, not API Gateway", *r.Results[i].Origin)
			}
			v := serve(t, originRequestEvent(t, r.Results[i].Request, false))
			if v.host != "api.example.com" || v.forwardedHost != "api.example.com" {
				t.Errorf("r.Host %q, X-Forwarded-Host %q; want the public name api.example.com", v.host, v.forwardedHost)
			}
			if link := v.proto + "://" + v.host + v.path + "?" + v.query; link != "https://api.example.com/user/42?view=full" {
				t.Errorf("the handler would link to %s", link)
			}
			if v.apiKey != "" {
				t.Error("the origin key reached the handler")
			}
		})
	}
	t.Run("caller around CloudFront", func(t *testing.T) {
		// Even with the function's header, a request without the origin
		// key is not trusted: API Gateway's own name stays.
		v := serve(t, originRequestEvent(t, r.Results[1].Request, true))
		if v.host != apiGatewayHost {
			t.Errorf("r.Host %q without the origin key, want API Gateway's %s", v.host, apiGatewayHost)
		}
	})
}
