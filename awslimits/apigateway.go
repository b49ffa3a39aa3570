package awslimits

// API Gateway (REST API) quotas.
// Source: https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html
const (
	// APIGatewayIntegrationTimeoutSeconds is a REST API's default maximum
	// integration timeout (regional and private APIs may raise it through a
	// quota increase).
	APIGatewayIntegrationTimeoutSeconds = 29
	// APIGatewayResourcesPerAPI is the default quota of resources per REST API.
	APIGatewayResourcesPerAPI = 300
	// APIGatewayThrottleRate is the account's default requests per second
	// across all APIs in a Region (2,500 in some newer Regions); its
	// Service Quotas code is in QuotaAPIGatewayThrottleRate.
	APIGatewayThrottleRate = 10000
	// APIGatewayThrottleBurst is the account's default burst.
	APIGatewayThrottleBurst = 5000
)

// APIGatewayIntegrationTimeoutMaxSeconds is the longest integration
// timeout a quota increase allows (regional and private REST APIs).
const APIGatewayIntegrationTimeoutMaxSeconds = 300
