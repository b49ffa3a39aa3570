package local

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
)

// invokerFunc is an Invoker in a test.
type invokerFunc func(ctx context.Context, payload []byte) ([]byte, error)

func (f invokerFunc) Invoke(ctx context.Context, p []byte) ([]byte, error) { return f(ctx, p) }

func testAPI(t *testing.T, fn Invoker) *API {
	t.Helper()
	api, err := NewAPI("prod", time.Second, []Resource{
		{Template: "/files/{proxy+}", Methods: []string{"ANY"}, Function: fn},
		{Template: "/user/{id}", Methods: []string{"GET", "HEAD", "POST"}, Function: fn},
		{Template: "/user/me", Methods: []string{"GET"}, Function: fn},
	})
	if err != nil {
		t.Fatal(err)
	}
	return api
}

func serve(api *API, method, target, body string, header http.Header) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	for k, vs := range header {
		req.Header[k] = vs
	}
	req.RemoteAddr = "127.0.0.1:51000"
	w := httptest.NewRecorder()
	api.ServeHTTP(w, req)
	return w
}

// The event carries what API Gateway documents: resource and path without
// the stage, requestContext.path with it, decoded path parameters, every
// header and query value, request ids and the source IP.
func TestEventFields(t *testing.T) {
	var ev events.APIGatewayProxyRequest
	api := testAPI(t, invokerFunc(func(_ context.Context, p []byte) ([]byte, error) {
		if err := json.Unmarshal(p, &ev); err != nil {
			t.Fatal(err)
		}
		return []byte(`{"statusCode":201,"multiValueHeaders":{"Set-Cookie":["a=1","b=2"]},"body":"made"}`), nil
	}))
	w := serve(api, "POST", "/prod/user/a%20b?idList=1;2&id=1&id=2&q=a+b%26c&flag", `{"x":1}`,
		http.Header{"X-Multi": {"one", "two"}, "Content-Type": {"application/json"}, "X-Forwarded-For": {"203.0.113.9"}})
	if w.Code != 201 || w.Body.String() != "made" || len(w.Result().Header["Set-Cookie"]) != 2 {
		t.Fatalf("answer %d %q %v", w.Code, w.Body, w.Result().Header)
	}
	rc := ev.RequestContext
	checks := map[string][2]any{
		"resource":                    {ev.Resource, "/user/{id}"},
		"path":                        {ev.Path, "/user/a%20b"},
		"requestContext.path":         {rc.Path, "/prod/user/a%20b"},
		"requestContext.stage":        {rc.Stage, "prod"},
		"resourcePath":                {rc.ResourcePath, "/user/{id}"},
		"pathParameters.id":           {ev.PathParameters["id"], "a b"},
		"sourceIp":                    {rc.Identity.SourceIP, "127.0.0.1"},
		"multiValueHeaders":           {strings.Join(ev.MultiValueHeaders["X-Multi"], ","), "one,two"},
		"headers (last value)":        {ev.Headers["X-Multi"], "two"},
		"X-Forwarded-For":             {ev.Headers["X-Forwarded-For"], "203.0.113.9, 127.0.0.1"},
		"query idList (raw ; splits)": {strings.Join(ev.MultiValueQueryStringParameters["idList"], ","), "1"},
		"query key 2":                 {strings.Join(ev.MultiValueQueryStringParameters["2"], ","), ""},
		"query id":                    {strings.Join(ev.MultiValueQueryStringParameters["id"], ","), "1,2"},
		"queryStringParameters id":    {ev.QueryStringParameters["id"], "2"},
		"query q decoded":             {ev.QueryStringParameters["q"], "a b&c"},
		"query flag":                  {ev.QueryStringParameters["flag"], ""},
		"body":                        {ev.Body, `{"x":1}`},
		"isBase64Encoded":             {ev.IsBase64Encoded, false},
	}
	for name, c := range checks {
		if c[0] != c[1] {
			t.Errorf("%s = %#v, want %#v", name, c[0], c[1])
		}
	}
	if _, ok := ev.MultiValueQueryStringParameters["2"]; !ok {
		t.Errorf("the raw ; did not split: %v", ev.MultiValueQueryStringParameters)
	}
	if rc.RequestID == "" || rc.RequestID != w.Header().Get("x-amzn-RequestId") || rc.RequestTimeEpoch == 0 || rc.APIID == "" {
		t.Errorf("request context ids: %+v (x-amzn-RequestId %q)", rc, w.Header().Get("x-amzn-RequestId"))
	}
}

// Binary media types: a matching request body reaches the function in
// base64; a base64 answer is decoded only when Accept names one, else the
// caller gets the base64 text (what the stack, with none, does).
func TestBinaryMediaTypes(t *testing.T) {
	png := []byte{0x89, 'P', 'N', 'G', 0, 0xff}
	var ev events.APIGatewayProxyRequest
	api := testAPI(t, invokerFunc(func(_ context.Context, p []byte) ([]byte, error) {
		json.Unmarshal(p, &ev)
		return json.Marshal(map[string]any{"statusCode": 200, "headers": map[string]string{"Content-Type": "image/png"},
			"body": base64.StdEncoding.EncodeToString(png), "isBase64Encoded": true})
	}))
	w := serve(api, "POST", "/prod/files/a.png", string(png), http.Header{"Content-Type": {"image/png"}, "Accept": {"image/png"}})
	if ev.IsBase64Encoded || w.Body.String() != base64.StdEncoding.EncodeToString(png) {
		t.Errorf("no binary media types: event base64 %v, answer %q; want text in, base64 text out", ev.IsBase64Encoded, w.Body)
	}
	api.BinaryMediaTypes = []string{"image/*"}
	w = serve(api, "POST", "/prod/files/a.png", string(png), http.Header{"Content-Type": {"image/png"}, "Accept": {"image/png"}})
	if body, _ := base64.StdEncoding.DecodeString(ev.Body); !ev.IsBase64Encoded || string(body) != string(png) || w.Body.String() != string(png) {
		t.Errorf("image/*: event base64 %v body %q, answer %q; want base64 in, bytes out", ev.IsBase64Encoded, ev.Body, w.Body)
	}
	w = serve(api, "GET", "/prod/files/a.png", "", http.Header{"Accept": {"application/json"}})
	if w.Body.String() != base64.StdEncoding.EncodeToString(png) {
		t.Errorf("Accept application/json: answer %q, want the base64 text", w.Body)
	}
}

// What API Gateway answers for each failure (services-apigateway-errors).
func TestAPIGatewayErrors(t *testing.T) {
	cases := []struct {
		name   string
		out    string
		err    error
		sleep  bool
		target string
		status int
		body   string
	}{
		{name: "no statusCode", out: `{"body":"x"}`, status: 502, body: `{"message": "Internal server error"}`},
		{name: "an unknown field", out: `{"statusCode":200,"body":"x","extra":1}`, status: 502, body: `{"message": "Internal server error"}`},
		{name: "body not a string", out: `{"statusCode":200,"body":{"a":1}}`, status: 502, body: `{"message": "Internal server error"}`},
		{name: "not JSON", out: `ok`, status: 502, body: `{"message": "Internal server error"}`},
		{name: "a function error", err: &FunctionError{Type: "Runtime.ExitError"}, status: 502, body: `{"message": "Internal server error"}`},
		{name: "throttled", err: ErrThrottled, status: 500, body: `{"message": "Internal server error"}`},
		{name: "integration timeout", sleep: true, status: 504, body: `{"message": "Endpoint request timed out"}`},
		{name: "no such path", target: "/prod/nothing", status: 403, body: `{"message":"Missing Authentication Token"}`},
		{name: "another stage", target: "/dev/user/1", status: 403, body: `{"message":"Missing Authentication Token"}`},
		{name: "a method the resource lacks", target: "DELETE /prod/user/1", status: 403, body: `{"message":"Missing Authentication Token"}`},
		{name: "a literal beats a parameter", target: "POST /prod/user/me", status: 403, body: `{"message":"Missing Authentication Token"}`},
		{name: "ok", out: `{"statusCode":200,"body":"fine"}`, status: 200, body: "fine"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			api := testAPI(t, invokerFunc(func(ctx context.Context, _ []byte) ([]byte, error) {
				if c.sleep {
					<-ctx.Done()
					return nil, ctx.Err()
				}
				return []byte(c.out), c.err
			}))
			api.IntegrationTimeout = 50 * time.Millisecond
			method, target := "GET", "/prod/user/1"
			if c.target != "" {
				target = c.target
				if m, tg, ok := strings.Cut(c.target, " "); ok {
					method, target = m, tg
				}
			}
			w := serve(api, method, target, "", nil)
			if w.Code != c.status || w.Body.String() != c.body {
				t.Errorf("%d %s, want %d %s", w.Code, w.Body, c.status, c.body)
			}
		})
	}
}
