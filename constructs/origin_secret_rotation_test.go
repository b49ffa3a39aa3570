package constructs_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/constructs"
)

// With Rotation: two slot secrets named after their time parameter, the
// header's value an Fn::If on the active slot, the ARNs a sender reads,
// an hourly function allowed only to update its own stack.
func TestOriginSecretRotation(t *testing.T) {
	stack := newTestStack(t, nil)
	o := constructs.NewOriginSecret(stack, jsii.String("Origin"), &constructs.OriginSecretProps{
		Generation: jsii.Number(3), Rotation: &constructs.OriginSecretRotationProps{Code: inlineCode()},
	})
	if o.Secret != nil || o.Rotation == nil || len(o.ReadArns) != 2 {
		t.Fatalf("secret %v, rotation %v, read ARNs %d", o.Secret, o.Rotation, len(o.ReadArns))
	}
	tpl := templateOf(t, stack)
	for _, l := range []string{"a", "b"} {
		tpl.has("AWS::SecretsManager::Secret", map[string]any{
			"Name": map[string]any{"Fn::Join": []any{"", []any{"Stack-monolith-origin-g3-" + l + "-t", ref("MonolithOriginSlot" + strings.ToUpper(l))}}},
		})
	}
	// Turning rotation on sends nothing new: the secret sent before stays
	// (same logical ID as without rotation, so the deploy leaves it), and
	// slot A starts as a copy of it; renewed (time set), A is random.
	before := stack.GetLogicalId(constructs.NewOriginSecret(newTestStack(t, nil), jsii.String("Origin"), &constructs.OriginSecretProps{Generation: jsii.Number(3)}).Secret.Node().DefaultChild().(awscdk.CfnElement))
	if _, ok := tpl.json["Resources"].(map[string]any)[*before]; !ok {
		t.Fatalf("the secret sent before rotation (%s) is gone", *before)
	}
	tpl.has("AWS::SecretsManager::Secret", map[string]any{
		"Name":                 map[string]any{"Fn::Join": []any{"", []any{"Stack-monolith-origin-g3-a-t", ref("MonolithOriginSlotA")}}},
		"SecretString":         map[string]any{"Fn::If": []any{"MonolithOriginSlotAFirst", map[string]any{"Fn::Join": []any{"", []any{"{{resolve:secretsmanager:", ref(*before), ":SecretString:::}}"}}}, ref("AWS::NoValue")}},
		"GenerateSecretString": map[string]any{"Fn::If": []any{"MonolithOriginSlotAFirst", ref("AWS::NoValue"), map[string]any{"PasswordLength": 48, "ExcludePunctuation": true}}},
	})
	if c := jsonString(tpl.json["Conditions"]); !strings.Contains(c, `"MonolithOriginSlotAFirst":{"Fn::Equals":[{"Ref":"MonolithOriginSlotA"},"0"]}`) {
		t.Errorf("conditions %s", c)
	}
	tpl.has("AWS::Events::Rule", map[string]any{"ScheduleExpression": "rate(1 hour)"})
	tpl.has("AWS::Lambda::Function", map[string]any{"Environment": map[string]any{"Variables": map[string]any{
		"STACK_NAME": "Stack", "SLOT_A_PARAMETER": "MonolithOriginSlotA", "SLOT_B_PARAMETER": "MonolithOriginSlotB",
		"ACTIVE_PARAMETER": "MonolithOriginActive", "ROTATE_EVERY_HOURS": "720", "REFRESH_HOURS": "1",
	}}})
	_, role := tpl.only("AWS::IAM::Role", nil)
	if doc := jsonString(properties(role)["Policies"]); !strings.Contains(doc, `"Action":["cloudformation:DescribeStacks","cloudformation:UpdateStack"],"Effect":"Allow","Resource":{"Ref":"AWS::StackId"}`) ||
		!strings.Contains(doc, `"Condition":{"Null":{"cloudformation:RoleArn":"false"}},"Effect":"Deny"`) {
		t.Errorf("rotation role %s", doc)
	}
	if v := jsonString(o.Rotation.StageVariables); !strings.Contains(v, "monolithOriginSecret") {
		t.Errorf("stage variables %s", v)
	}
}

func TestOriginSecretRotationRefuses(t *testing.T) {
	stack := newTestStack(t, nil)
	mustPanic(t, func() {
		constructs.NewOriginSecret(stack, jsii.String("NoCode"), &constructs.OriginSecretProps{Rotation: &constructs.OriginSecretRotationProps{}})
	}, "needs Entry (the origin-secret-rotation main package folder) or Code")
	again := newTestStack(t, nil)
	constructs.NewOriginSecret(again, jsii.String("One"), &constructs.OriginSecretProps{Rotation: &constructs.OriginSecretRotationProps{Code: inlineCode()}})
	mustPanic(t, func() {
		constructs.NewOriginSecret(again, jsii.String("Two"), &constructs.OriginSecretProps{Rotation: &constructs.OriginSecretRotationProps{Code: inlineCode()}})
	}, "Stack/Two: the stack already has a construct named MonolithOriginSlotA: one rotating origin secret per stack")
}
