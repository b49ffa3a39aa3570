package constructs_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os/exec"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfront"
	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/constructs"
	"github.com/strangler-fig/strangler/lambdas/httpadapter"
)

// synthQueryStringFunction synthesizes a QueryStringFunction alone in a bare
// stack and returns it with the template's only AWS::CloudFront::Function.
func synthQueryStringFunction(t *testing.T, props *constructs.QueryStringFunctionProps) (*constructs.QueryStringFunction, map[string]any) {
	t.Helper()
	stack := newTestStack(t, nil)
	qs := constructs.NewQueryStringFunction(stack, jsii.String("QueryStrings"), props)

	template := assertions.Template_FromStack(stack, nil)
	found := *template.FindResources(jsii.String("AWS::CloudFront::Function"), nil)
	if len(found) != 1 {
		t.Fatalf("template has %d AWS::CloudFront::Function resources, want 1: %v", len(found), found)
	}
	if all := *template.ToJSON(); len(all["Resources"].(map[string]any)) != 1 {
		t.Errorf("template has resources besides the function: %v", all["Resources"])
	}
	for _, resource := range found {
		props, ok := (*resource)["Properties"].(map[string]any)
		if !ok {
			t.Fatalf("function resource has no Properties: %v", *resource)
		}
		return qs, props
	}
	panic("unreachable")
}

func TestQueryStringFunctionDefaults(t *testing.T) {
	qs, props := synthQueryStringFunction(t, nil)

	// CDK generates the name from the stack's region and the construct path.
	name, ok := props["Name"].(map[string]any)
	if !ok {
		t.Fatalf("Name = %#v, want a generated Fn::Join", props["Name"])
	}
	parts, _ := name["Fn::Join"].([]any)
	if len(parts) != 2 || !reflect.DeepEqual(parts[0], "") {
		t.Fatalf("Name = %#v, want Fn::Join [\"\", [Ref AWS::Region, <unique id>]]", name)
	}
	joined, _ := parts[1].([]any)
	if len(joined) != 2 || !reflect.DeepEqual(joined[0], map[string]any{"Ref": "AWS::Region"}) {
		t.Fatalf("Name = %#v, want the region followed by a unique id", name)
	}
	if id, _ := joined[1].(string); !strings.HasPrefix(id, "StackQueryStringsFunction") {
		t.Errorf("generated name suffix = %q, want it to start with StackQueryStringsFunction", joined[1])
	}
	delete(props, "Name")

	want := map[string]any{
		"AutoPublish":  true,
		"FunctionCode": constructs.QueryStringFunctionCode(),
		"FunctionConfig": map[string]any{
			"Comment": "Percent-encodes ; in query string names and values so API Gateway does not split them",
			"Runtime": "cloudfront-js-2.0",
		},
	}
	if !reflect.DeepEqual(props, want) {
		t.Errorf("function properties =\n%#v\nwant\n%#v", props, want)
	}

	// The code deployed is the file the Node tests run.
	if code := constructs.QueryStringFunctionCode(); !strings.Contains(code, "\nfunction handler(event) {\n") {
		t.Errorf("QueryStringFunctionCode() does not define handler:\n%s", code)
	}

	association := qs.Association()
	if association.EventType != awscloudfront.FunctionEventType_VIEWER_REQUEST {
		t.Errorf("Association().EventType = %v, want VIEWER_REQUEST", association.EventType)
	}
	if association.Function != qs.Function {
		t.Errorf("Association().Function is not the construct's Function")
	}
}

func TestQueryStringFunctionProps(t *testing.T) {
	_, props := synthQueryStringFunction(t, &constructs.QueryStringFunctionProps{
		Comment:      jsii.String("strangler: encode ; for API Gateway"),
		FunctionName: jsii.String("strangler-query-strings"),
	})
	want := map[string]any{
		"AutoPublish":  true,
		"FunctionCode": constructs.QueryStringFunctionCode(),
		"FunctionConfig": map[string]any{
			"Comment": "strangler: encode ; for API Gateway",
			"Runtime": "cloudfront-js-2.0",
		},
		"Name": "strangler-query-strings",
	}
	if !reflect.DeepEqual(props, want) {
		t.Errorf("function properties =\n%#v\nwant\n%#v", props, want)
	}
}

// End to end: client query string -> CloudFront Function (run in Node) ->
// query string CloudFront sends to API Gateway -> REST API proxy event ->
// httpadapter -> the http.Request a handler ported from the monolith sees.

type qsQueryCase struct {
	name  string
	query string     // the raw query string the client sends
	want  url.Values // what the handler must see in r.URL.Query()
}

func qsEndToEndCases() []qsQueryCase {
	cases := []qsQueryCase{
		{
			name:  "values with semicolons (the issue example)",
			query: "idList=1;2;3&filter=name;phone&flag=1;2",
			want:  url.Values{"idList": {"1;2;3"}, "filter": {"name;phone"}, "flag": {"1;2"}},
		},
		{
			name:  "repeated keys",
			query: "id=1&id=2&id=3",
			want:  url.Values{"id": {"1", "2", "3"}},
		},
		{
			name:  "repeated keys with semicolons, interleaved",
			query: "tag=a;b&id=7&tag=c",
			want:  url.Values{"tag": {"a;b", "c"}, "id": {"7"}},
		},
		{
			name:  "empty values and a key without =",
			query: "empty=&flag&x=1;&semi=;",
			want:  url.Values{"empty": {""}, "flag": {""}, "x": {"1;"}, "semi": {";"}},
		},
		{
			name:  "unicode",
			query: "name=%E5%AE%B6;%C3%A9&city=Z%C3%BCrich",
			want:  url.Values{"name": {"家;é"}, "city": {"Zürich"}},
		},
		{
			name:  "already encoded values",
			query: "q=a%3Bb%2Cc%20d&mixed=x%3By;z&plus=a+b;c&lit=%2B%26%3D",
			want:  url.Values{"q": {"a;b,c d"}, "mixed": {"x;y;z"}, "plus": {"a b;c"}, "lit": {"+&="}},
		},
		{
			name:  "semicolon in a key",
			query: "a;b=1;2",
			want:  url.Values{"a;b": {"1;2"}},
		},
		{
			name:  "same key spelled with ; and with %3B",
			query: "a;b=1&a%3Bb=2",
			want:  url.Values{"a;b": {"1", "2"}},
		},
	}

	// A long query string: 400 parameters, one key repeated 50 times.
	var pairs []string
	long := url.Values{}
	for i := range 400 {
		k := fmt.Sprintf("p%d", i)
		if i%8 == 0 {
			k = "rep"
		}
		pairs = append(pairs, fmt.Sprintf("%s=%d;%d", k, i, i*7))
		long[k] = append(long[k], fmt.Sprintf("%d;%d", i, i*7))
	}
	return append(cases, qsQueryCase{name: "long query string", query: strings.Join(pairs, "&"), want: long})
}

func TestQueryStringsEndToEnd(t *testing.T) {
	cases := qsEndToEndCases()
	shapes := []struct {
		name    string
		withRaw bool
	}{
		{"rawQueryString", true}, // production: CloudFront runtime 2.0 provides request.rawQueryString()
		{"parsed object", false}, // only the parsed querystring object (console test events)
	}

	var requests []json.RawMessage
	for _, c := range cases {
		for _, shape := range shapes {
			requests = append(requests, qsViewerRequestEvent(c.query, shape.withRaw))
		}
	}
	results := runQueryStringFunction(t, requests) // one Node process for all cases

	for i, c := range cases {
		for j, shape := range shapes {
			t.Run(c.name+"/"+shape.name, func(t *testing.T) {
				result := results[i*len(shapes)+j]
				var returned struct {
					Method string `json:"method"`
					URI    string `json:"uri"`
				}
				if err := json.Unmarshal(result, &returned); err != nil {
					t.Fatalf("function returned %s: %v", result, err)
				}
				if returned.Method != "GET" || returned.URI != "/api/customers" {
					t.Errorf("function changed method or uri: %s", result)
				}
				originQuery := qsCloudFrontOriginQuery(t, result)
				got := qsHandlerQuery(t, qsAPIGatewayRESTProxyEvent(t, "/api/customers", originQuery))
				if !reflect.DeepEqual(got, c.want) {
					t.Errorf("client sent ?%s\nCloudFront sent API Gateway ?%s\nhandler saw %q\nwant        %q",
						c.query, originQuery, got, c.want)
				}
			})
		}
	}
}

// Without the function, the same API Gateway model loses the values: this is
// the bug the function fixes.
func TestQueryStringsWithoutFunctionAreSplit(t *testing.T) {
	for _, c := range []qsQueryCase{
		{
			name:  "the issue example",
			query: "idList=1;2;3&filter=name;phone&flag=1;2",
			want: url.Values{
				"idList": {"1"}, "2": {"", ""}, "3": {""},
				"filter": {"name"}, "phone": {""},
				"flag": {"1"},
			},
		},
		{
			name:  "semicolon in a key",
			query: "a;b=1",
			want:  url.Values{"a": {""}, "b": {"1"}},
		},
		{
			name:  "partly encoded value",
			query: "q=x%3By;z",
			want:  url.Values{"q": {"x;y"}, "z": {""}},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := qsHandlerQuery(t, qsAPIGatewayRESTProxyEvent(t, "/api/customers", c.query))
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("handler saw %q\nwant        %q", got, c.want)
			}
		})
	}
}

// qsCloudFrontQueryField is one field of the querystring object in a
// CloudFront Functions event.
type qsCloudFrontQueryField struct {
	Value      string                   `json:"value"`
	MultiValue []qsCloudFrontQueryField `json:"multiValue,omitempty"`
}

// qsViewerRequestEvent is the viewer-request event CloudFront gives the
// function for GET /api/customers?rawQuery, in the documented shape
// (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/functions-event-structure.html):
// one querystring field per name in order of first appearance, names and
// values as the viewer sent them (not decoded), a repeated name collapsed
// into one field whose multiValue lists every value, a name without "=" with
// value "". CloudFront separates parameters on "&" only. With withRaw, the
// request also carries rawQueryString, which the driver turns into the
// request.rawQueryString() method of runtime 2.0.
func qsViewerRequestEvent(rawQuery string, withRaw bool) json.RawMessage {
	var names []string
	fields := map[string]*qsCloudFrontQueryField{}
	for _, pair := range strings.Split(rawQuery, "&") {
		if pair == "" {
			continue
		}
		name, value, _ := strings.Cut(pair, "=")
		f, ok := fields[name]
		switch {
		case !ok:
			names = append(names, name)
			fields[name] = &qsCloudFrontQueryField{Value: value}
		case f.MultiValue == nil:
			f.MultiValue = []qsCloudFrontQueryField{{Value: f.Value}, {Value: value}}
		default:
			f.MultiValue = append(f.MultiValue, qsCloudFrontQueryField{Value: value})
		}
	}
	// Written by hand to keep the field order.
	var qs bytes.Buffer
	qs.WriteByte('{')
	for i, name := range names {
		if i > 0 {
			qs.WriteByte(',')
		}
		qs.Write(qsMustJSON(name))
		qs.WriteByte(':')
		qs.Write(qsMustJSON(fields[name]))
	}
	qs.WriteByte('}')

	request := map[string]any{
		"method":      "GET",
		"uri":         "/api/customers",
		"querystring": json.RawMessage(qs.Bytes()),
		"headers":     map[string]any{"host": map[string]string{"value": "www.example.com"}},
		"cookies":     map[string]any{},
	}
	if withRaw {
		request["rawQueryString"] = rawQuery
	}
	return qsMustJSON(map[string]any{
		"version": "1.0",
		"context": map[string]string{"eventType": "viewer-request"},
		"viewer":  map[string]string{"ip": "198.51.100.11"},
		"request": request,
	})
}

// runQueryStringFunction runs the embedded function source on every event in
// a single Node process (testdata/run_query_string_function.mjs) and returns
// the request object returned for each.
func runQueryStringFunction(t *testing.T, events []json.RawMessage) []json.RawMessage {
	t.Helper()
	input := qsMustJSON(map[string]any{"code": constructs.QueryStringFunctionCode(), "events": events})
	cmd := exec.Command("node", "testdata/run_query_string_function.mjs")
	cmd.Stdin = bytes.NewReader(input)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node testdata/run_query_string_function.mjs: %v\n%s", err, stderr.Bytes())
	}
	var results []json.RawMessage
	if err := json.Unmarshal(out, &results); err != nil {
		t.Fatalf("driver output %q: %v", out, err)
	}
	if len(results) != len(events) {
		t.Fatalf("driver returned %d results for %d events", len(results), len(events))
	}
	return results
}

// qsCloudFrontOriginQuery is the query string CloudFront sends to the origin
// (API Gateway) for the request the function returned. A string querystring
// goes as it stands. An object is written "name=value" per value, in field
// order and multiValue order, joined with "&"; CloudFront does not encode
// names or values (they are still as the viewer sent them, and the function
// is responsible for any encoding). The CloudFront guide does not say whether
// a "" value is written "name=" or "name"; API Gateway treats both alike, so
// this writes "name=".
func qsCloudFrontOriginQuery(t *testing.T, request json.RawMessage) string {
	t.Helper()
	var r struct {
		Querystring json.RawMessage `json:"querystring"`
	}
	if err := json.Unmarshal(request, &r); err != nil {
		t.Fatalf("returned request %s: %v", request, err)
	}
	var s string
	if err := json.Unmarshal(r.Querystring, &s); err == nil {
		return s
	}
	dec := json.NewDecoder(bytes.NewReader(r.Querystring))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("querystring is neither a string nor an object: %s", r.Querystring)
	}
	var pairs []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatalf("querystring %s: %v", r.Querystring, err)
		}
		name := tok.(string)
		var f qsCloudFrontQueryField
		if err := dec.Decode(&f); err != nil {
			t.Fatalf("querystring field %q: %v", name, err)
		}
		values := f.MultiValue
		if len(values) == 0 {
			values = []qsCloudFrontQueryField{f}
		}
		for _, v := range values {
			pairs = append(pairs, name+"="+v.Value)
		}
	}
	return strings.Join(pairs, "&")
}

// qsAPIGatewayRESTProxyEvent models what an API Gateway REST API with a Lambda
// proxy integration (payload format 1.0) gives Lambda for GET path?rawQuery:
//
//   - ";" separates parameters just like "&": "The semicolon character (;) is
//     not supported for any request URL query string and results in the data
//     being split" (Amazon API Gateway important notes, REST APIs:
//     https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-known-issues.html#api-gateway-known-issues-rest-apis);
//   - names and values are URL-decoded ("REST APIs decode URL-encoded request
//     parameters before passing them to backend integrations", same page):
//     "%3B" becomes ";", and "+" becomes a space (aws/aws-cdk#19827 shows
//     ?sort=-+createdAt arriving as "- createdAt"; "%2B" arrives as "+",
//     micronaut-projects/micronaut-aws#1412);
//   - multiValueQueryStringParameters holds every value of a name in order,
//     queryStringParameters only the last one (aws/aws-lambda-go#42; "Set up
//     Lambda proxy integrations", multi-value query string parameters);
//     both are null when there is no query string;
//   - assumptions, not documented: a name without "=" gets the value "" (as
//     "name=" does) and empty pieces ("&&", a trailing ";") are dropped.
func qsAPIGatewayRESTProxyEvent(t *testing.T, path, rawQuery string) []byte {
	t.Helper()
	var single map[string]string
	var multi map[string][]string
	for _, pair := range strings.FieldsFunc(rawQuery, func(r rune) bool { return r == '&' || r == ';' }) {
		rawName, rawValue, _ := strings.Cut(pair, "=")
		name, err := url.QueryUnescape(rawName)
		if err != nil {
			t.Fatalf("API Gateway model cannot decode name %q: %v", rawName, err)
		}
		value, err := url.QueryUnescape(rawValue)
		if err != nil {
			t.Fatalf("API Gateway model cannot decode value %q: %v", rawValue, err)
		}
		if multi == nil {
			single, multi = map[string]string{}, map[string][]string{}
		}
		single[name] = value
		multi[name] = append(multi[name], value)
	}
	return qsMustJSON(events.APIGatewayProxyRequest{
		Resource:                        "/{proxy+}",
		Path:                            path,
		HTTPMethod:                      "GET",
		Headers:                         map[string]string{"Host": "abc123.execute-api.eu-west-1.amazonaws.com", "Via": "2.0 example.cloudfront.net (CloudFront)"},
		MultiValueHeaders:               map[string][]string{"Host": {"abc123.execute-api.eu-west-1.amazonaws.com"}, "Via": {"2.0 example.cloudfront.net (CloudFront)"}},
		QueryStringParameters:           single,
		MultiValueQueryStringParameters: multi,
		PathParameters:                  map[string]string{"proxy": strings.TrimPrefix(path, "/")},
		RequestContext: events.APIGatewayProxyRequestContext{
			ResourcePath: "/{proxy+}",
			Path:         "/prod" + path,
			HTTPMethod:   "GET",
			Stage:        "prod",
			RequestID:    "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
			Protocol:     "HTTP/1.1",
			Identity:     events.APIGatewayRequestIdentity{SourceIP: "198.51.100.11"},
		},
	})
}

// qsHandlerQuery feeds the API Gateway event to the httpadapter and returns
// r.URL.Query() as the handler saw it.
func qsHandlerQuery(t *testing.T, payload []byte) url.Values {
	t.Helper()
	var got url.Values
	called := false
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		called = true
		got = r.URL.Query()
		w.WriteHeader(http.StatusNoContent)
	})
	adapter := httpadapter.New(h, httpadapter.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	resp, err := adapter.Invoke(context.Background(), payload)
	if err != nil {
		t.Fatalf("Invoke: %v", err)
	}
	var status struct {
		StatusCode int `json:"statusCode"`
	}
	if err := json.Unmarshal(resp, &status); err != nil || status.StatusCode != http.StatusNoContent || !called {
		t.Fatalf("adapter response %s (handler called: %v)", resp, called)
	}
	return got
}

func qsMustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}
