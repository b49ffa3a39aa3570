package awslimits

// What a REST API answers when its Lambda proxy integration fails, status
// and JSON body (x-amzn-ErrorType names the cause). 502 when the function
// fails or its answer is not a valid proxy response, 500 when Lambda
// rejects the invoke (a throttle among them), 504 when the integration
// timeout passes, 403 for a path or method the API does not have.
// Source: https://docs.aws.amazon.com/apigateway/latest/developerguide/services-apigateway-errors.html
// and https://repost.aws/knowledge-center/malformed-502-api-gateway
const (
	APIGatewayBadResponseStatus    = 502
	APIGatewayBadResponseBody      = `{"message": "Internal server error"}`
	APIGatewayInvokeRejectedStatus = 500
	APIGatewayInvokeRejectedBody   = `{"message": "Internal server error"}`
	APIGatewayTimeoutStatus        = 504
	APIGatewayTimeoutBody          = `{"message": "Endpoint request timed out"}`
	APIGatewayMissingTokenStatus   = 403
	APIGatewayMissingTokenBody     = `{"message":"Missing Authentication Token"}`
)

// APIGatewayPayloadBytes is the most a REST API request may carry.
// Source: https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html
const APIGatewayPayloadBytes = 10 * 1024 * 1024
