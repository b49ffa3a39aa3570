package httpadapter

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/lambdacontext"
)

// seen is what a handler observed of its request.
type seen struct {
	Method        string
	Path          string
	RawPath       string
	RawQuery      string
	RequestURI    string
	Query         url.Values
	Host          string
	RemoteAddr    string
	Proto         string
	ProtoMajor    int
	ProtoMinor    int
	ContentLength int64
	Header        http.Header
	Body          string
	PathValues    map[string]string
	LambdaID      string
	APIID         string
}

// capture returns a handler recording its request into *got (path values
// for the given names) and answering 204.
func capture(got *seen, names ...string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			panic(err)
		}
		*got = seen{
			Method: r.Method, Path: r.URL.Path, RawPath: r.URL.RawPath, RawQuery: r.URL.RawQuery,
			RequestURI: r.RequestURI, Query: r.URL.Query(), Host: r.Host, RemoteAddr: r.RemoteAddr,
			Proto: r.Proto, ProtoMajor: r.ProtoMajor, ProtoMinor: r.ProtoMinor,
			ContentLength: r.ContentLength, Header: r.Header, Body: string(body),
			LambdaID: LambdaRequestID(r.Context()), APIID: APIGatewayRequestID(r.Context()),
		}
		if len(names) > 0 {
			got.PathValues = map[string]string{}
			for _, n := range names {
				if PathParam(r, n) != r.PathValue(n) {
					panic("PathParam and PathValue disagree for " + n)
				}
				got.PathValues[n] = PathParam(r, n)
			}
		}
		w.WriteHeader(http.StatusNoContent)
	})
}

func readEvent(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func lambdaCtx(id string) context.Context {
	return lambdacontext.NewContext(context.Background(), &lambdacontext.LambdaContext{AwsRequestID: id})
}

func quietAdapter(h http.Handler, opts ...Option) *Adapter {
	return New(h, append([]Option{WithLogger(discardLogger())}, opts...)...)
}

func TestRequestFromEvents(t *testing.T) {
	tests := []struct {
		file  string
		names []string
		opts  []Option
		want  seen
	}{
		{
			file:  "awslambdago-apigw-request.json",
			names: []string{"proxy"},
			want: seen{
				Method: "POST", Path: "/hello/world", RawQuery: "name=me", RequestURI: "/hello/world?name=me",
				Query: url.Values{"name": {"me"}},
				Host:  "gy415nuibc.execute-api.us-east-1.amazonaws.com", RemoteAddr: "192.168.196.186",
				Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, ContentLength: 13,
				Header: http.Header{
					"Accept":                       {"*/*"},
					"Accept-Encoding":              {"gzip, deflate"},
					"Cache-Control":                {"no-cache"},
					"Cloudfront-Forwarded-Proto":   {"https"},
					"Cloudfront-Is-Desktop-Viewer": {"true"},
					"Cloudfront-Is-Mobile-Viewer":  {"false"},
					"Cloudfront-Is-Smarttv-Viewer": {"false"},
					"Cloudfront-Is-Tablet-Viewer":  {"false"},
					"Cloudfront-Viewer-Country":    {"US"},
					"Content-Type":                 {"application/json"},
					"Headername":                   {"headerValue"},
					"Postman-Token":                {"9f583ef0-ed83-4a38-aef3-eb9ce3f7a57f"},
					"User-Agent":                   {"PostmanRuntime/2.4.5"},
					"Via":                          {"1.1 d98420743a69852491bbdea73f7680bd.cloudfront.net (CloudFront)"},
					"X-Amz-Cf-Id":                  {"pn-PWIJc6thYnZm5P0NMgOUglL1DYtl0gdeJky8tqsg8iS_sgsKD1A=="},
					"X-Forwarded-For":              {"54.240.196.186, 54.182.214.83"},
					"X-Forwarded-Port":             {"443"},
					"X-Forwarded-Proto":            {"https"},
				},
				Body:       "{\r\n\t\"a\": 1\r\n}",
				PathValues: map[string]string{"proxy": "hello/world"},
				LambdaID:   "lambda-req-1", APIID: "deef4878-7910-11e6-8f14-25afc3e9ae33",
			},
		},
		{
			file:  "awslambdago-apigw-v2-request-iam.json",
			names: []string{"proxy"},
			want: seen{
				Method: "GET", Path: "/my/path",
				RawQuery:   "parameter1=value1&parameter1=value2&parameter2=value",
				RequestURI: "/my/path?parameter1=value1&parameter1=value2&parameter2=value",
				Query:      url.Values{"parameter1": {"value1", "value2"}, "parameter2": {"value"}},
				Host:       "id.execute-api.us-east-1.amazonaws.com", RemoteAddr: "IP",
				Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, ContentLength: 13,
				Header: http.Header{
					"Header1": {"value1"},
					"Header2": {"value2"},
					"Cookie":  {"cookie1; cookie2"},
				},
				Body:       "{\r\n\t\"a\": 1\r\n}",
				PathValues: map[string]string{"proxy": "hello/world"},
				LambdaID:   "lambda-req-1", APIID: "id",
			},
		},
		{
			file: "awslambdago-apigw-v2-request-no-authorizer.json",
			want: seen{
				Method: "GET", Path: "/", RequestURI: "/", Query: url.Values{},
				Host: "aaaaaaaaaa.execute-api.us-west-2.amazonaws.com", RemoteAddr: "1.2.3.4",
				Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
				Header: http.Header{
					"Accept":            {"*/*"},
					"Content-Length":    {"0"},
					"User-Agent":        {"curl/7.58.0"},
					"X-Amzn-Trace-Id":   {"Root=1-5e9f0c65-1de4d666d4dd26aced652b6c"},
					"X-Forwarded-For":   {"1.2.3.4"},
					"X-Forwarded-Port":  {"443"},
					"X-Forwarded-Proto": {"https"},
				},
				LambdaID: "lambda-req-1", APIID: "LV7fzho-PHcEJPw=",
			},
		},
		{
			// Execute-api endpoint: "path" lacks the stage, requestContext.path
			// has it. Repeated keys, an encoded ';' (as the CloudFront Function
			// sends it) and repeated Cookie lines.
			file:  "rest-get-user-stage.json",
			names: []string{"id"},
			want: seen{
				Method: "GET", Path: "/user/42",
				RawQuery:   "id=1&id=2&id=3&idList=1%3B2%3B3",
				RequestURI: "/user/42?id=1&id=2&id=3&idList=1%3B2%3B3",
				Query:      url.Values{"id": {"1", "2", "3"}, "idList": {"1;2;3"}},
				Host:       "abc123defg.execute-api.eu-west-1.amazonaws.com", RemoteAddr: "203.0.113.7",
				Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
				Header: http.Header{
					"Accept":            {"application/json"},
					"Authorization":     {"Bearer secret-token-1"},
					"Cookie":            {"session=abc123; theme=dark", "extra=1"},
					"User-Agent":        {"curl/8.5.0"},
					"X-Forwarded-For":   {"203.0.113.7, 130.176.1.1"},
					"X-Forwarded-Port":  {"443"},
					"X-Forwarded-Proto": {"https"},
					"X-Custom":          {"one", "two"},
				},
				PathValues: map[string]string{"id": "42"},
				LambdaID:   "lambda-req-1", APIID: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
			},
		},
		{
			// "path" and requestContext.path both carry the stage: removed.
			// No Host header: requestContext.domainName.
			file:  "rest-path-with-stage.json",
			names: []string{"id"},
			want: seen{
				Method: "GET", Path: "/user/7", RequestURI: "/user/7", Query: url.Values{},
				Host: "api.example.com", RemoteAddr: "198.51.100.1",
				Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
				Header:     http.Header{},
				PathValues: map[string]string{"id": "7"},
				LambdaID:   "lambda-req-1", APIID: "req-path-with-stage",
			},
		},
		{
			// Decoded values with reserved characters are re-encoded so they
			// round-trip; keys sorted, values of one key in order.
			file: "rest-query-special.json",
			want: seen{
				Method: "GET", Path: "/search",
				RawQuery: "empty=&k+y%3B%26%3D=v&pct=100%25&plus=1%2B1&q=a%26b%3Dc&sc=x%3By&sc=z" +
					"&sp=hello+world&uni=caf%C3%A9+%E2%98%83",
				RequestURI: "/search?empty=&k+y%3B%26%3D=v&pct=100%25&plus=1%2B1&q=a%26b%3Dc&sc=x%3By&sc=z" +
					"&sp=hello+world&uni=caf%C3%A9+%E2%98%83",
				Query: url.Values{
					"empty": {""}, "k y;&=": {"v"}, "pct": {"100%"}, "plus": {"1+1"}, "q": {"a&b=c"},
					"sc": {"x;y", "z"}, "sp": {"hello world"}, "uni": {"café ☃"},
				},
				Host: "abc123defg.execute-api.eu-west-1.amazonaws.com", RemoteAddr: "198.51.100.2",
				Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
				Header:   http.Header{},
				LambdaID: "lambda-req-1", APIID: "req-query-special",
			},
		},
		{
			// Base64 body decoded to its exact bytes; the REST path stays
			// percent-encoded in the event and is unescaped once.
			file:  "rest-base64-body.json",
			names: []string{"proxy"},
			want: seen{
				Method: "PUT", Path: "/upload/files/a b/c.bin", RawPath: "/upload/files/a%20b%2Fc.bin",
				RequestURI: "/upload/files/a%20b%2Fc.bin", Query: url.Values{},
				Host: "abc123defg.execute-api.eu-west-1.amazonaws.com", RemoteAddr: "2001:db8::1",
				Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, ContentLength: 5,
				Header: http.Header{
					"Content-Type":   {"application/octet-stream"},
					"Content-Length": {"5"},
					// The event's X-Api-Key (CloudFront's origin key) is removed.
				},
				Body:       "\x00\x01\xff\x80A",
				PathValues: map[string]string{"proxy": "files/a b/c.bin"},
				LambdaID:   "lambda-req-1", APIID: "req-base64",
			},
		},
		{
			// HTTP API: stage in rawPath removed, raw ';' kept inside the
			// value, cookies array joined into one Cookie header.
			file: "v2-stage-semicolon.json",
			want: seen{
				Method: "POST", Path: "/products",
				RawQuery:   "id=1&id=2&fields=name%3Bprice&q=a%3Bb%26c&sp=a+b",
				RequestURI: "/products?id=1&id=2&fields=name%3Bprice&q=a%3Bb%26c&sp=a+b",
				Query: url.Values{
					"id": {"1", "2"}, "fields": {"name;price"}, "q": {"a;b&c"}, "sp": {"a b"},
				},
				Host: "xyz789.execute-api.eu-west-1.amazonaws.com", RemoteAddr: "192.0.2.10",
				Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, ContentLength: 17,
				Header: http.Header{
					"Content-Type":    {"application/json"},
					"X-Forwarded-For": {"192.0.2.10"},
					"Accept-Encoding": {"gzip, br"},
					"Authorization":   {"Bearer v2-secret"},
					"Cookie":          {"session=abc123; theme=dark"},
				},
				Body:     `{"name":"widget"}`,
				LambdaID: "lambda-req-1", APIID: "JKJaXmPLvHcESHA=",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			var got seen
			a := quietAdapter(capture(&got, tt.names...), tt.opts...)
			out, err := a.Invoke(lambdaCtx("lambda-req-1"), readEvent(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			var resp struct{ StatusCode int }
			if err := json.Unmarshal(out, &resp); err != nil || resp.StatusCode != http.StatusNoContent {
				t.Fatalf("response %s (err %v), want status 204", out, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("request mismatch\n got %+v\nwant %+v", got, tt.want)
				diffSeen(t, got, tt.want)
			}
		})
	}
}

// diffSeen reports the fields that differ, to make failures readable.
func diffSeen(t *testing.T, got, want seen) {
	t.Helper()
	gv, wv := reflect.ValueOf(got), reflect.ValueOf(want)
	for i := range gv.NumField() {
		if !reflect.DeepEqual(gv.Field(i).Interface(), wv.Field(i).Interface()) {
			t.Errorf("%s: got %#v, want %#v", gv.Type().Field(i).Name, gv.Field(i).Interface(), wv.Field(i).Interface())
		}
	}
}

// The query-string cases the CloudFront Function + REST API pair produces,
// one by one, as another package will rely on them.
func TestRESTQueryCases(t *testing.T) {
	tests := []struct {
		name  string
		multi string // multiValueQueryStringParameters JSON
		want  url.Values
		raw   string
	}{
		{"repeated key", `{"id":["1","2","3"]}`, url.Values{"id": {"1", "2", "3"}}, "id=1&id=2&id=3"},
		{"semicolon encoded by CloudFront Function, decoded by API Gateway", `{"idList":["1;2;3"]}`,
			url.Values{"idList": {"1;2;3"}}, "idList=1%3B2%3B3"},
		{"ampersand and equals in value", `{"q":["a&b=c"]}`, url.Values{"q": {"a&b=c"}}, "q=a%26b%3Dc"},
		{"plus stays plus", `{"q":["1+1"]}`, url.Values{"q": {"1+1"}}, "q=1%2B1"},
		{"percent stays percent", `{"q":["%41"]}`, url.Values{"q": {"%41"}}, "q=%2541"},
		{"flag without value", `{"flag":[""]}`, url.Values{"flag": {""}}, "flag="},
		{"keys sorted, values in order", `{"b":["2","1"],"a":["z"]}`, url.Values{"a": {"z"}, "b": {"2", "1"}}, "a=z&b=2&b=1"},
		{"no parameters", `null`, url.Values{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := `{"httpMethod":"GET","path":"/q","multiValueQueryStringParameters":` + tt.multi +
				`,"requestContext":{"requestId":"r"}}`
			var got seen
			if _, err := quietAdapter(capture(&got)).Invoke(context.Background(), []byte(ev)); err != nil {
				t.Fatal(err)
			}
			if got.RawQuery != tt.raw {
				t.Errorf("RawQuery = %q, want %q", got.RawQuery, tt.raw)
			}
			if !reflect.DeepEqual(got.Query, tt.want) {
				t.Errorf("Query() = %#v, want %#v", got.Query, tt.want)
			}
		})
	}
}

// Hand-made events with only queryStringParameters / headers still work.
func TestSingleValueFallback(t *testing.T) {
	ev := `{"httpMethod":"GET","path":"/x","headers":{"x-one":"1","Host":"h.example"},` +
		`"queryStringParameters":{"a":"1;2","b":"x y"}}`
	var got seen
	if _, err := quietAdapter(capture(&got)).Invoke(context.Background(), []byte(ev)); err != nil {
		t.Fatal(err)
	}
	if got.RawQuery != "a=1%3B2&b=x+y" || got.Host != "h.example" ||
		!reflect.DeepEqual(got.Header, http.Header{"X-One": {"1"}}) {
		t.Errorf("got RawQuery %q Host %q Header %v", got.RawQuery, got.Host, got.Header)
	}
}

func TestStripSegmentPrefix(t *testing.T) {
	tests := []struct{ p, seg, want string }{
		{"/prod/user/1", "prod", "/user/1"},
		{"/prod", "prod", "/"},
		{"/prod/", "prod", "/"},
		{"/production/x", "prod", "/production/x"},
		{"/user/1", "prod", "/user/1"},
		{"/api/v1/x", "/api/v1/", "/x"},
		{"/x", "", "/x"},
		{"", "prod", ""},
	}
	for _, tt := range tests {
		if got := stripSegmentPrefix(tt.p, tt.seg); got != tt.want {
			t.Errorf("stripSegmentPrefix(%q, %q) = %q, want %q", tt.p, tt.seg, got, tt.want)
		}
	}
}

func TestStagePrefix(t *testing.T) {
	tests := []struct {
		name string
		ev   string
		opts []Option
		want string
	}{
		{"REST path without stage kept", `{"httpMethod":"GET","path":"/prod/x","requestContext":{"stage":"prod","path":"/prod/prod/x"}}`, nil, "/prod/x"},
		{"REST path with stage stripped", `{"httpMethod":"GET","path":"/prod/x","requestContext":{"stage":"prod","path":"/prod/x"}}`, nil, "/x"},
		{"REST custom domain base path", `{"httpMethod":"GET","path":"/api/x","requestContext":{"stage":"prod","path":"/api/x"}}`, []Option{WithStripPrefix("api")}, "/x"},
		{"v2 $default stage kept", `{"version":"2.0","rawPath":"/$default/x","requestContext":{"stage":"$default","http":{"method":"GET"}}}`, nil, "/$default/x"},
		{"v2 named stage stripped", `{"version":"2.0","rawPath":"/dev/x","requestContext":{"stage":"dev","http":{"method":"GET"}}}`, nil, "/x"},
		{"v2 stage only", `{"version":"2.0","rawPath":"/dev","requestContext":{"stage":"dev","http":{"method":"GET"}}}`, nil, "/"},
		{"v2 rawPath missing uses http.path", `{"version":"2.0","requestContext":{"stage":"dev","http":{"method":"GET","path":"/dev/y"}}}`, nil, "/y"},
		{"v2 path taken literally (already decoded)", `{"version":"2.0","rawPath":"/a%20b","requestContext":{"http":{"method":"GET"}}}`, nil, "/a%20b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got seen
			if _, err := quietAdapter(capture(&got), tt.opts...).Invoke(context.Background(), []byte(tt.ev)); err != nil {
				t.Fatal(err)
			}
			if got.Path != tt.want {
				t.Errorf("Path = %q, want %q", got.Path, tt.want)
			}
		})
	}
}

func TestDeadlineAndIDs(t *testing.T) {
	lambdaDeadline := time.Now().Add(800 * time.Millisecond)
	ctx, cancel := context.WithDeadline(lambdaCtx("lambda-deadline"), lambdaDeadline)
	defer cancel()

	var (
		fired    time.Time
		ctxErr   error
		deadline time.Time
	)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		deadline, _ = r.Context().Deadline()
		select {
		case <-r.Context().Done():
			fired = time.Now()
			ctxErr = r.Context().Err()
		case <-time.After(5 * time.Second):
		}
	})
	out, err := quietAdapter(h, WithDeadlineMargin(300*time.Millisecond)).Invoke(ctx,
		[]byte(`{"httpMethod":"GET","path":"/slow","requestContext":{"requestId":"api-1"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if want := lambdaDeadline.Add(-300 * time.Millisecond); !deadline.Equal(want) {
		t.Errorf("request deadline %v, want Lambda deadline - 300ms = %v", deadline, want)
	}
	if fired.IsZero() || !fired.Before(lambdaDeadline) {
		t.Errorf("ctx.Done fired at %v, want before the Lambda deadline %v", fired, lambdaDeadline)
	}
	if ctxErr != context.DeadlineExceeded {
		t.Errorf("ctx.Err() = %v, want DeadlineExceeded", ctxErr)
	}
	want := `{"statusCode":504,"multiValueHeaders":{"Content-Type":["application/json"]},` +
		`"body":"{\"message\":\"Gateway Timeout\",\"requestId\":\"lambda-deadline\",\"apiRequestId\":\"api-1\"}",` +
		`"isBase64Encoded":false}`
	if string(out) != want {
		t.Errorf("response\n got %s\nwant %s", out, want)
	}
}

func TestNoDeadlineWithoutLambdaDeadline(t *testing.T) {
	var has bool
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, has = r.Context().Deadline() })
	if _, err := quietAdapter(h).Invoke(context.Background(), []byte(`{"httpMethod":"GET","path":"/"}`)); err != nil {
		t.Fatal(err)
	}
	if has {
		t.Error("request has a deadline although the invocation had none")
	}
}
