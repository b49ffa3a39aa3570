package constructs

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/aws-cdk-go/awscdk/v2/awseventstargets"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	awsconstructs "github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/awslimits"
)

// StackRollbackAlarmProps configure a StackRollbackAlarm. Topic is required.
type StackRollbackAlarmProps struct {
	// Topic notified. A topic with a customer managed key made in the same
	// app (MigrationMonitoring's) gets a key policy statement letting
	// events.amazonaws.com use the key (aws-events-targets' SnsTopic adds
	// it, as AWS's page says it must:
	// https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services);
	// an imported topic's key must allow it already.
	Topic awssns.ITopic
}

// StackRollbackAlarm notifies Topic when an update of its stack is rolled
// back (UPDATE_ROLLBACK_COMPLETE) or its rollback fails
// (UPDATE_ROLLBACK_FAILED): any update, a deploy's as well as a scheduled
// rotation's, which nobody watches. An EventBridge rule on CloudFormation's
// "Stack Status Change" events for the stack's own ID (its nested stacks
// roll back with it, so their events add nothing).
type StackRollbackAlarm struct {
	awsconstructs.Construct
	Rule awsevents.Rule
}

// NewStackRollbackAlarm makes the rule for the stack scope is in.
func NewStackRollbackAlarm(scope awsconstructs.Construct, id *string, props *StackRollbackAlarmProps) *StackRollbackAlarm {
	if props == nil || props.Topic == nil {
		panic(fmt.Sprintf("%s: StackRollbackAlarmProps needs Topic", constructPath(scope, id)))
	}
	this := &StackRollbackAlarm{Construct: awsconstructs.NewConstruct(scope, id)}
	stack := awscdk.Stack_Of(scope)
	message := awsevents.RuleTargetInput_FromText(jsii.String(fmt.Sprintf(
		"Stack %s is %s: an update of it was rolled back (a deploy, or a scheduled origin key or origin secret rotation); the values before the update stay in use. Reason: %s. Read the stack's events; %s needs the rollback continued (ContinueUpdateRollback) before any update can start.",
		*awsevents.EventField_FromPath(jsii.String("$.detail.stack-id")),
		*awsevents.EventField_FromPath(jsii.String("$.detail.status-details.status")),
		*awsevents.EventField_FromPath(jsii.String("$.detail.status-details.status-reason")),
		awslimits.CloudFormationUpdateRollbackFailed)))
	this.Rule = awsevents.NewRule(this.Construct, jsii.String("Rule"), &awsevents.RuleProps{
		Description: jsii.String("An update of this stack rolled back, or its rollback failed"),
		EventPattern: &awsevents.EventPattern{
			Source:     jsii.Strings(awslimits.CloudFormationEventSource),
			DetailType: jsii.Strings(awslimits.CloudFormationStackStatusChangeType),
			Detail: &map[string]any{
				"stack-id":       []any{stack.StackId()},
				"status-details": map[string]any{"status": []any{awslimits.CloudFormationUpdateRolledBack, awslimits.CloudFormationUpdateRollbackFailed}},
			},
		},
		Targets: &[]awsevents.IRuleTarget{awseventstargets.NewSnsTopic(props.Topic, &awseventstargets.SnsTopicProps{Message: message})},
	})
	// The SnsTopic target lets events.amazonaws.com publish with no
	// condition, which an EventBridge rule of any account could use (the
	// confused deputy AWS's pages warn of). Refuse publishes made for
	// another account. IfExists: a publish without aws:SourceAccount is
	// not refused, so this only narrows what the target allowed and can
	// never silence the alarm. An imported topic's policy is its owner's.
	props.Topic.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid:        jsii.String("EventBridgeOfThisAccountOnly"),
		Effect:     awsiam.Effect_DENY,
		Principals: &[]awsiam.IPrincipal{awsiam.NewServicePrincipal(jsii.String(awslimits.EventBridgeServicePrincipal), nil)},
		Actions:    jsii.Strings("sns:Publish"),
		Resources:  jsii.Strings(*props.Topic.TopicArn()),
		Conditions: &map[string]any{"StringNotEqualsIfExists": map[string]any{"aws:SourceAccount": stack.Account()}},
	}))
	return this
}
