package awslimits

// X-Ray trace context as Lambda hands it to a function: the runtime API's
// Lambda-Runtime-Trace-Id header for each invocation, which aws-lambda-go
// puts in the invocation's context (key "x-amzn-trace-id") and in the
// environment variable _X_AMZN_TRACE_ID; passed on to the next service in
// the X-Amzn-Trace-Id HTTP header ("Root=...;Parent=...;Sampled=...").
// Source: https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
// and https://docs.aws.amazon.com/xray/latest/devguide/xray-concepts.html#xray-concepts-tracingheader
const (
	XRayTraceHeader     = "X-Amzn-Trace-Id"
	XRayTraceEnvVar     = "_X_AMZN_TRACE_ID"
	XRayTraceContextKey = "x-amzn-trace-id"
)

// XRayWriteActions are what a traced function's role needs to send its
// segments (those of the managed policy AWSXRayDaemonWriteAccess that
// Lambda uses); X-Ray has no resource-level permissions for them.
// Source: https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html#services-xray-permissions
// and https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsx-ray.html
var XRayWriteActions = []string{"xray:PutTelemetryRecords", "xray:PutTraceSegments"}
