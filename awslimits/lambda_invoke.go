package awslimits

// Lambda invocation limits.
// Source: https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
const (
	// LambdaSyncPayloadBytes is the most a synchronous invocation's
	// request, and its response, may carry.
	LambdaSyncPayloadBytes = 6 * 1024 * 1024
)

// LambdaInitSeconds is how long the init phase (the runtime starting up to
// its first request for an event) may take for on-demand concurrency.
// Source: https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html#runtimes-lifecycle-ib
const LambdaInitSeconds = 10

// LambdaRuntimeAPIVersion is the path prefix of the Lambda Runtime API a
// custom runtime (provided.al2023) polls at AWS_LAMBDA_RUNTIME_API.
// Source: https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html
const LambdaRuntimeAPIVersion = "2018-06-01"
