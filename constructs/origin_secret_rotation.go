package constructs

import (
	"fmt"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/aws-cdk-go/awscdk/v2/awseventstargets"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssecretsmanager"
	awsconstructs "github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// The stack's parameters and condition of a rotating OriginSecret (one
// per stack, at its top so their logical IDs are these names).
const (
	OriginSecretSlotAParameter  = "MonolithOriginSlotA"
	OriginSecretSlotBParameter  = "MonolithOriginSlotB"
	OriginSecretActiveParameter = "MonolithOriginActive"
	OriginSecretSlotACondition  = "MonolithOriginSlotAActive"
	// OriginSecretSlotAFirstCondition: slot A still holds its first value,
	// the one sent before rotation was turned on.
	OriginSecretSlotAFirstCondition = "MonolithOriginSlotAFirst"
	// OriginSecretStageVariable holds the active value on an API's stage,
	// for its routes to the monolith (see OriginSecretRotation.StageVariables).
	OriginSecretStageVariable = "monolithOriginSecret"
)

// OriginSecretRotationProps configure an OriginSecret's scheduled
// rotation. Entry (or Code) is required.
type OriginSecretRotationProps struct {
	// Entry is the origin-secret-rotation main package folder (lambdas/origin-secret-rotation).
	Entry *string
	// Code overrides the code built from Entry.
	Code awslambda.Code
	// Every is how often the value is replaced. Default: 30 days.
	Every awscdk.Duration
	// Refresh is how long the monolith may take to accept a new value
	// (its fetcher's interval with a margin); CloudFront switches to a new
	// value this long after it exists. Default: 1 hour.
	Refresh awscdk.Duration
	// LogRetention of the function's log group. Default: one month.
	LogRetention awslogs.RetentionDays
}

// OriginSecretRotation is an OriginSecret rotated on a schedule without
// an outage, for a checker (the monolith) that reads the values itself:
//
//   - two slot secrets, A and B, each named
//     <stack>-monolith-origin-g<generation>-<slot>-t<time>, where <time>
//     is a stack parameter (the Unix time the value was made): raising it
//     replaces that secret with a new random value;
//   - a parameter naming the active slot, and a condition on it: every
//     sender (CloudFront's origin header, an API's stage variable for its
//     routes to the monolith, the delegate authorizer's environment) takes
//     the active slot's value through Fn::If, so switching changes the
//     resolved properties themselves and CloudFormation surely updates
//     each sender;
//   - an hourly function (lambdas/origin-secret-rotation) that updates the
//     stack with its previous template: a new value in the idle slot once
//     the active one is Every old, then, Refresh after it exists, the
//     switch (lambdas/originrotation.Slots says why it is safe).
//
// The monolith accepts the current value of both slots, read from Secrets
// Manager (every secret named NamePrefix...) more often than Refresh.
type OriginSecretRotation struct {
	// SlotA and SlotB hold the two values.
	SlotA, SlotB awssecretsmanager.Secret
	// Parameters: each slot's creation time, and the active slot.
	SlotAParameter, SlotBParameter, ActiveParameter awscdk.CfnParameter
	// SlotAActive is true when slot A's value is sent.
	SlotAActive awscdk.CfnCondition
	// SlotAFirst is true while slot A holds the value sent before rotation
	// was turned on (its time parameter still 0).
	SlotAFirst awscdk.CfnCondition
	// NamePrefix every slot secret's name starts with (for the monolith's
	// fetcher: list-secrets with this name filter).
	NamePrefix *string
	// StageVariables is {OriginSecretStageVariable: the active value}, for
	// an API stage whose monolith routes map the header from it: a stage's
	// variables change without a new deployment (a literal in the
	// integration would wait for one, which a scheduled update never makes).
	StageVariables map[string]*string
	// StageVariableHeaders is {header: stage variable} for
	// ProxyApiProps.MonolithStageVariableHeaders.
	StageVariableHeaders map[string]string
	// Function ticks hourly; Rule is its schedule.
	Function awslambda.Function
	Rule     awsevents.Rule
	// FailedAlarm fires when a due step could not start (refused, or the
	// parameters unreadable; a busy stack waits for the next tick).
	FailedAlarm awscloudwatch.Alarm
	LogGroup    awslogs.LogGroup
}

// rotate makes the slots, parameters, condition, function and schedule.
func (o *OriginSecret) rotate(generation int, props *OriginSecretRotationProps, before awssecretsmanager.Secret) {
	if props.Entry == nil && props.Code == nil {
		panic(fmt.Sprintf("%s: OriginSecretRotationProps needs Entry (the origin-secret-rotation main package folder) or Code", *o.Node().Path()))
	}
	stack := awscdk.Stack_Of(o.Construct)
	for _, name := range []string{OriginSecretSlotAParameter, OriginSecretSlotBParameter, OriginSecretActiveParameter, OriginSecretSlotACondition, OriginSecretSlotAFirstCondition} {
		if stack.Node().TryFindChild(jsii.String(name)) != nil {
			panic(fmt.Sprintf("%s: the stack already has a construct named %s: one rotating origin secret per stack", *o.Node().Path(), name))
		}
	}
	r := &OriginSecretRotation{}
	o.Rotation = r
	slotTime := func(id, slot string) awscdk.CfnParameter {
		return awscdk.NewCfnParameter(stack, jsii.String(id), &awscdk.CfnParameterProps{
			Type: jsii.String("Number"), Default: jsii.Number(0), MinValue: jsii.Number(0),
			Description: jsii.String("Unix time the monolith origin secret's slot " + slot + " was made (0: by a deploy): set by its rotation, which replaces the slot's secret by raising it; deploys keep it"),
		})
	}
	r.SlotAParameter = slotTime(OriginSecretSlotAParameter, "A")
	r.SlotBParameter = slotTime(OriginSecretSlotBParameter, "B")
	r.ActiveParameter = awscdk.NewCfnParameter(stack, jsii.String(OriginSecretActiveParameter), &awscdk.CfnParameterProps{
		Type: jsii.String("String"), Default: jsii.String("A"), AllowedValues: jsii.Strings("A", "B"),
		Description: jsii.String("The monolith origin secret's slot CloudFront and the rest send: switched by its rotation; deploys keep it"),
	})
	r.SlotAActive = awscdk.NewCfnCondition(stack, jsii.String(OriginSecretSlotACondition), &awscdk.CfnConditionProps{
		Expression: awscdk.Fn_ConditionEquals(r.ActiveParameter.ValueAsString(), jsii.String("A")),
	})
	r.NamePrefix = awscdk.Fn_Join(jsii.String(""), &[]*string{stack.StackName(), jsii.String("-monolith-origin-")})
	slot := func(id, letter string, time awscdk.CfnParameter) awssecretsmanager.Secret {
		s := awssecretsmanager.NewSecret(o.Construct, jsii.String(id), &awssecretsmanager.SecretProps{
			// Ends in -t<10 digits>, never in a hyphen and six characters,
			// which Secrets Manager's ARNs add (see awslimits).
			SecretName: awscdk.Fn_Join(jsii.String(""), &[]*string{r.NamePrefix, jsii.String(fmt.Sprintf("g%d-%s-t", generation, letter)), time.ValueAsString()}),
			Description: jsii.String("Slot " + strings.ToUpper(letter) + " of the value CloudFront sends the monolith in " + o.HeaderName +
				": the monolith accepts both slots' values; which one is sent is the stack parameter " + OriginSecretActiveParameter),
			GenerateSecretString: &awssecretsmanager.SecretStringGenerator{PasswordLength: jsii.Number(48), ExcludePunctuation: jsii.Bool(true)},
		})
		SuppressNag(s, NagSuppression{ID: "AwsSolutions-SMG4",
			Reason: "Rotated on a schedule by CloudFormation, not by a Secrets Manager rotation Lambda: CloudFront's origin header changes only with a distribution update, so the stack's rotation function (" +
				"OriginSecretRotation) makes a new value in the idle slot by replacing this secret, then switches every sender to it once the monolith has read it."})
		return s
	}
	r.SlotA = slot("SlotA", "a", r.SlotAParameter)
	r.SlotB = slot("SlotB", "b", r.SlotBParameter)
	// Slot A's first value (its time still 0, as the deploy that turns
	// rotation on makes it) is the value sent before, copied by a dynamic
	// reference: every sender then switches to slot A with the value the
	// monolith already accepts, so turning rotation on sends nothing new.
	// Once the rotation renews slot A (time set), it is random like B.
	r.SlotAFirst = awscdk.NewCfnCondition(stack, jsii.String(OriginSecretSlotAFirstCondition), &awscdk.CfnConditionProps{
		Expression: awscdk.Fn_ConditionEquals(r.SlotAParameter.ValueAsString(), jsii.String("0")),
	})
	slotA := r.SlotA.Node().DefaultChild().(awssecretsmanager.CfnSecret)
	slotA.AddPropertyOverride(jsii.String("SecretString"), awscdk.Fn_ConditionIf(r.SlotAFirst.LogicalId(), before.SecretValue().UnsafeUnwrap(), awscdk.Aws_NO_VALUE()))
	slotA.AddPropertyOverride(jsii.String("GenerateSecretString"), awscdk.Fn_ConditionIf(r.SlotAFirst.LogicalId(),
		awscdk.Aws_NO_VALUE(), map[string]any{"PasswordLength": 48, "ExcludePunctuation": true}))
	active := func(a, b *string) *string {
		return awscdk.Token_AsString(awscdk.Fn_ConditionIf(r.SlotAActive.LogicalId(), a, b), nil)
	}
	value := active(r.SlotA.SecretValue().UnsafeUnwrap(), r.SlotB.SecretValue().UnsafeUnwrap())
	o.Headers = map[string]*string{o.HeaderName: value}
	o.SecretArn = active(r.SlotA.SecretArn(), r.SlotB.SecretArn())
	o.ReadArns = []*string{r.SlotA.SecretArn(), r.SlotB.SecretArn()}
	r.StageVariables = map[string]*string{OriginSecretStageVariable: value}
	r.StageVariableHeaders = map[string]string{o.HeaderName: OriginSecretStageVariable}

	code := props.Code
	if code == nil {
		code = GoCode(*props.Entry)
	}
	fn := awsconstructs.NewConstruct(o.Construct, jsii.String("Rotation"))
	r.LogGroup = awslogs.NewLogGroup(fn, jsii.String("Logs"), &awslogs.LogGroupProps{
		Retention:     orOneMonth(props.LogRetention),
		RemovalPolicy: awscdk.RemovalPolicy_RETAIN_ON_UPDATE_OR_DELETE,
	})
	role := newSelfUpdateRole(fn, r.LogGroup, "Monolith origin secret rotation: start an update of its own stack; CloudFormation does it with the stack's service role")
	every := orDuration(props.Every, awscdk.Duration_Days(jsii.Number(30)))
	refresh := orDuration(props.Refresh, awscdk.Duration_Hours(jsii.Number(1)))
	r.Function = toolFunction{description: "Rotates the monolith origin secret: a new value in the idle slot, then the switch", code: code,
		memoryMiB: 128, timeout: 30, role: role, logGroup: r.LogGroup,
		env: map[string]*string{
			"STACK_NAME":         stack.StackName(),
			"SLOT_A_PARAMETER":   r.SlotAParameter.LogicalId(),
			"SLOT_B_PARAMETER":   r.SlotBParameter.LogicalId(),
			"ACTIVE_PARAMETER":   r.ActiveParameter.LogicalId(),
			"ROTATE_EVERY_HOURS": jsii.String(fmt.Sprint(*every.ToHours(nil))),
			"REFRESH_HOURS":      jsii.String(fmt.Sprint(*refresh.ToHours(nil))),
		}}.make(fn)
	r.Rule = awsevents.NewRule(fn, jsii.String("Schedule"), &awsevents.RuleProps{
		Description: jsii.String("Ticks the monolith origin secret rotation: each tick starts the step that is due, if any"),
		Schedule:    awsevents.Schedule_Rate(awscdk.Duration_Hours(jsii.Number(1))),
		Targets:     &[]awsevents.IRuleTarget{awseventstargets.NewLambdaFunction(r.Function, nil)},
	})
	r.FailedAlarm = newAlarm(fn, "Failed", r.Function.MetricErrors(&awscloudwatch.MetricOptions{
		Period: awscdk.Duration_Hours(jsii.Number(6)), Statistic: jsii.String("Sum"),
	}), 1, 1, 1, "A due step of the monolith origin secret rotation could not start (the update refused, or the stack's rotation parameters unreadable); the current values stay valid. Read the function's log.")
}
