package constructs

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfront"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/aws-cdk-go/awscdk/v2/awseventstargets"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	awsconstructs "github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/awslimits"
)

// CutoverFallbackProps configures a CutoverFallback. Store and Entry (or
// Code) are required.
type CutoverFallbackProps struct {
	// Entry is the folder of the fallback's Go main package
	// (lambdas/cutover-fallback), built with GoCode. Required unless Code is given.
	Entry *string
	// Code overrides the Go build (escape hatch). Default: GoCode(Entry).
	Code awslambda.Code
	// Store is the CutoverFunction's KeyValueStore, whose route weights the
	// fallback sets to 0. Required.
	Store awscloudfront.IKeyValueStore
	// Topic told which routes went back to the monolith and why. Default: none.
	Topic awssns.ITopic
	// LogRetention of the fallback's log group. Default: one month.
	LogRetention awslogs.RetentionDays
}

// CutoverFallback sends routes back to the monolith by itself: when an
// alarm it watches goes to ALARM, EventBridge invokes a small Go Lambda
// (lambdas/cutover-fallback) that sets the weight of the alarm's routes to
// 0 in the cut-over store (a guarded write, retried on conflict), records
// why and when beside it, and tells Topic. Nothing moves a route forward
// again: that is a person's `cutover shift`.
//
// It has no reserved concurrency, on purpose: only EventBridge invokes it,
// once per alarm going to ALARM (no caller can, so there is no flood to
// cap), and a reservation would need 100 + its size of the regional
// quota, which a new account (quota 10) does not have. The cost: when the
// unreserved pool is exhausted (a Throttles alarm is one of its triggers)
// its invocation is throttled too, and Lambda retries the asynchronous
// event with back-off for up to 6 hours, so the route goes back once any
// invocation ends and frees a slot, not at once. Where that delay matters
// and the quota has room, set Function's reserved concurrency (escape
// hatch), leaving that much room under the manifest's reserved total.
type CutoverFallback struct {
	awsconstructs.Construct
	// Function is the fallback Lambda (escape hatch).
	Function awslambda.Function
	// Role of the function: the store's keys, Topic, its own log group.
	Role awsiam.Role
	// LogGroup of the function.
	LogGroup awslogs.LogGroup
	// Rules, one per Watch call.
	Rules []awsevents.Rule

	wholeEvent *string // EventField_FromPath("$"), a token every rule's input can hold
}

// NewCutoverFallback creates the function, its role and log group; Watch
// adds what it reacts to.
func NewCutoverFallback(scope awsconstructs.Construct, id *string, props *CutoverFallbackProps) *CutoverFallback {
	if props == nil || props.Store == nil {
		panic(fmt.Sprintf("%s: CutoverFallbackProps needs Store, the cut-over function's KeyValueStore", constructPath(scope, id)))
	}
	code := props.Code
	if code == nil {
		if props.Entry == nil {
			panic(fmt.Sprintf("%s: CutoverFallbackProps needs Entry (the cutover-fallback main package folder) or Code", constructPath(scope, id)))
		}
		code = GoCode(*props.Entry)
	}
	this := &CutoverFallback{Construct: awsconstructs.NewConstruct(scope, id)}
	this.LogGroup = awslogs.NewLogGroup(this.Construct, jsii.String("Logs"), &awslogs.LogGroupProps{
		Retention:     orOneMonth(props.LogRetention),
		RemovalPolicy: awscdk.RemovalPolicy_RETAIN_ON_UPDATE_OR_DELETE,
	})
	statements := []awsiam.PolicyStatement{
		statement("WriteOwnLogs", []string{"logs:CreateLogStream", "logs:PutLogEvents"}, this.LogGroup.LogGroupArn(), nil),
		statement("SetRouteWeights", []string{
			"cloudfront-keyvaluestore:DescribeKeyValueStore", "cloudfront-keyvaluestore:GetKey",
			"cloudfront-keyvaluestore:ListKeys", "cloudfront-keyvaluestore:UpdateKeys",
		}, props.Store.KeyValueStoreArn(), nil),
	}
	env := map[string]*string{"STORE_ARN": props.Store.KeyValueStoreArn()}
	if props.Topic != nil {
		statements = append(statements, statement("TellTheTopic", []string{"sns:Publish"}, props.Topic.TopicArn(), nil))
		if key := props.Topic.MasterKey(); key != nil {
			// Publishing to an encrypted topic takes its key (the two calls
			// SNS makes for a publisher; no wildcard):
			// https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html
			statements = append(statements, statement("EncryptForTheTopic", []string{"kms:Decrypt", "kms:GenerateDataKey"}, key.KeyArn(), nil))
		}
		env["TOPIC_ARN"] = props.Topic.TopicArn()
	}
	// An inline policy on exactly the store and the topic.
	this.Role = awsiam.NewRole(this.Construct, jsii.String("Role"), &awsiam.RoleProps{
		AssumedBy:   awsiam.NewServicePrincipal(jsii.String(awslimits.LambdaServicePrincipal), nil),
		Description: jsii.String("Cut-over fallback: sets alarmed routes' weights to 0"),
		InlinePolicies: &map[string]awsiam.PolicyDocument{
			"CutoverFallback": awsiam.NewPolicyDocument(&awsiam.PolicyDocumentProps{Statements: &statements}),
		},
	})
	this.Function = toolFunction{description: "Cut-over fallback: an alarm in ALARM sends its routes back to the monolith", code: code, memoryMiB: 128, timeout: 30, env: env, role: this.Role, logGroup: this.LogGroup}.make(this.Construct)
	return this
}

// Watch sends routes (templates, as in the store's keys) back to the
// monolith when any of alarms goes to ALARM. id names the rule, made in
// scope (nil: the fallback's own): beside the alarms, e.g. in a nested
// stack, it and its invoke permission count against that stack's 500
// resources, not the fallback's.
func (f *CutoverFallback) Watch(scope awsconstructs.Construct, id string, alarms []awscloudwatch.IAlarm, routes []string) awsevents.Rule {
	if len(alarms) == 0 || len(routes) == 0 {
		panic(fmt.Sprintf("%s: Watch(%q) needs alarms and routes", *f.Node().Path(), id))
	}
	var arns []*string
	for _, a := range alarms {
		arns = append(arns, a.AlarmArn())
	}
	if scope == nil {
		scope = f.Construct
	}
	if f.wholeEvent == nil {
		f.wholeEvent = awsevents.EventField_FromPath(jsii.String("$"))
	}
	rule := awsevents.NewRule(scope, jsii.String(id), &awsevents.RuleProps{
		Description: jsii.String("Routes back to the monolith when their alarms fire"),
		EventPattern: &awsevents.EventPattern{
			Source:     jsii.Strings("aws.cloudwatch"),
			DetailType: jsii.Strings("CloudWatch Alarm State Change"),
			Resources:  &arns,
			Detail:     &map[string]any{"state": map[string]any{"value": []string{"ALARM"}}},
		},
		Targets: &[]awsevents.IRuleTarget{awseventstargets.NewLambdaFunction(f.Function, &awseventstargets.LambdaFunctionProps{
			// The event as EventBridge sent it, and the routes it concerns:
			// the rule says which, so the function needs no table of its own.
			Event: awsevents.RuleTargetInput_FromObject(map[string]any{
				"event":  f.wholeEvent,
				"routes": routes,
			}),
		})},
	})
	f.Rules = append(f.Rules, rule)
	return rule
}
