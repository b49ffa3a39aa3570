package httpadapter

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
)

const apiGatewayTrace = "Root=1-6747a1b2-0123456789abcdef01234567"

// withAPIGatewayTrace is a REST event carrying API Gateway's X-Amzn-Trace-Id, as it does with tracing on.
func withAPIGatewayTrace(t *testing.T) []byte {
	var ev map[string]any
	if err := json.Unmarshal(readEvent(t, "rest-authorized-caller.json"), &ev); err != nil {
		t.Fatal(err)
	}
	ev["headers"].(map[string]any)["X-Amzn-Trace-Id"] = apiGatewayTrace
	ev["multiValueHeaders"].(map[string]any)["X-Amzn-Trace-Id"] = []string{apiGatewayTrace}
	out, _ := json.Marshal(ev)
	return out
}

const lambdaTrace = "Root=1-6747a1b2-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1"

// invokeCtx is the context aws-lambda-go's invoke loop gives a handler:
// the Lambda-Runtime-Trace-Id header under the key "x-amzn-trace-id"
// (aws-lambda-go v1.55.1 lambda/invoke_loop.go).
func invokeCtx(trace string) context.Context {
	//nolint:staticcheck // aws-lambda-go's own key is a plain string
	return context.WithValue(lambdaCtx("l1"), "x-amzn-trace-id", trace)
}

// The handler sees the invocation's trace context (not API Gateway's) in
// its request's header and context, and TraceTransport passes it on to
// what the handler calls; a header the caller set itself is kept.
func TestTraceContextReachesOutgoingCalls(t *testing.T) {
	var seen []string
	downstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, r.Header.Get("X-Amzn-Trace-Id"))
	}))
	defer downstream.Close()
	client := &http.Client{Transport: TraceTransport(nil)}
	var inHeader, inContext string
	a := quietAdapter(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		inHeader, inContext = r.Header.Get("X-Amzn-Trace-Id"), TraceHeader(r.Context())
		for _, own := range []string{"", "Root=1-own"} {
			req, _ := http.NewRequestWithContext(r.Context(), "GET", downstream.URL, nil)
			if own != "" {
				req.Header.Set("X-Amzn-Trace-Id", own)
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			if own == "" && req.Header.Get("X-Amzn-Trace-Id") != "" {
				t.Error("TraceTransport changed the caller's request")
			}
		}
	}))
	if _, err := a.Invoke(invokeCtx(lambdaTrace), withAPIGatewayTrace(t)); err != nil {
		t.Fatal(err)
	}
	if inHeader != lambdaTrace || inContext != lambdaTrace {
		t.Errorf("handler saw header %q, context %q; want the invocation's %q", inHeader, inContext, lambdaTrace)
	}
	if len(seen) != 2 || seen[0] != lambdaTrace || seen[1] != "Root=1-own" {
		t.Errorf("downstream saw %q", seen)
	}
	// Outside Lambda (a test, a local server) there is none: nothing is added.
	if TraceHeader(context.Background()) != "" {
		t.Error("a trace header from nowhere")
	}
}

// Without an invocation trace, API Gateway's header stays as it came.
func TestTraceHeaderOfTheEventKeptWithoutInvocationTrace(t *testing.T) {
	var got string
	a := quietAdapter(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = r.Header.Get("X-Amzn-Trace-Id") }))
	if _, err := a.Invoke(lambdaCtx("l1"), withAPIGatewayTrace(t)); err != nil {
		t.Fatal(err)
	}
	if got != apiGatewayTrace {
		t.Errorf("X-Amzn-Trace-Id %q, want API Gateway's from the event", got)
	}
}
