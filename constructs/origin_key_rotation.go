package constructs

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/aws-cdk-go/awscdk/v2/awseventstargets"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	awsconstructs "github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// OriginKeyRotationParameter is the logical ID of the stack parameter the
// rotation raises (one stack, one rotation).
const OriginKeyRotationParameter = "OriginKeyRotation"

// OriginKeyRotationProps configures an OriginKeyRotation. Entry (or Code) is required.
type OriginKeyRotationProps struct {
	// Entry is the origin-key-rotation main package folder (lambdas/origin-key-rotation).
	Entry *string
	// Code overrides the code built from Entry.
	Code awslambda.Code
	// Every is how often the key is replaced. Default: 30 days.
	Every awscdk.Duration
	// LogRetention of the function's log group. Default: one month.
	LogRetention awslogs.RetentionDays
}

// OriginKeyRotation replaces the origin key (ProxyApi's API key, which
// CloudFront sends) on a schedule, with CloudFormation doing the work: an
// EventBridge schedule invokes a Lambda (lambdas/origin-key-rotation) that
// updates the stack with its previous template and the stack parameter
// OriginKeyRotation raised by one. Give Parameter to ProxyApiProps.OriginKeyRotation:
// it is in the key secret's name, so the update replaces the secret, the
// API key and its usage-plan key, updates the distribution (which waits
// for the usage plan) and deletes the old key in the cleanup phase: both
// keys valid while CloudFront's change propagates, as in a deploy. Nothing
// is changed behind CloudFormation's back, and `cdk deploy` keeps the
// parameter's value (CDK reuses previous parameter values).
//
// CloudFormation performs the update as the stack's service role (CDK's
// bootstrap cfn-exec role), which it reuses for anyone allowed to update
// the stack, without iam:PassRole: the function only starts it, and may
// not name another role. A stack deployed without a service role would
// update with the function's own narrow rights and roll back (the old key
// stays). FailedAlarm sees only a rotation that could not start: an update
// that started and rolled back shows in the stack's events, not here.
//
// Who may change this function's code may start any update of the stack
// (IAM cannot limit UpdateStack to the previous template): grant
// lambda:UpdateFunctionCode on it as you would the deploy itself.
type OriginKeyRotation struct {
	awsconstructs.Construct
	// Parameter counts rotations (default 0); its value is in the key's name.
	Parameter awscdk.CfnParameter
	// Function starts the rotation.
	Function awslambda.Function
	// Rule is the schedule.
	Rule awsevents.Rule
	// FailedAlarm fires when a rotation could not start (errors on two
	// invocations, Lambda's retries included). Add an action to it.
	FailedAlarm awscloudwatch.Alarm
	// LogGroup of the function.
	LogGroup awslogs.LogGroup
}

// NewOriginKeyRotation makes the parameter, the function and the schedule.
func NewOriginKeyRotation(scope awsconstructs.Construct, id *string, props *OriginKeyRotationProps) *OriginKeyRotation {
	if props == nil || (props.Entry == nil && props.Code == nil) {
		panic(fmt.Sprintf("%s: OriginKeyRotationProps needs Entry (the origin-key-rotation main package folder) or Code", constructPath(scope, id)))
	}
	code := props.Code
	if code == nil {
		code = GoCode(*props.Entry)
	}
	stack := awscdk.Stack_Of(scope)
	if stack.Node().TryFindChild(jsii.String(OriginKeyRotationParameter)) != nil || (*scope.Node().Path() == *stack.Node().Path() && *id == OriginKeyRotationParameter) {
		panic(fmt.Sprintf("%s: the stack already has a construct named %s (the rotation's parameter): one rotation per stack, and give the construct another ID",
			constructPath(scope, id), OriginKeyRotationParameter))
	}
	this := &OriginKeyRotation{Construct: awsconstructs.NewConstruct(scope, id)}
	// At the stack's top, so its logical ID is its name.
	this.Parameter = awscdk.NewCfnParameter(stack, jsii.String(OriginKeyRotationParameter), &awscdk.CfnParameterProps{
		Type:        jsii.String("Number"),
		Default:     jsii.Number(0),
		MinValue:    jsii.Number(0),
		Description: jsii.String("Origin key rotations so far: raised by the OriginKeyRotation schedule (a new key each time); deploys keep it"),
	})
	this.LogGroup = awslogs.NewLogGroup(this.Construct, jsii.String("Logs"), &awslogs.LogGroupProps{
		Retention:     orOneMonth(props.LogRetention),
		RemovalPolicy: awscdk.RemovalPolicy_RETAIN_ON_UPDATE_OR_DELETE,
	})
	role := newSelfUpdateRole(this.Construct, this.LogGroup, "Origin key rotation: start an update of its own stack; CloudFormation does it with the stack's service role")
	this.Function = toolFunction{description: "Rotates the origin key: updates its own stack with OriginKeyRotation raised by one", code: code,
		memoryMiB: 128, timeout: 30, role: role, logGroup: this.LogGroup,
		env: map[string]*string{"STACK_NAME": stack.StackName(), "ROTATION_PARAMETER": this.Parameter.LogicalId()}}.make(this.Construct)
	every := props.Every
	if every == nil {
		every = awscdk.Duration_Days(jsii.Number(30))
	}
	this.Rule = awsevents.NewRule(this.Construct, jsii.String("Schedule"), &awsevents.RuleProps{
		Description: jsii.String("Rotates the origin key"),
		Schedule:    awsevents.Schedule_Rate(every),
		Targets:     &[]awsevents.IRuleTarget{awseventstargets.NewLambdaFunction(this.Function, nil)},
	})
	this.FailedAlarm = newAlarm(this.Construct, "Failed", this.Function.MetricErrors(&awscloudwatch.MetricOptions{
		Period: awscdk.Duration_Hours(jsii.Number(6)), Statistic: jsii.String("Sum"),
	}), 1, 1, 1, "The origin key rotation could not start (twice: a deploy running, or the update refused); the old key stays valid. Read the function's log.")
	return this
}
