package cutover

// The CloudWatch metrics whose alarms send routes back to the monolith,
// as AWS names them. They belong with the other AWS facts in awslimits;
// they live here until that package has a file for Lambda and API Gateway
// metrics.
const (
	// Lambda's per-function metrics; with the dimensions FunctionName and
	// Resource (FUNCTION:ALIAS) they count an alias's invocations.
	// Source: https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html
	LambdaNamespace         = "AWS/Lambda"
	LambdaMetricThrottles   = "Throttles"
	LambdaMetricErrors      = "Errors"
	LambdaDimensionFunction = "FunctionName"
	LambdaDimensionResource = "Resource"

	// API Gateway's REST API metrics, per API by its name.
	// Source: https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-metrics-and-dimensions.html
	APIGatewayNamespace     = "AWS/ApiGateway"
	APIGatewayMetric5XX     = "5XXError"
	APIGatewayDimensionName = "ApiName"

	// DescribeAlarmsMaxRecords is the largest page DescribeAlarms returns.
	// Source: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html
	DescribeAlarmsMaxRecords = 100
)

// LiveAlias is the alias API Gateway invokes and the function alarms
// watch: constructs.ApiFunction's default, which the stack keeps.
const LiveAlias = "live"
