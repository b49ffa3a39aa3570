package awslimits

// CloudWatch metric namespaces and names of AWS services this project
// alarms on and reads.
const (
	// Lambda's metrics; with the dimensions FunctionName and Resource
	// (FUNCTION:ALIAS) they count an alias's invocations.
	// Source: https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html
	LambdaMetricNamespace   = "AWS/Lambda"
	LambdaMetricThrottles   = "Throttles"
	LambdaMetricErrors      = "Errors"
	LambdaDimensionFunction = "FunctionName"
	LambdaDimensionResource = "Resource"

	// API Gateway's REST API metrics, per API by its name.
	// Source: https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-metrics-and-dimensions.html
	APIGatewayMetricNamespace = "AWS/ApiGateway"
	APIGatewayMetric5XX       = "5XXError"
	APIGatewayDimensionName   = "ApiName"

	// CloudFront's distribution metrics, published in us-east-1 only.
	// Source: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/programming-cloudwatch-metrics.html
	CloudFrontMetricNamespace = "AWS/CloudFront"

	// CloudWatchDescribeAlarmsMaxRecords is the largest page DescribeAlarms returns.
	// Source: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html
	CloudWatchDescribeAlarmsMaxRecords = 100
)
