package awslimits

import "testing"

// The secret's generated value (letters and digits) fits a stage variable;
// a value with a space or a quote does not.
func TestAPIGatewayStageVariableValue(t *testing.T) {
	for v, ok := range map[string]bool{"abcXYZ019": true, "a-b._~:/?#&=,": true, "": false, "a b": false, "a'b": false, "{{x}}": false} {
		if got := APIGatewayStageVariableValue(v); got != ok {
			t.Errorf("APIGatewayStageVariableValue(%q) = %v, want %v", v, got, ok)
		}
	}
}
