package constructs_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscodedeploy"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/constructs"
)

// inlineCode stands in for a Go build where only the construct's checks
// matter (provided.al2023 refuses inline code: an unbuilt folder will do).
func inlineCode() awslambda.Code {
	return awslambda.Code_FromAsset(jsii.String(helloEntry), nil)
}

// A timeout over the integration timeout fails synth with the function's
// path (a validation, beside any other problem of the app).
func TestApiFunctionTimeoutOverIntegrationTimeoutFailsSynth(t *testing.T) {
	for _, c := range []struct {
		name  string
		props constructs.ApiFunctionProps
		wants []string
	}{
		{
			name:  "over the default 29 s",
			props: constructs.ApiFunctionProps{Timeout: awscdk.Duration_Seconds(jsii.Number(30))},
			wants: []string{"Stack/Fn: Timeout 30s", "29s", "integration timeout"},
		},
		{
			name: "over a given integration timeout",
			props: constructs.ApiFunctionProps{
				Timeout:            awscdk.Duration_Minutes(jsii.Number(1)),
				IntegrationTimeout: awscdk.Duration_Seconds(jsii.Number(45)),
			},
			wants: []string{"Stack/Fn: Timeout 60s", "45s"},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			stack := newTestStack(t, nil)
			props := c.props
			props.Code = inlineCode()
			constructs.NewApiFunction(stack, jsii.String("Fn"), &props)
			mustPanic(t, func() { awscdk.App_Of(stack).Synth(nil) }, c.wants...)
		})
	}

	// Equal is fine.
	stack := newTestStack(t, nil)
	constructs.NewApiFunction(stack, jsii.String("Fn"), &constructs.ApiFunctionProps{
		Code:               inlineCode(),
		Timeout:            awscdk.Duration_Seconds(jsii.Number(45)),
		IntegrationTimeout: awscdk.Duration_Seconds(jsii.Number(45)),
	})
	if msg, panicked := catchPanic(func() { awscdk.App_Of(stack).Synth(nil) }); panicked {
		t.Errorf("Timeout equal to IntegrationTimeout panicked: %s", msg)
	}
}

func TestApiFunctionNeedsEntryOrCode(t *testing.T) {
	for name, props := range map[string]*constructs.ApiFunctionProps{
		"nil props":   nil,
		"empty props": {FunctionName: jsii.String("f")},
	} {
		t.Run(name, func(t *testing.T) {
			stack := newTestStack(t, nil)
			mustPanic(t, func() { constructs.NewApiFunction(stack, jsii.String("Fn"), props) }, "Stack/Fn", "Entry", "Code")
		})
	}
}

func TestApiFunctionMetrics(t *testing.T) {
	stack := newTestStack(t, nil)
	fn := constructs.NewApiFunction(stack, jsii.String("Fn"), &constructs.ApiFunctionProps{Code: inlineCode()})
	fnName := jsonString(stack.Resolve(fn.Function.FunctionName()))

	for _, c := range []struct {
		metric    awscloudwatch.Metric
		name      string
		statistic string
	}{
		{fn.MetricThrottles(nil), "Throttles", "Sum"},
		{fn.MetricErrors(nil), "Errors", "Sum"},
		{fn.MetricDurationP99(nil), "Duration", "p99"},
		{fn.MetricInvocations(nil), "Invocations", "Sum"},
	} {
		checkMetric(t, stack, c.metric, "AWS/Lambda", c.name, c.statistic, 60)
		if dims := c.metric.Dimensions(); dims == nil || jsonString(stack.Resolve((*dims)["FunctionName"])) != fnName {
			t.Errorf("%s dimensions = %s, want FunctionName of the function", c.name, jsonString(stack.Resolve(dims)))
		}
	}

	// Options given win over the defaults.
	custom := fn.MetricThrottles(&awscloudwatch.MetricOptions{
		Statistic: jsii.String("Maximum"),
		Period:    awscdk.Duration_Minutes(jsii.Number(5)),
	})
	checkMetric(t, stack, custom, "AWS/Lambda", "Throttles", "Maximum", 300)
	label := fn.MetricDurationP99(&awscloudwatch.MetricOptions{Label: jsii.String("slow")})
	checkMetric(t, stack, label, "AWS/Lambda", "Duration", "p99", 60)
	if label.Label() == nil || *label.Label() != "slow" {
		t.Errorf("label = %v, want slow", label.Label())
	}
}

func TestProxyApiAndEdgeDistributionMetrics(t *testing.T) {
	stack := newTestStack(t, nil)
	api := constructs.NewProxyApi(stack, jsii.String("Api"), nil)
	for _, c := range []struct {
		metric    awscloudwatch.Metric
		name      string
		statistic string
	}{
		{api.Metric5XXError(nil), "5XXError", "Sum"},
		{api.Metric4XXError(nil), "4XXError", "Sum"},
		{api.MetricCount(nil), "Count", "Sum"},
		{api.MetricIntegrationLatencyP99(nil), "IntegrationLatency", "p99"},
	} {
		checkMetric(t, stack, c.metric, "AWS/ApiGateway", c.name, c.statistic, 60)
	}

	edge := constructs.NewEdgeDistribution(stack, jsii.String("Edge"), &constructs.EdgeDistributionProps{LegacyDomainName: jsii.String("legacy.example.com")})
	for _, c := range []struct {
		metric    awscloudwatch.Metric
		name      string
		statistic string
	}{
		{edge.MetricRequests(nil), "Requests", "Sum"},
		{edge.Metric5xxErrorRate(nil), "5xxErrorRate", "Average"},
	} {
		checkMetric(t, stack, c.metric, "AWS/CloudFront", c.name, c.statistic, 60)
		// CloudFront publishes in us-east-1 with Region=Global only.
		if r := c.metric.Region(); r == nil || *r != "us-east-1" {
			t.Errorf("%s region = %v, want us-east-1", c.name, r)
		}
		dims := *c.metric.Dimensions()
		if jsonString(dims["Region"]) != `"Global"` || jsonString(stack.Resolve(dims["DistributionId"])) != jsonString(ref(logicalID(stack, edge.Distribution))) {
			t.Errorf("%s dimensions = %s, want DistributionId and Region=Global", c.name, jsonString(stack.Resolve(dims)))
		}
	}
}

func checkMetric(t *testing.T, stack awscdk.Stack, m awscloudwatch.Metric, namespace, name, statistic string, periodSeconds float64) {
	t.Helper()
	if *m.Namespace() != namespace || *m.MetricName() != name || *m.Statistic() != statistic || *m.Period().ToSeconds(nil) != periodSeconds {
		t.Errorf("metric = %s %s %s %gs, want %s %s %s %gs",
			*m.Namespace(), *m.MetricName(), *m.Statistic(), *m.Period().ToSeconds(nil),
			namespace, name, statistic, periodSeconds)
	}
}

// Callers get the live alias; CodeDeploy moves it to each new version,
// canary by default, and rolls back on the alias's errors or throttles.
func TestApiFunctionSafeRollout(t *testing.T) {
	stack := newTestStack(t, nil)
	fn := constructs.NewApiFunction(stack, jsii.String("Fn"), &constructs.ApiFunctionProps{
		Code: inlineCode(), FunctionName: jsii.String("api-user-id"),
	})
	tpl := templateOf(t, stack)

	// The version's logical ID carries a hash of the code and configuration, known after synth.
	versionID, _ := tpl.only("AWS::Lambda::Version", map[string]any{"FunctionName": ref(logicalID(stack, fn.Function))})
	aliasID, alias := tpl.only("AWS::Lambda::Alias", map[string]any{
		"Name":            "live",
		"FunctionName":    ref(logicalID(stack, fn.Function)),
		"FunctionVersion": getAtt(versionID, "Version"),
	})
	update, _ := alias["UpdatePolicy"].(map[string]any)["CodeDeployLambdaAliasUpdate"].(map[string]any)
	if update == nil {
		t.Fatalf("alias %s has no CodeDeployLambdaAliasUpdate policy: CloudFormation would switch all traffic at once", aliasID)
	}
	groupID := logicalID(stack, fn.Deployment)
	if jsonString(update["DeploymentGroupName"]) != jsonString(ref(groupID)) {
		t.Errorf("alias update policy names deployment group %s, want %s", jsonString(update["DeploymentGroupName"]), groupID)
	}
	tpl.has("AWS::CodeDeploy::DeploymentGroup", map[string]any{
		"DeploymentConfigName": "CodeDeployDefault.LambdaCanary10Percent5Minutes",
		"DeploymentStyle":      map[string]any{"DeploymentType": "BLUE_GREEN", "DeploymentOption": "WITH_TRAFFIC_CONTROL"},
		"AlarmConfiguration": map[string]any{"Enabled": true, "Alarms": []any{
			map[string]any{"Name": ref(logicalID(stack, fn.ErrorsAlarm))},
			map[string]any{"Name": ref(logicalID(stack, fn.ThrottlesAlarm))},
		}},
		"AutoRollbackConfiguration": map[string]any{"Enabled": true, "Events": []any{
			"DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_REQUEST", "DEPLOYMENT_STOP_ON_ALARM",
		}},
	})

	// Alarms watch the alias by literal name: usable from any stack.
	dims := []any{
		map[string]any{"Name": "FunctionName", "Value": "api-user-id"},
		map[string]any{"Name": "Resource", "Value": "api-user-id:live"},
	}
	for _, want := range functionAlarmWants() {
		want["Dimensions"] = dims
		want["TreatMissingData"] = "notBreaching"
		tpl.has("AWS::CloudWatch::Alarm", want)
	}
	tpl.count("AWS::CloudWatch::Alarm", 3)

	// Another rollout, and an alarm percent.
	linear := newTestStack(t, nil)
	constructs.NewApiFunction(linear, jsii.String("Fn"), &constructs.ApiFunctionProps{
		Code: inlineCode(), Rollout: awscodedeploy.LambdaDeploymentConfig_LINEAR_10PERCENT_EVERY_1MINUTE(), AlarmPercent: jsii.Number(50),
	})
	linearTpl := templateOf(t, linear)
	linearTpl.has("AWS::CodeDeploy::DeploymentGroup", map[string]any{"DeploymentConfigName": "CodeDeployDefault.LambdaLinear10PercentEvery1Minute"})
	linearTpl.has("AWS::CloudWatch::Alarm", map[string]any{"MetricName": "Duration", "Threshold": 14500})

	// The emergency path: a fix deployed while the alarms fire.
	urgent := newTestStack(t, nil)
	constructs.NewApiFunction(urgent, jsii.String("Fn"), &constructs.ApiFunctionProps{
		Code: inlineCode(), Rollout: awscodedeploy.LambdaDeploymentConfig_ALL_AT_ONCE(), RolloutIgnoresAlarms: jsii.Bool(true),
	})
	_, group := templateOf(t, urgent).only("AWS::CodeDeploy::DeploymentGroup", map[string]any{"DeploymentConfigName": "CodeDeployDefault.LambdaAllAtOnce"})
	if alarms := properties(group)["AlarmConfiguration"].(map[string]any); alarms["Enabled"] != false {
		t.Errorf("RolloutIgnoresAlarms: AlarmConfiguration %s, want Enabled false", jsonString(alarms))
	}
}

// A change of configuration publishes a new version (a new logical ID):
// that is what makes CodeDeploy run.
func TestApiFunctionNewVersionOnChange(t *testing.T) {
	versionOf := func(memory float64) string {
		stack := newTestStack(t, nil)
		constructs.NewApiFunction(stack, jsii.String("Fn"), &constructs.ApiFunctionProps{Code: inlineCode(), MemorySize: jsii.Number(memory)})
		id, _ := templateOf(t, stack).only("AWS::Lambda::Version", nil)
		return id
	}
	if a, b, c := versionOf(256), versionOf(256), versionOf(512); a != b || a == c {
		t.Errorf("version IDs: 256 MiB %s and %s (want equal), 512 MiB %s (want different)", a, b, c)
	}
}

// nagRules lists the cdk-nag rules a template resource waives, as
// "rule" or "rule[finding]" for each finding it applies to.
func nagRules(resource map[string]any) []string {
	meta, _ := resource["Metadata"].(map[string]any)
	nag, _ := meta["cdk_nag"].(map[string]any)
	rules, _ := nag["rules_to_suppress"].([]any)
	var out []string
	for _, r := range rules {
		rule := r.(map[string]any)
		id := rule["id"].(string)
		if reason, _ := rule["reason"].(string); len(reason) < 40 {
			id += "(reason too short: " + reason + ")"
		}
		to, ok := rule["applies_to"].([]any)
		if !ok {
			out = append(out, id)
		}
		for _, f := range to {
			out = append(out, id+"["+f.(string)+"]")
		}
	}
	slices.Sort(out)
	return out
}

// A role shared by functions: no AWS managed policy, writes only into
// Lambda log groups of the name prefix, and the VPC actions Lambda needs;
// each wildcard waived for cdk-nag with its reason.
func TestFunctionRole(t *testing.T) {
	stack := newTestStack(t, nil)
	constructs.NewFunctionRole(stack, jsii.String("Shared"), &constructs.FunctionRoleProps{
		FunctionNamePrefix: jsii.String("staging-"),
		Vpc:                jsii.Bool(true),
		Description:        jsii.String("shared"),
	})
	plain := newTestStack(t, nil)
	constructs.NewFunctionRole(plain, jsii.String("Plain"), nil)

	logGroups := func(prefix string) any {
		return map[string]any{"Fn::Join": []any{"", []any{
			"arn:", ref("AWS::Partition"), ":logs:", ref("AWS::Region"), ":", ref("AWS::AccountId"), ":log-group:/aws/lambda/" + prefix + "*",
		}}}
	}
	writeLogs := func(prefix string) map[string]any {
		return map[string]any{"Sid": "WriteLogs", "Effect": "Allow", "Action": []any{"logs:CreateLogStream", "logs:PutLogEvents"}, "Resource": logGroups(prefix)}
	}
	for _, c := range []struct {
		name        string
		stack       awscdk.Stack
		description string
		statements  []any
		waived      []string
	}{
		{"shared in a VPC", stack, "shared", []any{
			writeLogs("staging-"),
			map[string]any{"Sid": "AttachToVpc", "Effect": "Allow", "Action": []any{
				"ec2:AssignPrivateIpAddresses", "ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface",
				"ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets", "ec2:UnassignPrivateIpAddresses",
			}, "Resource": "*"},
		}, []string{
			"AwsSolutions-IAM5[Resource::*]",
			"AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:/aws/lambda/staging-*]",
		}},
		{"defaults", plain, "API Lambda execution role: the log groups /aws/lambda/* only", []any{writeLogs("")}, []string{
			"AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:/aws/lambda/*]",
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			tpl := templateOf(t, c.stack)
			_, role := tpl.only("AWS::IAM::Role", nil)
			p := properties(role)
			want := []any{map[string]any{"PolicyName": "Run", "PolicyDocument": map[string]any{"Version": "2012-10-17", "Statement": c.statements}}}
			if jsonString(p["Policies"]) != jsonString(want) {
				t.Errorf("Policies = %s, want %s", jsonString(p["Policies"]), jsonString(want))
			}
			if _, ok := p["ManagedPolicyArns"]; ok {
				t.Errorf("ManagedPolicyArns = %s, want none", jsonString(p["ManagedPolicyArns"]))
			}
			if p["Description"] != c.description {
				t.Errorf("Description = %v, want %q", p["Description"], c.description)
			}
			if got := nagRules(role); !slices.Equal(got, c.waived) {
				t.Errorf("waived %v, want %v", got, c.waived)
			}
		})
	}
}

// CodeDeploy's role: CDK attaches an AWS managed policy to it; the
// function waives that on the role it makes, not on a role it is given.
func TestApiFunctionDeploymentRoleWaiver(t *testing.T) {
	stack := newTestStack(t, nil)
	constructs.NewApiFunction(stack, jsii.String("Own"), &constructs.ApiFunctionProps{Code: inlineCode()})
	shared := awsiam.NewRole(stack, jsii.String("Shared"), &awsiam.RoleProps{AssumedBy: awsiam.NewServicePrincipal(jsii.String("codedeploy.amazonaws.com"), nil)})
	constructs.NewApiFunction(stack, jsii.String("Given"), &constructs.ApiFunctionProps{Code: inlineCode(), DeploymentRole: shared})
	tpl := templateOf(t, stack)
	want := []string{"AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited]"}
	roles := tpl.find("AWS::IAM::Role", map[string]any{"AssumeRolePolicyDocument": assertions.Match_ObjectLike(&map[string]any{
		"Statement": []any{assertions.Match_ObjectLike(&map[string]any{"Principal": map[string]any{"Service": "codedeploy.amazonaws.com"}})},
	})})
	if len(roles) != 2 {
		t.Fatalf("%d CodeDeploy roles, want 2 (Own's and the shared one)", len(roles))
	}
	for id, role := range roles {
		var w []string
		if strings.HasPrefix(id, "OwnDeployment") {
			w = want
		}
		if got := nagRules(role); !slices.Equal(got, w) {
			t.Errorf("%s waives %v, want %v", id, got, w)
		}
	}
	for id, g := range tpl.find("AWS::CodeDeploy::DeploymentGroup", nil) {
		if got := nagRules(g); len(got) != 0 {
			t.Errorf("deployment group %s waives %v, want nothing", id, got)
		}
	}
}

// Entry as an import path is found with go list, wherever the app runs
// in the module; the architecture and toolchain are the caller's to choose.
func TestApiFunctionEntryImportPathArchitectureAndToolchain(t *testing.T) {
	stack := newTestStack(t, nil)
	constructs.NewApiFunction(stack, jsii.String("Fn"), &constructs.ApiFunctionProps{
		Entry:        jsii.String("github.com/strangler-fig/strangler/constructs/testdata/hello"),
		Architecture: awslambda.Architecture_X86_64(),
		GoToolchain:  jsii.String("local"),
	})
	tpl := templateOf(t, stack)
	tpl.has("AWS::Lambda::Function", map[string]any{"Architectures": []any{"x86_64"}})
	mustPanic(t, func() {
		constructs.NewApiFunction(newTestStack(t, nil), jsii.String("Missing"), &constructs.ApiFunctionProps{Entry: jsii.String("lambdas/nope")})
	}, "Stack/Missing: Entry", "no such folder", "import path")
}
