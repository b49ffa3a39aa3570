package constructs_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigateway"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatchactions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"

	"github.com/strangler-fig/strangler/constructs"
	"github.com/strangler-fig/strangler/lambdas/quotawatch"
)

const quotaWatchEntry = "../lambdas/quota-watch"

// newWatchedStack is a stack holding only a QuotaWatch over an imported VPC
// (two private subnets) and an imported REST API, so every resource in the
// template is the construct's.
func newWatchedStack(t *testing.T, props *constructs.QuotaWatchProps) (awscdk.Stack, *constructs.QuotaWatch) {
	t.Helper()
	stack := newTestStack(t, nil)
	vpc := awsec2.Vpc_FromVpcAttributes(stack, jsii.String("Vpc"), &awsec2.VpcAttributes{
		VpcId:             jsii.String("vpc-0a1b2c3d4e5f60000"),
		AvailabilityZones: jsii.Strings("eu-west-1a", "eu-west-1b"),
		PrivateSubnetIds:  jsii.Strings("subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"),
	})
	if props == nil {
		props = &constructs.QuotaWatchProps{}
	}
	if props.Code == nil && props.Entry == nil {
		props.Code = constructs.GoCode(helloEntry)
	}
	props.Vpc = vpc
	props.RestApi = awsapigateway.RestApi_FromRestApiId(stack, jsii.String("Api"), jsii.String("a1b2c3d4e5"))
	if props.StageName == nil {
		props.StageName = jsii.String("prod")
	}
	return stack, constructs.NewQuotaWatch(stack, jsii.String("QuotaWatch"), props)
}

func TestQuotaWatchStandalone(t *testing.T) {
	stack, watch := newWatchedStack(t, nil)
	tpl := templateOf(t, stack)

	// 12 resources for one subnet pair: no VPC config, no managed policy, no
	// separate AWS::IAM::Policy.
	resources, _ := tpl.json["Resources"].(map[string]any)
	if len(resources) != 12 {
		t.Errorf("%d resources, want 12: %v", len(resources), sortedKeys(resources))
	}
	for typ, n := range map[string]int{
		"AWS::IAM::Role": 1, "AWS::IAM::Policy": 0, "AWS::Lambda::Function": 1, "AWS::Logs::LogGroup": 1,
		"AWS::Events::Rule": 1, "AWS::Lambda::Permission": 1, "AWS::CloudWatch::Alarm": 7,
	} {
		tpl.count(typ, n)
	}

	logsID := logicalID(stack, watch.LogGroup)
	roleID := logicalID(stack, watch.Role)
	fnID := logicalID(stack, watch.Function)
	tpl.has("AWS::Lambda::Function", map[string]any{
		"Runtime":       "provided.al2023",
		"Architectures": []any{"arm64"},
		"Handler":       "bootstrap",
		"MemorySize":    128,
		"Timeout":       30,
		"Role":          getAtt(roleID, "Arn"),
		"VpcConfig":     assertions.Match_Absent(),
		"LoggingConfig": map[string]any{"LogFormat": "JSON", "LogGroup": ref(logsID)},
		"Environment": map[string]any{"Variables": assertions.Match_ObjectEquals(&map[string]any{
			"METRIC_NAMESPACE": "StranglerFig/Quotas",
			"VPC_ID":           "vpc-0a1b2c3d4e5f60000",
			"SUBNET_IDS":       "subnet-0a1b2c3d4e5f60001,subnet-0a1b2c3d4e5f60002",
			"REST_API_ID":      "a1b2c3d4e5",
			"STAGE_NAME":       "prod",
		})},
	})
	tpl.hasResource("AWS::Logs::LogGroup", map[string]any{
		"Properties":          map[string]any{"RetentionInDays": 30},
		"DeletionPolicy":      "RetainExceptOnCreate",
		"UpdateReplacePolicy": "Retain",
	})
	tpl.has("AWS::Events::Rule", map[string]any{
		"ScheduleExpression": "rate(5 minutes)",
		"State":              "ENABLED",
		"Targets":            []any{assertions.Match_ObjectLike(&map[string]any{"Arn": getAtt(fnID, "Arn")})},
	})
	tpl.has("AWS::Lambda::Permission", map[string]any{
		"Action": "lambda:InvokeFunction", "Principal": "events.amazonaws.com", "FunctionName": getAtt(fnID, "Arn"),
	})

	// The role: exactly the calls the watcher makes, inline, no managed policy.
	_, role := tpl.only("AWS::IAM::Role", nil)
	props := properties(role)
	if _, ok := props["ManagedPolicyArns"]; ok {
		t.Errorf("role has managed policies: %s", jsonString(props["ManagedPolicyArns"]))
	}
	if got := jsonString(props["AssumeRolePolicyDocument"]); !strings.Contains(got, `"Service":"lambda.amazonaws.com"`) {
		t.Errorf("role is not for Lambda: %s", got)
	}
	policies, _ := props["Policies"].([]any)
	if len(policies) != 1 {
		t.Fatalf("role policies = %s, want one inline policy", jsonString(props["Policies"]))
	}
	policy := policies[0].(map[string]any)
	stageArn := map[string]any{"Fn::Join": []any{"", []any{"arn:", ref("AWS::Partition"), ":apigateway:", ref("AWS::Region"), "::/restapis/a1b2c3d4e5/stages/prod"}}}
	want := []any{
		map[string]any{"Sid": "WriteOwnLogs", "Effect": "Allow", "Action": []any{"logs:CreateLogStream", "logs:PutLogEvents"}, "Resource": getAtt(logsID, "Arn")},
		map[string]any{"Sid": "ReadQuotaValues", "Effect": "Allow", "Action": []any{"servicequotas:GetAWSDefaultServiceQuota", "servicequotas:GetServiceQuota"}, "Resource": "*"},
		map[string]any{"Sid": "ReadLambdaAccountSettings", "Effect": "Allow", "Action": "lambda:GetAccountSettings", "Resource": "*"},
		map[string]any{"Sid": "ReadLambdaConcurrencyMetric", "Effect": "Allow", "Action": "cloudwatch:GetMetricData", "Resource": "*"},
		map[string]any{"Sid": "PublishQuotaMetrics", "Effect": "Allow", "Action": "cloudwatch:PutMetricData", "Resource": "*",
			"Condition": map[string]any{"StringEquals": map[string]any{"cloudwatch:namespace": "StranglerFig/Quotas"}}},
		map[string]any{"Sid": "CountLambdaNetworkInterfaces", "Effect": "Allow", "Action": "ec2:DescribeNetworkInterfaces", "Resource": "*"},
		map[string]any{"Sid": "ReadSubnetFreeAddresses", "Effect": "Allow", "Action": "ec2:DescribeSubnets", "Resource": "*"},
		map[string]any{"Sid": "ReadStageThrottle", "Effect": "Allow", "Action": "apigateway:GET", "Resource": stageArn},
	}
	if got := jsonString(policy["PolicyDocument"].(map[string]any)["Statement"]); got != jsonString(want) {
		t.Errorf("policy statements:\n%s\nwant:\n%s", got, jsonString(want))
	}
	// The wildcard is waived on the role, with the reason.
	meta := jsonString(role["Metadata"])
	for _, w := range []string{`"id":"AwsSolutions-IAM5"`, `"applies_to":["Resource::*"]`, "without resource-level permissions"} {
		if !strings.Contains(meta, w) {
			t.Errorf("role metadata %s lacks %s", meta, w)
		}
	}

	// One alarm per quota and subnet at 80%, then the watcher's Errors.
	dims := func(d ...string) []any {
		var out []any
		for i := 0; i < len(d); i += 2 {
			out = append(out, map[string]any{"Name": d[i], "Value": d[i+1]})
		}
		return out
	}
	for _, d := range [][]any{
		dims("Quota", "LambdaConcurrency"),
		dims("Quota", "LambdaReservedConcurrency"),
		dims("Quota", "NetworkInterfaces"),
		dims("Quota", "SubnetAddresses", "SubnetId", "subnet-0a1b2c3d4e5f60001"),
		dims("Quota", "SubnetAddresses", "SubnetId", "subnet-0a1b2c3d4e5f60002"),
		dims("Quota", "ApiGatewayThrottleRate"),
	} {
		_, alarm := tpl.only("AWS::CloudWatch::Alarm", map[string]any{"Dimensions": assertions.Match_ArrayEquals(&d)})
		p := properties(alarm)
		for k, v := range map[string]any{
			"Namespace": "StranglerFig/Quotas", "MetricName": "Utilization", "Statistic": "Maximum", "Period": 300.0, "Unit": "Percent",
			"Threshold": 80.0, "ComparisonOperator": "GreaterThanOrEqualToThreshold", "EvaluationPeriods": 1.0, "TreatMissingData": "ignore",
		} {
			if p[k] != v {
				t.Errorf("alarm %s: %s = %v, want %v", jsonString(d), k, p[k], v)
			}
		}
		if desc := jsonString(p["AlarmDescription"]); !strings.Contains(desc, "At 100%") || !strings.Contains(desc, "Service Quotas") {
			t.Errorf("alarm %s description %s does not say what happens at 100%% and what to raise", jsonString(d), desc)
		}
	}
	tpl.has("AWS::CloudWatch::Alarm", map[string]any{
		"Namespace": "AWS/Lambda", "MetricName": "Errors", "Statistic": "Sum", "Period": 300,
		"Dimensions":         []any{map[string]any{"Name": "FunctionName", "Value": ref(fnID)}},
		"Threshold":          1,
		"ComparisonOperator": "GreaterThanOrEqualToThreshold",
		"EvaluationPeriods":  3, "DatapointsToAlarm": 2,
		"TreatMissingData": "breaching",
	})
	if len(watch.Alarms) != 7 {
		t.Errorf("watch.Alarms has %d alarms, want 7", len(watch.Alarms))
	}

	// The interface alarm is on every interface in the Region; Lambda's
	// share has no alarm of its own (it never exceeds the total).
	_, eni := tpl.only("AWS::CloudWatch::Alarm", map[string]any{"Dimensions": assertions.Match_ArrayEquals(&[]any{map[string]any{"Name": "Quota", "Value": "NetworkInterfaces"}})})
	desc := jsonString(properties(eni)["AlarmDescription"])
	for _, w := range []string{"network interfaces in this Region (every one", "Quota=LambdaNetworkInterfaces"} {
		if !strings.Contains(desc, w) {
			t.Errorf("NetworkInterfaces alarm description %s lacks %q", desc, w)
		}
	}
	if strings.Contains(desc, "Lambda's network interfaces in the VPC are over") {
		t.Errorf("NetworkInterfaces alarm description %s still says it counts only Lambda's interfaces", desc)
	}
	if n := len(tpl.find("AWS::CloudWatch::Alarm", map[string]any{"Dimensions": assertions.Match_ArrayWith(&[]any{map[string]any{"Name": "Quota", "Value": "LambdaNetworkInterfaces"}})})); n != 0 {
		t.Errorf("%d alarms on LambdaNetworkInterfaces, want none", n)
	}
}

// The alarms name the quotas the Lambda reads, and the construct's
// dimension values and namespace are the Lambda's.
func TestQuotaWatchMatchesTheLambda(t *testing.T) {
	for got, want := range map[string]string{
		constructs.QuotaLambdaConcurrency:         quotawatch.QuotaLambdaConcurrency,
		constructs.QuotaLambdaReservedConcurrency: quotawatch.QuotaLambdaReservedConcurrency,
		constructs.QuotaNetworkInterfaces:         quotawatch.QuotaNetworkInterfaces,
		constructs.QuotaLambdaNetworkInterfaces:   quotawatch.QuotaLambdaNetworkInterfaces,
		constructs.QuotaSubnetAddresses:           quotawatch.QuotaSubnetAddresses,
		constructs.QuotaApiGatewayThrottleRate:    quotawatch.QuotaApiGatewayThrottleRate,
		constructs.DefaultQuotaNamespace:          quotawatch.DefaultNamespace,
		constructs.QuotaDatabaseConnections:       quotawatch.QuotaDatabaseConnections,
		constructs.QuotaProxyDatabaseConnections:  quotawatch.QuotaProxyDatabaseConnections,
		constructs.QuotaProxyClientConnections:    quotawatch.QuotaProxyClientConnections,
	} {
		if got != want {
			t.Errorf("construct uses %q where the Lambda uses %q", got, want)
		}
	}
	stack, _ := newWatchedStack(t, nil)
	tpl := templateOf(t, stack)
	for quota, q := range map[string]quotawatch.Quota{
		"LambdaConcurrency":         quotawatch.LambdaConcurrentExecutions,
		"LambdaReservedConcurrency": quotawatch.LambdaConcurrentExecutions,
		"NetworkInterfaces":         quotawatch.VPCNetworkInterfaces,
		"ApiGatewayThrottleRate":    quotawatch.APIGatewayThrottleRate,
	} {
		d := []any{map[string]any{"Name": "Quota", "Value": quota}}
		_, alarm := tpl.only("AWS::CloudWatch::Alarm", map[string]any{"Dimensions": assertions.Match_ArrayEquals(&d)})
		desc := jsonString(properties(alarm)["AlarmDescription"])
		for _, w := range []string{"'" + q.Name + "'", "service " + q.ServiceCode, "quota " + q.QuotaCode} {
			if !strings.Contains(desc, w) {
				t.Errorf("%s alarm description %s does not name %s", quota, desc, w)
			}
		}
	}
}

// cdk-nag's AwsSolutions pack finds nothing unsuppressed in the construct.
func TestQuotaWatchPassesCdkNag(t *testing.T) {
	stack, _ := newWatchedStack(t, nil)
	awscdk.Aspects_Of(stack).Add(cdknag.NewAwsSolutionsChecks(&cdknag.NagPackProps{Reports: jsii.Bool(false)}), nil)
	templateOf(t, stack) // synthesizes, running the checks
	annotations := assertions.Annotations_FromStack(stack)
	nag := assertions.Match_StringLikeRegexp(jsii.String("AwsSolutions-.*"))
	found := append(*annotations.FindError(jsii.String("*"), nag), *annotations.FindWarning(jsii.String("*"), nag)...)
	for _, m := range found {
		t.Errorf("cdk-nag: %s: %v", *m.Id, m.Entry.Data)
	}
}

// The real watcher builds with GoCode; alone (no VPC, no API) it watches
// only Lambda concurrency and needs no EC2 or API Gateway permission.
func TestQuotaWatchRealEntryAlone(t *testing.T) {
	stack := newTestStack(t, nil)
	watch := constructs.NewQuotaWatch(stack, jsii.String("QuotaWatch"), &constructs.QuotaWatchProps{Entry: jsii.String(quotaWatchEntry)})
	tpl := templateOf(t, stack)

	tpl.count("AWS::CloudWatch::Alarm", 3)
	tpl.has("AWS::Lambda::Function", map[string]any{
		"Environment": map[string]any{"Variables": assertions.Match_ObjectEquals(&map[string]any{"METRIC_NAMESPACE": "StranglerFig/Quotas"})},
		"Code":        map[string]any{"S3Key": assertions.Match_StringLikeRegexp(jsii.String(`^[0-9a-f]{64}\.zip$`))},
	})
	policy := jsonString(properties(tpl.json["Resources"].(map[string]any)[logicalID(stack, watch.Role)].(map[string]any))["Policies"])
	for _, absent := range []string{"ec2:", "apigateway:"} {
		if strings.Contains(policy, absent) {
			t.Errorf("policy allows %s without a VPC or API to watch: %s", absent, policy)
		}
	}
	if len(watch.Alarms) != 3 {
		t.Errorf("watch.Alarms = %d, want LambdaConcurrency, LambdaReservedConcurrency and WatcherErrors", len(watch.Alarms))
	}
}

func TestQuotaWatchProps(t *testing.T) {
	stack := newTestStack(t, nil)
	network := constructs.NewLambdaNetwork(stack, jsii.String("Network"), nil)
	api := awsapigateway.NewRestApi(stack, jsii.String("Api"), &awsapigateway.RestApiProps{
		DeployOptions: &awsapigateway.StageOptions{StageName: jsii.String("live")},
	})
	api.Root().AddMethod(jsii.String("GET"), awsapigateway.NewMockIntegration(nil), nil)
	topic := awssns.NewTopic(stack, jsii.String("Topic"), nil)
	watch := constructs.NewQuotaWatch(stack, jsii.String("QuotaWatch"), &constructs.QuotaWatchProps{
		Code:             constructs.GoCode(helloEntry),
		Vpc:              network.Vpc, // subnets default to its private ones
		RestApi:          api,         // stage defaults to its deployment stage
		Schedule:         awsevents.Schedule_Rate(awscdk.Duration_Hours(jsii.Number(1))),
		ThresholdPercent: jsii.Number(90),
		AlarmActions:     []awscloudwatch.IAlarmAction{awscloudwatchactions.NewSnsAction(topic)},
		Namespace:        jsii.String("Team/Quotas"),
	})
	tpl := templateOf(t, stack)

	privateIDs := map[string]bool{}
	for _, s := range *network.Vpc.PrivateSubnets() {
		privateIDs[logicalID(stack, s)] = true
	}
	tpl.has("AWS::Lambda::Function", map[string]any{
		"Environment": map[string]any{"Variables": map[string]any{
			"METRIC_NAMESPACE": "Team/Quotas",
			"VPC_ID":           ref(logicalID(stack, network.Vpc)),
			"STAGE_NAME":       ref(logicalID(stack, api.DeploymentStage())),
			"REST_API_ID":      ref(logicalID(stack, api)),
		}},
	})
	_, fn := tpl.only("AWS::Lambda::Function", map[string]any{"Handler": "bootstrap"})
	subnetIDs := jsonString(properties(fn)["Environment"].(map[string]any)["Variables"].(map[string]any)["SUBNET_IDS"])
	for id := range privateIDs {
		if !strings.Contains(subnetIDs, `"Ref":"`+id+`"`) {
			t.Errorf("SUBNET_IDS %s lacks private subnet %s", subnetIDs, id)
		}
	}
	tpl.has("AWS::Events::Rule", map[string]any{"ScheduleExpression": "rate(1 hour)"})
	tpl.count("AWS::CloudWatch::Alarm", 7)
	for _, alarm := range tpl.find("AWS::CloudWatch::Alarm", nil) {
		p := properties(alarm)
		if p["Period"] != 3600.0 {
			t.Errorf("alarm %v period %v, want the schedule's 3600", p["Dimensions"], p["Period"])
		}
		if jsonString(p["AlarmActions"]) != jsonString([]any{ref(logicalID(stack, topic))}) {
			t.Errorf("alarm %v actions %s, want the topic", p["Dimensions"], jsonString(p["AlarmActions"]))
		}
		if p["MetricName"] == "Utilization" && (p["Threshold"] != 90.0 || p["Namespace"] != "Team/Quotas") {
			t.Errorf("alarm %v threshold %v in %v, want 90 in Team/Quotas", p["Dimensions"], p["Threshold"], p["Namespace"])
		}
	}
	policy := jsonString(tpl.find("AWS::IAM::Role", map[string]any{"Policies": assertions.Match_AnyValue()}))
	if !strings.Contains(policy, `{"StringEquals":{"cloudwatch:namespace":"Team/Quotas"}}`) {
		t.Errorf("PutMetricData is not limited to Team/Quotas: %s", policy)
	}

	// MetricUtilization adds dimensions to Quota.
	m := watch.MetricUtilization(constructs.QuotaSubnetAddresses, &awscloudwatch.MetricOptions{
		DimensionsMap: &map[string]*string{"SubnetId": jsii.String("subnet-1")},
		Statistic:     jsii.String("Average"),
	})
	if *m.Namespace() != "Team/Quotas" || *m.MetricName() != "Utilization" || *m.Statistic() != "Average" || *m.Period().ToSeconds(nil) != 3600 {
		t.Errorf("metric %s %s %s %v", *m.Namespace(), *m.MetricName(), *m.Statistic(), *m.Period().ToSeconds(nil))
	}
	if d := *m.Dimensions(); len(d) != 2 || d["Quota"] != "SubnetAddresses" || d["SubnetId"] != "subnet-1" {
		t.Errorf("metric dimensions %v, want Quota and SubnetId", d)
	}
}

func TestQuotaWatchNeedsCodeAndAStage(t *testing.T) {
	stack := newTestStack(t, nil)
	mustPanic(t, func() { constructs.NewQuotaWatch(stack, jsii.String("NoCode"), nil) }, "NoCode", "Entry")
	mustPanic(t, func() {
		constructs.NewQuotaWatch(stack, jsii.String("NoStage"), &constructs.QuotaWatchProps{
			Code:    awslambda.Code_FromAsset(jsii.String(helloEntry), nil),
			RestApi: awsapigateway.RestApi_FromRestApiId(stack, jsii.String("Imported"), jsii.String("abc")),
		})
	}, "NoStage", "StageName")
	mustPanic(t, func() {
		constructs.NewQuotaWatch(stack, jsii.String("Over"), &constructs.QuotaWatchProps{
			Code: awslambda.Code_FromAsset(jsii.String(helloEntry), nil), ThresholdPercent: jsii.Number(120),
		})
	}, "Over", "ThresholdPercent 120")
}

// Databases: the watcher learns them in DATABASES (what
// quotawatch.ConfigFromEnv reads), and each gets its connection alarms,
// exposed by database for whatever takes traffic off it.
func TestQuotaWatchDatabases(t *testing.T) {
	stack := newTestStack(t, nil)
	proxyName := awscdk.NewCfnParameter(stack, jsii.String("ProxyName"), nil).ValueAsString()
	watch := constructs.NewQuotaWatch(stack, jsii.String("QuotaWatch"), &constructs.QuotaWatchProps{
		Code: constructs.GoCode(helloEntry),
		Databases: []constructs.QuotaWatchDatabase{
			{Name: "users", InstanceIdentifier: jsii.String("users-db"), MaxConnections: 1365, ProxyName: proxyName, ProxyMaxConnections: 682, FunctionConnections: 300},
			{Name: "orders-db", ClusterIdentifier: jsii.String("orders"), MaxConnections: 1000},
		},
	})
	tpl := templateOf(t, stack)
	_, fn := tpl.only("AWS::Lambda::Function", nil)
	env := jsonString(properties(fn)["Environment"].(map[string]any)["Variables"].(map[string]any)["DATABASES"])
	for _, want := range []string{`\"name\":\"users\"`, `\"instanceIdentifier\":\"users-db\"`, `\"maxConnections\":1365`,
		`\"proxyName\":\"",{"Ref":"ProxyName"}`, `\"proxyMaxConnections\":682`, `\"functionConnections\":300`, `\"clusterIdentifier\":\"orders\"`} {
		if !strings.Contains(env, want) {
			t.Errorf("DATABASES %s lacks %s", env, want)
		}
	}
	for _, c := range []struct {
		quota, db string
	}{{"DatabaseConnections", "users"}, {"ProxyDatabaseConnections", "users"}, {"DatabaseConnections", "orders-db"}} {
		d := []any{map[string]any{"Name": "Database", "Value": c.db}, map[string]any{"Name": "Quota", "Value": c.quota}}
		_, alarm := tpl.only("AWS::CloudWatch::Alarm", map[string]any{"Dimensions": assertions.Match_ArrayWith(&d)})
		if p := properties(alarm); p["Threshold"] != 80.0 || p["MetricName"] != "Utilization" || p["ComparisonOperator"] != "GreaterThanOrEqualToThreshold" {
			t.Errorf("%s/%s alarm %s", c.quota, c.db, jsonString(p))
		}
	}
	if n := len(watch.DatabaseAlarms["users"]); n != 2 {
		t.Errorf("users has %d alarms, want its own and its proxy's", n)
	}
	if n := len(watch.DatabaseAlarms["orders-db"]); n != 1 {
		t.Errorf("orders-db has %d alarms", n)
	}
	if !strings.Contains(*watch.DatabaseAlarms["users"][0].Node().Id(), "DatabaseUsersConnections") {
		t.Errorf("alarm id %s", *watch.DatabaseAlarms["users"][0].Node().Id())
	}
	mustPanic(t, func() {
		constructs.NewQuotaWatch(stack, jsii.String("Bad"), &constructs.QuotaWatchProps{Code: constructs.GoCode(helloEntry), Databases: []constructs.QuotaWatchDatabase{{Name: "x"}}})
	}, `Bad: QuotaWatchDatabase "x" needs a Name, MaxConnections`)
}
