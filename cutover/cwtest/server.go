// Package cwtest is CloudWatch's DescribeAlarms on loopback for tests: an
// httptest server speaking the Smithy RPC v2 CBOR protocol as the
// aws-sdk-go-v2 CloudWatch client of go.mod (service/cloudwatch v1.75.6)
// sends and parses it (POST /service/GraniteServiceVersion20100801/operation/DescribeAlarms,
// Smithy-Protocol: rpc-v2-cbor, CBOR maps, timestamps as tag 1 over epoch
// seconds, errors as a "__type" and "message" map with the awsQuery code
// in X-Amzn-Query-Error), holding metric alarms in memory.
package cwtest

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/smithy-go/encoding/cbor"
)

// Path is where the SDK sends DescribeAlarms.
const Path = "/service/GraniteServiceVersion20100801/operation/DescribeAlarms"

// Alarm is a metric alarm the server holds.
type Alarm struct {
	Name       string
	State      string // OK, ALARM, INSUFFICIENT_DATA
	Since      time.Time
	Reason     string
	Namespace  string
	Metric     string
	Dimensions map[string]string
}

// Request is one DescribeAlarms call the server answered.
type Request struct {
	AlarmNamePrefix string
	AlarmTypes      []string
	MaxRecords      int
	NextToken       string
	Signer          string // the service in the SigV4 credential scope: monitoring
	Status          int
}

// Server is the alarms and their HTTP endpoint.
type Server struct {
	*httptest.Server
	t testing.TB

	mu       sync.Mutex
	alarms   []Alarm
	pageSize int // a page's most alarms, below MaxRecords as the service may answer
	fail     *failure
	requests []Request
}

type failure struct {
	status              int
	typ, query, message string
}

// New starts a server on 127.0.0.1, closed when the test ends.
func New(t testing.TB) *Server {
	s := &Server{t: t}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// Add holds more alarms; DescribeAlarms lists them by name, as CloudWatch does.
func (s *Server) Add(alarms ...Alarm) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.alarms = append(s.alarms, alarms...)
	sort.SliceStable(s.alarms, func(i, j int) bool { return s.alarms[i].Name < s.alarms[j].Name })
}

// PageSize caps every page at n alarms.
func (s *Server) PageSize(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pageSize = n
}

// DenyAccess answers every call as CloudWatch answers a caller without
// cloudwatch:DescribeAlarms: 403, AccessDenied.
func (s *Server) DenyAccess() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fail = &failure{http.StatusForbidden, "com.amazon.coral.service#AccessDeniedException", "AccessDenied;Sender",
		"User: arn:aws:sts::123456789012:assumed-role/Operator/alice is not authorized to perform: cloudwatch:DescribeAlarms because no identity-based policy allows the cloudwatch:DescribeAlarms action"}
}

// Requests are the calls answered so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

var credentialScope = regexp.MustCompile(`Credential=[^/]+/\d{8}/[^/]+/([^/]+)/aws4_request`)

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	if r.Method != http.MethodPost || r.URL.Path != Path || r.Header.Get("Smithy-Protocol") != "rpc-v2-cbor" {
		s.t.Errorf("cwtest: not an rpc-v2-cbor DescribeAlarms request: %s %s (Smithy-Protocol %q)", r.Method, r.URL.Path, r.Header.Get("Smithy-Protocol"))
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	v, err := cbor.Decode(body)
	in, ok := v.(cbor.Map)
	if err != nil || !ok {
		s.t.Errorf("cwtest: DescribeAlarms body is not a CBOR map: %v", err)
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	req := Request{AlarmNamePrefix: text(in["AlarmNamePrefix"]), NextToken: text(in["NextToken"])}
	if n, err := cbor.AsInt64(in["MaxRecords"]); err == nil {
		req.MaxRecords = int(n)
	}
	if l, ok := in["AlarmTypes"].(cbor.List); ok {
		for _, e := range l {
			req.AlarmTypes = append(req.AlarmTypes, text(e))
		}
	}
	if m := credentialScope.FindStringSubmatch(r.Header.Get("Authorization")); m != nil {
		req.Signer = m[1]
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	w.Header().Set("Content-Type", "application/cbor")
	w.Header().Set("Smithy-Protocol", "rpc-v2-cbor")
	w.Header().Set("X-Amzn-Requestid", "5e4d3c2b-1a09-4f8e-9d7c-6b5a49382716")
	reply := func(status int, body cbor.Map) {
		req.Status = status
		s.requests = append(s.requests, req)
		w.WriteHeader(status)
		w.Write(cbor.Encode(body))
	}
	if f := s.fail; f != nil {
		w.Header().Set("X-Amzn-Query-Error", f.query)
		reply(f.status, cbor.Map{"__type": cbor.String(f.typ), "message": cbor.String(f.message)})
		return
	}
	var match []Alarm
	for _, a := range s.alarms {
		if strings.HasPrefix(a.Name, req.AlarmNamePrefix) {
			match = append(match, a)
		}
	}
	start := 0
	if req.NextToken != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(req.NextToken, "next-"))
		if err != nil || n > len(match) {
			reply(http.StatusBadRequest, cbor.Map{"__type": cbor.String("com.amazonaws.cloudwatch#InvalidNextToken"), "message": cbor.String("The service returned an invalid next token")})
			return
		}
		start = n
	}
	size := 50 // the service's default MaxRecords
	if req.MaxRecords > 0 {
		size = req.MaxRecords
	}
	if s.pageSize > 0 && s.pageSize < size {
		size = s.pageSize
	}
	end := min(start+size, len(match))
	list := cbor.List{}
	for _, a := range match[start:end] {
		list = append(list, encode(a))
	}
	out := cbor.Map{"MetricAlarms": list, "CompositeAlarms": cbor.List{}}
	if end < len(match) {
		out["NextToken"] = cbor.String(fmt.Sprintf("next-%d", end))
	}
	reply(http.StatusOK, out)
}

func encode(a Alarm) cbor.Value {
	dims := cbor.List{}
	keys := make([]string, 0, len(a.Dimensions))
	for k := range a.Dimensions {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		dims = append(dims, cbor.Map{"Name": cbor.String(k), "Value": cbor.String(a.Dimensions[k])})
	}
	since := &cbor.Tag{ID: 1, Value: cbor.Float64(float64(a.Since.UnixMilli()) / 1000)}
	return cbor.Map{
		"AlarmName":                  cbor.String(a.Name),
		"AlarmArn":                   cbor.String("arn:aws:cloudwatch:us-east-1:123456789012:alarm:" + a.Name),
		"StateValue":                 cbor.String(a.State),
		"StateReason":                cbor.String(a.Reason),
		"StateTransitionedTimestamp": since,
		"StateUpdatedTimestamp":      since,
		"Namespace":                  cbor.String(a.Namespace),
		"MetricName":                 cbor.String(a.Metric),
		"Dimensions":                 dims,
		"Statistic":                  cbor.String("Sum"),
		"Period":                     cbor.Uint(60),
		"EvaluationPeriods":          cbor.Uint(1),
		"Threshold":                  cbor.Float64(0),
		"ComparisonOperator":         cbor.String("GreaterThanThreshold"),
	}
}

func text(v cbor.Value) string {
	s, _ := v.(cbor.String)
	return string(s)
}
