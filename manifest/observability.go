package manifest

// Observability says what the stack records about each request beyond
// logs and metrics.
type Observability struct {
	// Tracing turns on AWS X-Ray active tracing on the API Gateway stage,
	// the API functions and the authorizer: each request is one trace
	// from API Gateway through the authorizer and the function (and, when
	// a handler passes the trace header on, what it calls). X-Ray bills
	// per trace recorded and retrieved (its default sampling rule records
	// the first request each second and 5% of the rest). Default: true.
	Tracing *bool `yaml:"tracing,omitempty" json:"tracing,omitempty"`
}

// TracingOn says whether X-Ray active tracing is on.
func (o Observability) TracingOn() bool { return o.Tracing == nil || *o.Tracing }
