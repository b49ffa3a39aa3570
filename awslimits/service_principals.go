package awslimits

// Service principals: the names AWS services act as in trust and resource
// policies.
// Source: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-services
// (each service's own page names its principal; for example EventBridge:
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html)
const (
	LambdaServicePrincipal       = "lambda.amazonaws.com"
	APIGatewayServicePrincipal   = "apigateway.amazonaws.com"
	EventBridgeServicePrincipal  = "events.amazonaws.com"
	CloudWatchServicePrincipal   = "cloudwatch.amazonaws.com"
	CodeDeployServicePrincipal   = "codedeploy.amazonaws.com"
	VPCFlowLogsServicePrincipal  = "vpc-flow-logs.amazonaws.com"
	LogsDeliveryServicePrincipal = "delivery.logs.amazonaws.com"
)
