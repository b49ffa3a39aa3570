package constructs_test

import (
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/constructs"
)

// The rule matches the stack's own rolled-back or stuck updates and sends
// the topic a line naming the stack, the status and the reason.
func TestStackRollbackAlarm(t *testing.T) {
	stack := newTestStack(t, nil)
	topic := awssns.NewTopic(stack, jsii.String("Topic"), nil)
	constructs.NewStackRollbackAlarm(stack, jsii.String("RolledBack"), &constructs.StackRollbackAlarmProps{Topic: topic})
	tpl := templateOf(t, stack)
	tpl.has("AWS::Events::Rule", map[string]any{"EventPattern": map[string]any{
		"source": []any{"aws.cloudformation"}, "detail-type": []any{"CloudFormation Stack Status Change"},
		"detail": map[string]any{"stack-id": []any{ref("AWS::StackId")}, "status-details": map[string]any{"status": []any{"UPDATE_ROLLBACK_COMPLETE", "UPDATE_ROLLBACK_FAILED"}}},
	}})
	// Publishing for another account is refused, never one without the key.
	tpl.has("AWS::SNS::TopicPolicy", map[string]any{"PolicyDocument": map[string]any{"Statement": assertions.Match_ArrayWith(&[]any{map[string]any{
		"Sid": "EventBridgeOfThisAccountOnly", "Effect": "Deny", "Principal": map[string]any{"Service": "events.amazonaws.com"},
		"Action": "sns:Publish", "Resource": ref("TopicBFC7AF6E"), "Condition": map[string]any{"StringNotEqualsIfExists": map[string]any{"aws:SourceAccount": ref("AWS::AccountId")}},
	}})}})
	mustPanic(t, func() { constructs.NewStackRollbackAlarm(stack, jsii.String("NoTopic"), nil) }, "StackRollbackAlarmProps needs Topic")
}
