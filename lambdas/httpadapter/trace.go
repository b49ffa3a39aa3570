package httpadapter

import (
	"context"
	"net/http"

	"github.com/strangler-fig/strangler/awslimits"
)

// TraceHeader is the X-Ray trace context of the invocation serving ctx, as
// Lambda gave it ("Root=1-...;Parent=...;Sampled=1"), or "" outside
// Lambda. With active tracing its Parent is this function's segment: a
// call that carries it in its X-Amzn-Trace-Id header joins the request's
// trace as a child of the function (see [TraceTransport]).
func TraceHeader(ctx context.Context) string {
	// aws-lambda-go stores it under this plain string key.
	if v, ok := ctx.Value(awslimits.XRayTraceContextKey).(string); ok {
		return v
	}
	return ""
}

// TraceTransport passes the trace context of each request's context
// ([TraceHeader]) on in its X-Amzn-Trace-Id header, unless the request
// already has one, then sends it with base (nil: http.DefaultTransport).
// A handler makes its outgoing calls part of the request's trace with
//
//	client := &http.Client{Transport: httpadapter.TraceTransport(nil)}
//	req, _ := http.NewRequestWithContext(r.Context(), "GET", url, nil)
//	resp, err := client.Do(req)
//
// The callee (another API behind API Gateway, an ALB, an instrumented
// service) then records its work in the same trace. AWS SDK for Go v2
// clients need nothing: on Lambda they send the trace header themselves
// (from _X_AMZN_TRACE_ID). Without the X-Ray SDK the calls themselves are
// not drawn as subsegments; the trace still connects.
func TraceTransport(base http.RoundTripper) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	return traceTransport{base}
}

// traceHeaderKey is X-Amzn-Trace-Id as http.Header keys it.
var traceHeaderKey = http.CanonicalHeaderKey(awslimits.XRayTraceHeader)

type traceTransport struct{ base http.RoundTripper }

func (t traceTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if tid := TraceHeader(r.Context()); tid != "" && r.Header.Get(awslimits.XRayTraceHeader) == "" {
		r = r.Clone(r.Context()) // a RoundTripper must not change the caller's request
		r.Header.Set(awslimits.XRayTraceHeader, tid)
	}
	return t.base.RoundTrip(r)
}
