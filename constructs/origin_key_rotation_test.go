package constructs_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/constructs"
)

// The rotation: a Number parameter OriginKeyRotation (0), in the origin
// key secret's name so that raising it replaces the key; a function that
// may only describe and update its own stack (and pass CDK's
// CloudFormation role to CloudFormation), on a 30-day schedule.
func TestOriginKeyRotation(t *testing.T) {
	stack := newTestStack(t, nil)
	rot := constructs.NewOriginKeyRotation(stack, jsii.String("Rotator"), &constructs.OriginKeyRotationProps{Code: inlineCode()})
	api := constructs.NewProxyApi(stack, jsii.String("Api"), &constructs.ProxyApiProps{CloudWatchRole: jsii.Bool(false), OriginKeyRotation: rot.Parameter.ValueAsString()})
	api.AddRoute("/a", []string{"GET"}, constructs.NewApiFunction(stack, jsii.String("Fn"), &constructs.ApiFunctionProps{Code: inlineCode()}).Alias, nil)
	tpl := templateOf(t, stack)
	p := tpl.json["Parameters"].(map[string]any)["OriginKeyRotation"].(map[string]any)
	if p["Type"] != "Number" || p["Default"] != float64(0) || p["MinValue"] != float64(0) {
		t.Errorf("parameter %s", jsonString(p))
	}
	tpl.has("AWS::SecretsManager::Secret", map[string]any{
		"Name": map[string]any{"Fn::Join": []any{"-", []any{ref("AWS::StackName"), "origin-key-g1-r", ref("OriginKeyRotation")}}},
	})
	tpl.has("AWS::Events::Rule", map[string]any{"ScheduleExpression": "rate(30 days)"})
	tpl.has("AWS::Lambda::Function", map[string]any{"Environment": map[string]any{"Variables": map[string]any{
		"STACK_NAME": "Stack", "ROTATION_PARAMETER": "OriginKeyRotation",
	}}})
	_, role := tpl.only("AWS::IAM::Role", map[string]any{"Description": "Origin key rotation: start an update of its own stack; CloudFormation does it with the stack's service role"})
	doc := jsonString(properties(role)["Policies"])
	for _, want := range []string{
		`"Action":["cloudformation:DescribeStacks","cloudformation:UpdateStack"],"Effect":"Allow","Resource":{"Ref":"AWS::StackId"}`,
		// Only the stack's own role (reused without iam:PassRole), never a
		// template from elsewhere.
		`"Action":"cloudformation:UpdateStack","Condition":{"Null":{"cloudformation:RoleArn":"false"}},"Effect":"Deny"`,
		`"Action":"cloudformation:UpdateStack","Condition":{"Null":{"cloudformation:TemplateUrl":"false"}},"Effect":"Deny"`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("rotation role policy lacks %s:\n%s", want, doc)
		}
	}
	if strings.Contains(doc, "iam:PassRole") {
		t.Errorf("rotation role may pass roles: %s", doc)
	}
	tpl.has("AWS::CloudWatch::Alarm", map[string]any{"MetricName": "Errors", "Period": 21600, "Threshold": 1})
}

// Without a rotation the secret keeps CloudFormation's own name (no
// replacement for stacks that do not rotate).
func TestOriginKeyWithoutRotationHasNoName(t *testing.T) {
	stack := newTestStack(t, nil)
	api := constructs.NewProxyApi(stack, jsii.String("Api"), &constructs.ProxyApiProps{CloudWatchRole: jsii.Bool(false)})
	api.AddRoute("/a", []string{"GET"}, constructs.NewApiFunction(stack, jsii.String("Fn"), &constructs.ApiFunctionProps{Code: inlineCode()}).Alias, nil)
	_, s := templateOf(t, stack).only("AWS::SecretsManager::Secret", nil)
	if n, ok := properties(s)["Name"]; ok {
		t.Errorf("Name = %s", jsonString(n))
	}
}

func TestOriginKeyRotationOnePerStack(t *testing.T) {
	stack := newTestStack(t, &awscdk.Environment{})
	constructs.NewOriginKeyRotation(stack, jsii.String("Rotator"), &constructs.OriginKeyRotationProps{Code: inlineCode()})
	mustPanic(t, func() {
		constructs.NewOriginKeyRotation(stack, jsii.String("Again"), &constructs.OriginKeyRotationProps{Code: inlineCode()})
	}, "Stack/Again: the stack already has a construct named OriginKeyRotation")
}
