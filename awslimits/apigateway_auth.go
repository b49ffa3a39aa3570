package awslimits

// API Gateway Lambda authorizers.
// Source: https://docs.aws.amazon.com/apigateway/latest/developerguide/configure-api-gateway-lambda-authorization.html
// and https://docs.aws.amazon.com/apigateway/latest/api/API_CreateAuthorizer.html (authorizerResultTtlInSeconds).
const (
	// AuthorizerResultTTLMaxSeconds is the longest an authorizer's answer
	// is cached (per identity source value); 0 turns caching off.
	AuthorizerResultTTLMaxSeconds = 3600
	// AuthorizerResultTTLDefaultSeconds is API Gateway's default TTL.
	AuthorizerResultTTLDefaultSeconds = 300
	// AuthorizerUnauthorizedMessage is the error a Lambda authorizer returns
	// for API Gateway to answer 401 (any other error is a 500, the
	// AUTHORIZER_CONFIGURATION_ERROR gateway response).
	AuthorizerUnauthorizedMessage = "Unauthorized"
)
