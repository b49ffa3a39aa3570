package constructs_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/constructs"
)

// The CodeDeploy role's boundary lets lambda:UpdateAlias reach only the
// named functions (and their aliases), so the AWS managed policy CDK
// attaches (UpdateAlias on "*") cannot move another function's alias;
// the rest of that policy passes as it is.
func TestLambdaDeploymentRoleBoundary(t *testing.T) {
	stack := newTestStack(t, nil)
	constructs.NewLambdaDeploymentRole(stack, jsii.String("Deploy"), &constructs.LambdaDeploymentRoleProps{FunctionNames: []string{"api-b", "api-a"}})
	tpl := templateOf(t, stack)
	boundaryID, boundary := tpl.only("AWS::IAM::ManagedPolicy", nil)
	tpl.has("AWS::IAM::Role", map[string]any{"PermissionsBoundary": ref(boundaryID)})
	fn := func(name string) any {
		return map[string]any{"Fn::Join": []any{"", []any{"arn:", ref("AWS::Partition"), ":lambda:", ref("AWS::Region"), ":", ref("AWS::AccountId"), ":function:" + name}}}
	}
	var updateAlias, actions []string
	for _, s := range properties(boundary)["PolicyDocument"].(map[string]any)["Statement"].([]any) {
		st := s.(map[string]any)
		acts := st["Action"]
		if a, ok := acts.(string); ok {
			acts = []any{a}
		}
		for _, a := range acts.([]any) {
			actions = append(actions, a.(string))
			if a == "lambda:UpdateAlias" {
				updateAlias = append(updateAlias, jsonString(st["Resource"]))
			}
		}
	}
	want := jsonString([]any{fn("api-a"), fn("api-a:*"), fn("api-b"), fn("api-b:*")})
	if len(updateAlias) != 1 || updateAlias[0] != want {
		t.Errorf("lambda:UpdateAlias on %v, want only %s", updateAlias, want)
	}
	// Everything AWSCodeDeployRoleForLambdaLimited allows is let through.
	for _, a := range []string{"cloudwatch:DescribeAlarms", "lambda:UpdateAlias", "lambda:GetAlias", "lambda:GetProvisionedConcurrencyConfig", "s3:GetObject", "s3:GetObjectVersion", "lambda:InvokeFunction"} {
		if !slices.Contains(actions, a) {
			t.Errorf("the boundary stops %s, which CodeDeploy's managed policy allows", a)
		}
	}
}

// More functions than their ARNs fit half a managed policy: the
// boundary names their common prefix instead.
func TestLambdaDeploymentRoleBoundaryManyFunctions(t *testing.T) {
	stack := newTestStack(t, nil)
	var names []string
	for i := range 100 {
		names = append(names, fmt.Sprintf("shop-api-%03d", i))
	}
	constructs.NewLambdaDeploymentRole(stack, jsii.String("Deploy"), &constructs.LambdaDeploymentRoleProps{FunctionNames: names})
	_, boundary := templateOf(t, stack).only("AWS::IAM::ManagedPolicy", nil)
	doc := jsonString(properties(boundary)["PolicyDocument"])
	if !strings.Contains(doc, `":function:shop-api-0*"`) || strings.Contains(doc, "shop-api-001") {
		t.Errorf("boundary %s, want UpdateAlias on function:shop-api-0*", doc)
	}
}
