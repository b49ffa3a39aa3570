// Package athenatest is an Athena stub on 127.0.0.1 speaking Athena's JSON
// 1.1 protocol (POST /, X-Amz-Target: AmazonAthena.<Operation>), so that
// the real SDK client is tested offline: queries move through the states a
// test scripts, results come in pages, and calls can be throttled.
package athenatest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/athena"
)

// Answer is how the stub answers one query.
type Answer struct {
	// States reported by successive GetQueryExecution calls; the last one
	// repeats. Default: SUCCEEDED.
	States []string
	// Reason, ErrorCategory and ErrorType for FAILED or CANCELLED.
	Reason        string
	ErrorCategory int32
	ErrorType     int32
	// Columns and Rows of the result (nil cell: NULL).
	Columns []string
	Rows    [][]*string
	// Scanned is DataScannedInBytes.
	Scanned int64
}

// Engine answers a query string; it is called once per StartQueryExecution.
type Engine func(sql string) Answer

// Server is the stub.
type Server struct {
	*httptest.Server
	// PageSize of GetQueryResults pages (the header row counts on the
	// first page, as in Athena). Default: the request's MaxResults.
	PageSize int
	// Throttle, while > 0, answers that many next calls with
	// TooManyRequestsException (HTTP 400), counting down.
	Throttle int

	mu      sync.Mutex
	engine  Engine
	queries map[string]*query
	calls   []string
	Stopped []string
	// WorkGroups of the StartQueryExecution calls, in order.
	WorkGroups []string
	// SQL of the StartQueryExecution calls, in order.
	SQL []string
}

type query struct {
	answer Answer
	polls  int
	state  string
}

// New starts a stub on 127.0.0.1 answering with engine.
func New(engine Engine) *Server {
	s := &Server{engine: engine, queries: map[string]*query{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// Client is an SDK client of the stub with static credentials and the
// given retry attempts (throttling tests need more than one).
func (s *Server) Client(attempts int) *athena.Client {
	return athena.New(athena.Options{
		Region:           "us-east-1",
		BaseEndpoint:     aws.String(s.URL),
		Credentials:      credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""),
		RetryMaxAttempts: attempts,
	})
}

// Calls are the operations called so far, in order.
func (s *Server) Calls() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.calls...)
}

func fail(w http.ResponseWriter, code int, typ, msg string) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.Header().Set("X-Amzn-ErrorType", typ)
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(map[string]string{"__type": typ, "Message": msg})
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	op, ok := strings.CutPrefix(r.Header.Get("X-Amz-Target"), "AmazonAthena.")
	if r.Method != http.MethodPost || !ok || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-amz-json-1.1") {
		fail(w, 400, "InvalidRequestException", "not an Athena JSON 1.1 call")
		return
	}
	if !strings.Contains(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256") {
		fail(w, 403, "UnrecognizedClientException", "unsigned request")
		return
	}
	var in map[string]any
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		fail(w, 400, "InvalidRequestException", err.Error())
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, op)
	if s.Throttle > 0 {
		s.Throttle--
		fail(w, 400, "TooManyRequestsException", "Rate exceeded")
		return
	}
	str := func(k string) string { v, _ := in[k].(string); return v }
	q := s.queries[str("QueryExecutionId")]
	if op != "StartQueryExecution" && q == nil {
		fail(w, 400, "InvalidRequestException", "QueryExecution "+str("QueryExecutionId")+" was not found")
		return
	}
	var out any
	switch op {
	case "StartQueryExecution":
		sql := str("QueryString")
		s.SQL = append(s.SQL, sql)
		s.WorkGroups = append(s.WorkGroups, str("WorkGroup"))
		id := fmt.Sprintf("q-%04d", len(s.queries)+1)
		s.queries[id] = &query{answer: s.engine(sql)}
		out = map[string]any{"QueryExecutionId": id}
	case "GetQueryExecution":
		a := q.answer
		states := a.States
		if len(states) == 0 {
			states = []string{"SUCCEEDED"}
		}
		if q.state == "" || q.state == "QUEUED" || q.state == "RUNNING" {
			q.state = states[min(q.polls, len(states)-1)]
		}
		q.polls++
		status := map[string]any{"State": q.state}
		if a.Reason != "" && (q.state == "FAILED" || q.state == "CANCELLED") {
			status["StateChangeReason"] = a.Reason
			status["AthenaError"] = map[string]any{"ErrorCategory": a.ErrorCategory, "ErrorType": a.ErrorType, "Retryable": false}
		}
		out = map[string]any{"QueryExecution": map[string]any{
			"QueryExecutionId": str("QueryExecutionId"), "Status": status,
			"Statistics": map[string]any{"DataScannedInBytes": a.Scanned},
		}}
	case "StopQueryExecution":
		s.Stopped = append(s.Stopped, str("QueryExecutionId"))
		q.state = "CANCELLED"
		out = map[string]any{}
	case "GetQueryResults":
		if q.state != "SUCCEEDED" {
			fail(w, 400, "InvalidRequestException", "Query has not yet finished. Current state: "+q.state)
			return
		}
		out = s.page(q.answer, str("NextToken"), in["MaxResults"])
	default:
		fail(w, 400, "UnknownOperationException", op)
		return
	}
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	json.NewEncoder(w).Encode(out)
}

// page answers GetQueryResults: the header row first, then the rows,
// PageSize (or MaxResults) rows a page, NextToken the next row's index.
func (s *Server) page(a Answer, token string, maxResults any) any {
	all := make([]any, 0, len(a.Rows)+1)
	header := []any{}
	for _, c := range a.Columns {
		header = append(header, map[string]any{"VarCharValue": c})
	}
	all = append(all, map[string]any{"Data": header})
	for _, row := range a.Rows {
		data := []any{}
		for _, v := range row {
			if v == nil {
				data = append(data, map[string]any{})
			} else {
				data = append(data, map[string]any{"VarCharValue": *v})
			}
		}
		all = append(all, map[string]any{"Data": data})
	}
	size := s.PageSize
	if size <= 0 {
		if m, ok := maxResults.(float64); ok && m > 0 {
			size = int(m)
		} else {
			size = 1000
		}
	}
	from, _ := strconv.Atoi(token)
	to := min(len(all), from+size)
	var cols []any
	for _, c := range a.Columns {
		cols = append(cols, map[string]any{"Name": c, "Type": "varchar"})
	}
	out := map[string]any{"ResultSet": map[string]any{"Rows": all[from:to], "ResultSetMetadata": map[string]any{"ColumnInfo": cols}}}
	if to < len(all) {
		out["NextToken"] = strconv.Itoa(to)
	}
	return out
}

// Strings makes a row of cells from values ("" stays "", use nil for NULL).
func Strings(vals ...string) []*string {
	out := make([]*string, len(vals))
	for i := range vals {
		out[i] = &vals[i]
	}
	return out
}
