package awslimits

import "strings"

// API Gateway stage variables, for a header value that changes without a
// new deployment.

// APIGatewayStageVariableMapping is how an integration request parameter
// takes a stage variable's value: "stageVariables.<name>". A stage's
// variables are the stage's, not its deployment's, so a changed value is
// used at once, without a new deployment.
// Source: https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-parameter-mapping-sources.html
const APIGatewayStageVariableMapping = "stageVariables."

// APIGatewayStageVariableValue says whether v may be a stage variable's
// value: [A-Za-z0-9-._~:/?#&=,]+. Without regexp, which every Lambda
// binary importing this package would then link.
// Source: https://docs.aws.amazon.com/apigateway/latest/api/API_CreateStage.html (variables)
func APIGatewayStageVariableValue(v string) bool {
	if v == "" {
		return false
	}
	for _, c := range v {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.ContainsRune("-._~:/?#&=,", c)) {
			return false
		}
	}
	return true
}
