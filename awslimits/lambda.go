package awslimits

// Lambda quotas.
// Source: https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
const (
	// LambdaConcurrentExecutions is the default regional concurrency quota
	// (adjustable; Service Quotas code in QuotaLambdaConcurrentExecutions).
	LambdaConcurrentExecutions = 1000
	// LambdaUnreservedConcurrencyMinimum is what Lambda keeps unreserved in
	// a Region: reserved concurrency can never take the last 100.
	// Source: https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html
	LambdaUnreservedConcurrencyMinimum = 100
	// LambdaScalingPer10Seconds is how many execution environments a
	// function may add every 10 seconds.
	// Source: https://docs.aws.amazon.com/lambda/latest/dg/scaling-behavior.html
	LambdaScalingPer10Seconds = 1000
	// LambdaEnvironmentBytes is the most all of a function's environment
	// variables may take together.
	LambdaEnvironmentBytes = 4 * 1024
)

// Lambda VPC networking.
// Source: https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html
const (
	// LambdaConnectionsPerHyperplaneENI is what one Lambda Hyperplane
	// network interface carries; Lambda adds interfaces beyond it.
	LambdaConnectionsPerHyperplaneENI = 65000
)

// Lambda function memory, in MiB.
// Source: https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html
const (
	LambdaMemoryMinMiB = 128
	LambdaMemoryMaxMiB = 10240
)
