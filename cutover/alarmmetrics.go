package cutover

import "github.com/strangler-fig/strangler/awslimits"

// The CloudWatch metrics whose alarms send routes back to the monolith
// (awslimits has them with their AWS pages).
const (
	LambdaNamespace          = awslimits.LambdaMetricNamespace
	LambdaMetricThrottles    = awslimits.LambdaMetricThrottles
	LambdaMetricErrors       = awslimits.LambdaMetricErrors
	LambdaDimensionFunction  = awslimits.LambdaDimensionFunction
	LambdaDimensionResource  = awslimits.LambdaDimensionResource
	APIGatewayNamespace      = awslimits.APIGatewayMetricNamespace
	APIGatewayMetric5XX      = awslimits.APIGatewayMetric5XX
	APIGatewayDimensionName  = awslimits.APIGatewayDimensionName
	DescribeAlarmsMaxRecords = awslimits.CloudWatchDescribeAlarmsMaxRecords
)

// LiveAlias is the alias API Gateway invokes and the function alarms
// watch: constructs.ApiFunction's default, which the stack keeps.
const LiveAlias = "live"
