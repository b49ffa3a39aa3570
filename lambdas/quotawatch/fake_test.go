package quotawatch_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/servicequotas"
	"github.com/aws/smithy-go/encoding/cbor"

	"github.com/strangler-fig/strangler/lambdas/quotawatch"
)

// One httptest server per AWS API, each speaking that API's protocol as
// the SDK version in go.mod sends and parses it:
//
//	Service Quotas  awsJson1_1: POST /, X-Amz-Target ServiceQuotasV20190624.<Op>, JSON
//	Lambda          restJson1:  GET /2016-08-19/account-settings, JSON
//	EC2             ec2Query:   POST / form Action=<Op>&Version=2016-11-15, XML
//	API Gateway     restJson1:  GET /restapis/<id>/stages/<name>, JSON
//	CloudWatch      rpcv2Cbor:  POST /service/GraniteServiceVersion20100801/operation/<Op>, CBOR
//
// Each request is answered by the response registered for its key (see
// the route functions) and recorded; an unexpected request fails the test.

// call is one recorded request.
type call struct {
	Key    string
	Params any    // decoded body or query: map[string]any, url.Values
	Signer string // the service name in the SigV4 credential scope
}

// reply is a canned response.
type reply struct {
	status int
	header http.Header
	body   []byte
}

type fakeAPI struct {
	t      *testing.T
	name   string
	srv    *httptest.Server
	route  func(r *http.Request, body []byte) (key string, params any, err error)
	encode func(reply) reply // protocol framing (e.g. JSON -> CBOR)
	header http.Header       // on every reply

	mu      sync.Mutex
	replies map[string]reply
	calls   []call
}

func newFakeAPI(t *testing.T, name string, header http.Header, route func(*http.Request, []byte) (string, any, error)) *fakeAPI {
	f := &fakeAPI{t: t, name: name, route: route, header: header, replies: map[string]reply{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

var credentialScope = regexp.MustCompile(`Credential=[^/]+/\d{8}/[^/]+/([^/]+)/aws4_request`)

func (f *fakeAPI) serve(w http.ResponseWriter, r *http.Request) {
	var in io.Reader = r.Body
	if r.Header.Get("Content-Encoding") == "gzip" {
		gz, err := gzip.NewReader(r.Body)
		if err != nil {
			f.t.Errorf("%s: bad gzip body: %v", f.name, err)
			return
		}
		in = gz
	}
	body, _ := io.ReadAll(in)
	key, params, err := f.route(r, body)
	if err != nil {
		f.t.Errorf("%s: cannot parse request %s %s: %v\n%s", f.name, r.Method, r.URL, err, body)
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	signer := ""
	if m := credentialScope.FindStringSubmatch(r.Header.Get("Authorization")); m != nil {
		signer = m[1]
	}
	f.mu.Lock()
	f.calls = append(f.calls, call{Key: key, Params: params, Signer: signer})
	rep, ok := f.replies[key]
	f.mu.Unlock()
	if !ok {
		f.t.Errorf("%s: unexpected request %q (%s %s)", f.name, key, r.Method, r.URL)
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	for k, vs := range f.header {
		w.Header()[k] = vs
	}
	for k, vs := range rep.header {
		w.Header()[k] = vs
	}
	w.Header().Set("X-Amzn-Requestid", "7f8e9d0c-1b2a-4c3d-9e8f-0a1b2c3d4e5f")
	w.WriteHeader(rep.status)
	w.Write(rep.body)
}

// set answers key with status and the body of testdata/file, plus header
// name/value pairs.
func (f *fakeAPI) set(key string, status int, file string, header ...string) {
	f.t.Helper()
	body, err := os.ReadFile(filepath.Join("testdata", file))
	if err != nil {
		f.t.Fatal(err)
	}
	f.setBody(key, status, body, header...)
}

func (f *fakeAPI) setBody(key string, status int, body []byte, header ...string) {
	rep := reply{status: status, header: http.Header{}, body: body}
	for i := 0; i+1 < len(header); i += 2 {
		rep.header.Set(header[i], header[i+1])
	}
	if f.encode != nil {
		rep = f.encode(rep)
	}
	f.mu.Lock()
	f.replies[key] = rep
	f.mu.Unlock()
}

func (f *fakeAPI) recorded() []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]call(nil), f.calls...)
}

func (f *fakeAPI) keys() []string {
	var keys []string
	for _, c := range f.recorded() {
		keys = append(keys, c.Key)
	}
	return keys
}

// fakes is the whole fake AWS, answering the happy path by default.
type fakes struct {
	quotas, lambda, ec2, apigw, cloudwatch *fakeAPI
}

const (
	vpcID   = "vpc-0a1b2c3d4e5f60000"
	subnetA = "subnet-0a1b2c3d4e5f60001" // 10.0.0.0/19, 8000 of 8187 free
	subnetB = "subnet-0a1b2c3d4e5f60002" // 10.0.32.0/19, 1000 of 8187 free
	apiID   = "a1b2c3d4e5"
	stage   = "prod"
)

// Keys of the requests.
const (
	keyLambdaQuota        = "GetServiceQuota lambda/L-B99A9384"
	keyLambdaDefault      = "GetAWSDefaultServiceQuota lambda/L-B99A9384"
	keyVpcQuota           = "GetServiceQuota vpc/L-DF5E4CA3"
	keyVpcDefault         = "GetAWSDefaultServiceQuota vpc/L-DF5E4CA3"
	keyApiQuota           = "GetServiceQuota apigateway/L-8A5B8E43"
	keyAccountSettings    = "GET /2016-08-19/account-settings"
	keyENIs               = "DescribeNetworkInterfaces"
	keyENIsPage2          = "DescribeNetworkInterfaces NextToken=eyJ2IjoiMiIsImMiOiJmTkV4UkUxR2d5MHdFSGZ3dlNvVjZnPT0iLCJzIjoiMSJ9"
	keySubnets            = "DescribeSubnets"
	keyStage              = "GET /restapis/" + apiID + "/stages/" + stage
	keyGetMetricData      = "GetMetricData"
	keyGetDatabaseMetrics = "GetMetricData (databases)"
	keyPutMetricData      = "PutMetricData"
	serviceQuotasJSONType = "application/x-amz-json-1.1"
)

func newFakes(t *testing.T) *fakes {
	f := &fakes{
		quotas: newFakeAPI(t, "Service Quotas", http.Header{"Content-Type": {serviceQuotasJSONType}}, routeServiceQuotas),
		lambda: newFakeAPI(t, "Lambda", http.Header{"Content-Type": {"application/json"}}, routeREST),
		ec2:    newFakeAPI(t, "EC2", http.Header{"Content-Type": {"text/xml;charset=UTF-8"}, "Server": {"AmazonEC2"}}, routeEC2),
		apigw:  newFakeAPI(t, "API Gateway", http.Header{"Content-Type": {"application/json"}}, routeREST),
		cloudwatch: newFakeAPI(t, "CloudWatch", http.Header{
			"Content-Type": {"application/cbor"}, "Smithy-Protocol": {"rpc-v2-cbor"},
		}, routeCBOR),
	}
	f.cloudwatch.encode = encodeCBORReply

	f.quotas.set(keyLambdaQuota, 200, "servicequotas/GetServiceQuota-lambda.json")
	f.quotas.set(keyVpcQuota, 400, "servicequotas/NoSuchResourceException.json")
	f.quotas.set(keyVpcDefault, 200, "servicequotas/GetAWSDefaultServiceQuota-vpc.json")
	f.quotas.set(keyApiQuota, 200, "servicequotas/GetServiceQuota-apigateway.json")
	f.lambda.set(keyAccountSettings, 200, "lambda/GetAccountSettings.json")
	f.ec2.set(keyENIs, 200, "ec2/DescribeNetworkInterfaces-page1.xml")
	f.ec2.set(keyENIsPage2, 200, "ec2/DescribeNetworkInterfaces-page2.xml")
	f.ec2.set(keySubnets, 200, "ec2/DescribeSubnets.xml")
	f.apigw.set(keyStage, 200, "apigateway/GetStage.json")
	f.cloudwatch.set(keyGetMetricData, 200, "cloudwatch/GetMetricData.json")
	f.cloudwatch.setBody(keyPutMetricData, 200, []byte("{}"))
	return f
}

// now is the clock of the tests: 30 s into the sixth minute of 2026.
var now = time.Date(2026, 1, 1, 0, 5, 30, 0, time.UTC)

// fullConfig watches everything.
var fullConfig = quotawatch.Config{
	VpcID:     vpcID,
	SubnetIDs: []string{subnetA, subnetB},
	RestAPIID: apiID,
	StageName: stage,
	Namespace: "Test/Quotas",
}

// watcher is a Watcher whose SDK clients (the real ones) talk to the fakes
// with static credentials, one attempt per call (no retry delays), and
// whose JSON logs go to logs.
func (f *fakes) watcher(c quotawatch.Config, logs io.Writer) *quotawatch.Watcher {
	cfg := aws.Config{
		Region:           "eu-west-1",
		Credentials:      credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""),
		RetryMaxAttempts: 1,
		// A connection per request: with one attempt per call, a reused
		// loopback connection closed in between failed a run under load.
		HTTPClient: awshttp.NewBuildableClient().WithTransportOptions(func(t *http.Transport) { t.DisableKeepAlives = true }),
	}
	w := &quotawatch.Watcher{
		Config:        c,
		ServiceQuotas: servicequotas.NewFromConfig(cfg, func(o *servicequotas.Options) { o.BaseEndpoint = aws.String(f.quotas.srv.URL) }),
		Lambda:        lambda.NewFromConfig(cfg, func(o *lambda.Options) { o.BaseEndpoint = aws.String(f.lambda.srv.URL) }),
		EC2:           ec2.NewFromConfig(cfg, func(o *ec2.Options) { o.BaseEndpoint = aws.String(f.ec2.srv.URL) }),
		APIGateway:    apigateway.NewFromConfig(cfg, func(o *apigateway.Options) { o.BaseEndpoint = aws.String(f.apigw.srv.URL) }),
		CloudWatch:    cloudwatch.NewFromConfig(cfg, func(o *cloudwatch.Options) { o.BaseEndpoint = aws.String(f.cloudwatch.srv.URL) }),
		Logger:        jsonLogger(logs),
		Now:           func() time.Time { return now },
	}
	return w
}

// routeServiceQuotas: "<Op> <ServiceCode>/<QuotaCode>".
func routeServiceQuotas(r *http.Request, body []byte) (string, any, error) {
	const prefix = "ServiceQuotasV20190624."
	target := r.Header.Get("X-Amz-Target")
	if r.Method != http.MethodPost || r.URL.Path != "/" || !strings.HasPrefix(target, prefix) {
		return "", nil, fmt.Errorf("not an awsJson1_1 Service Quotas request (target %q)", target)
	}
	if ct := r.Header.Get("Content-Type"); ct != serviceQuotasJSONType {
		return "", nil, fmt.Errorf("Content-Type %q", ct)
	}
	var in map[string]any
	if err := json.Unmarshal(body, &in); err != nil {
		return "", nil, err
	}
	return fmt.Sprintf("%s %v/%v", strings.TrimPrefix(target, prefix), in["ServiceCode"], in["QuotaCode"]), in, nil
}

// routeREST: "<METHOD> <path>".
func routeREST(r *http.Request, body []byte) (string, any, error) {
	if len(body) > 0 {
		return "", nil, fmt.Errorf("unexpected body")
	}
	return r.Method + " " + r.URL.EscapedPath(), r.URL.Query(), nil
}

// routeEC2: "<Action>" plus " NextToken=<token>" on later pages.
func routeEC2(r *http.Request, body []byte) (string, any, error) {
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return "", nil, err
	}
	if r.Method != http.MethodPost || form.Get("Version") != "2016-11-15" {
		return "", nil, fmt.Errorf("not an ec2Query request: %s %v", r.Method, form)
	}
	key := form.Get("Action")
	if tok := form.Get("NextToken"); tok != "" {
		key += " NextToken=" + tok
	}
	return key, form, nil
}

// routeCBOR: "<Op>", params the decoded CBOR body.
func routeCBOR(r *http.Request, body []byte) (string, any, error) {
	const prefix = "/service/GraniteServiceVersion20100801/operation/"
	if r.Method != http.MethodPost || !strings.HasPrefix(r.URL.Path, prefix) || r.Header.Get("Smithy-Protocol") != "rpc-v2-cbor" {
		return "", nil, fmt.Errorf("not an rpcv2Cbor CloudWatch request")
	}
	v, err := cbor.Decode(body)
	if err != nil {
		return "", nil, err
	}
	key, params := strings.TrimPrefix(r.URL.Path, prefix), fromCBOR(v)
	// The database check has its own GetMetricData call: keyed apart from
	// the concurrency query's.
	if key == keyGetMetricData {
		if qs, _ := params.(map[string]any)["MetricDataQueries"].([]any); len(qs) > 0 {
			if id, _ := qs[0].(map[string]any)["Id"].(string); id != "concurrency" {
				key = keyGetDatabaseMetrics
			}
		}
	}
	return key, params, nil
}

// encodeCBORReply turns a JSON body (see testdata/cloudwatch/README.md)
// into CBOR; bodies that are not JSON are sent as they are.
func encodeCBORReply(rep reply) reply {
	var v any
	dec := json.NewDecoder(bytes.NewReader(rep.body))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return rep
	}
	rep.body = cbor.Encode(toCBOR(v))
	return rep
}

func toCBOR(v any) cbor.Value {
	switch v := v.(type) {
	case map[string]any:
		if epoch, ok := v["$epoch"].(json.Number); ok && len(v) == 1 {
			f, _ := epoch.Float64()
			return &cbor.Tag{ID: 1, Value: cbor.Float64(f)}
		}
		m := cbor.Map{}
		for k, e := range v {
			m[k] = toCBOR(e)
		}
		return m
	case []any:
		l := cbor.List{}
		for _, e := range v {
			l = append(l, toCBOR(e))
		}
		return l
	case string:
		return cbor.String(v)
	case json.Number:
		f, _ := v.Float64()
		return cbor.Float64(f)
	case bool:
		return cbor.Bool(v)
	}
	return &cbor.Nil{}
}

// fromCBOR turns a decoded CBOR value into plain Go values: maps, slices,
// strings, float64, bool and time.Time (tag 1).
func fromCBOR(v cbor.Value) any {
	switch v := v.(type) {
	case cbor.Map:
		m := map[string]any{}
		for k, e := range v {
			m[k] = fromCBOR(e)
		}
		return m
	case cbor.List:
		var l []any
		for _, e := range v {
			l = append(l, fromCBOR(e))
		}
		return l
	case cbor.String:
		return string(v)
	case cbor.Bool:
		return bool(v)
	case *cbor.Tag:
		if v.ID == 1 {
			t, err := cbor.AsTime(v)
			if err == nil {
				return t.UTC()
			}
		}
		return v
	}
	if f, err := cbor.AsFloat64(v); err == nil {
		return f
	}
	return v
}

// published is the PutMetricData requests' metrics as lines
// "<namespace> <MetricName> <Dim>=<Value>... <value> <Unit> <timestamp>".
func published(t *testing.T, cw *fakeAPI) []string {
	t.Helper()
	var lines []string
	for _, c := range cw.recorded() {
		if c.Key != keyPutMetricData {
			continue
		}
		in := c.Params.(map[string]any)
		for _, d := range in["MetricData"].([]any) {
			d := d.(map[string]any)
			var dims []string
			for _, dim := range d["Dimensions"].([]any) {
				dim := dim.(map[string]any)
				dims = append(dims, fmt.Sprintf("%s=%s", dim["Name"], dim["Value"]))
			}
			ts, _ := d["Timestamp"].(time.Time)
			lines = append(lines, fmt.Sprintf("%s %s %s %s %s %s", in["Namespace"], d["MetricName"], strings.Join(dims, ","),
				fmtValue(d["Value"].(float64)), d["Unit"], ts.Format(time.RFC3339)))
		}
	}
	return lines
}

// fmtValue rounds to 4 decimals.
func fmtValue(f float64) string { return strconv.FormatFloat(math.Round(f*10000)/10000, 'f', -1, 64) }

// jsonLogger logs JSON lines at every level into w.
func jsonLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// logLines decodes JSON log lines.
func logLines(t *testing.T, logs *bytes.Buffer) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line is not JSON: %v\n%s", err, line)
		}
		out = append(out, m)
	}
	return out
}

func sortedCopy(s []string) []string {
	c := append([]string(nil), s...)
	sort.Strings(c)
	return c
}
