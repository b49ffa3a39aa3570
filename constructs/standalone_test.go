package constructs_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/constructs"
)

// Each construct alone in a bare stack, with only its required props:
// it synthesizes and has its documented defaults.

func TestApiFunctionStandalone(t *testing.T) {
	stack := newTestStack(t, nil)
	fn := constructs.NewApiFunction(stack, jsii.String("Fn"), &constructs.ApiFunctionProps{Entry: jsii.String(helloEntry)})
	tpl := templateOf(t, stack)

	tpl.count("AWS::Lambda::Function", 1)
	tpl.count("AWS::Logs::LogGroup", 1)
	tpl.has("AWS::Lambda::Function", map[string]any{
		"MemorySize":    256,
		"Timeout":       29,
		"Architectures": []any{"arm64"},
		"Runtime":       "provided.al2023",
		"Handler":       "bootstrap",
		"LoggingConfig": map[string]any{
			"LogFormat": "JSON",
			"LogGroup":  ref(logicalID(stack, fn.LogGroup)),
		},
		"FunctionName":                 assertions.Match_Absent(),
		"ReservedConcurrentExecutions": assertions.Match_Absent(),
		"VpcConfig":                    assertions.Match_Absent(),
		"Environment":                  assertions.Match_Absent(),
		"Code": map[string]any{
			"S3Bucket": assertions.Match_AnyValue(),
			"S3Key":    assertions.Match_StringLikeRegexp(jsii.String(`^[0-9a-f]{64}\.zip$`)),
		},
	})
	// The log group outlives the function (but not a failed first deploy,
	// whose retry would meet its name) and keeps a month of logs.
	tpl.hasResource("AWS::Logs::LogGroup", map[string]any{
		"Properties":          map[string]any{"RetentionInDays": 30, "LogGroupName": assertions.Match_Absent()},
		"DeletionPolicy":      "RetainExceptOnCreate",
		"UpdateReplacePolicy": "Retain",
	})
	// Traced by X-Ray (on by default).
	tpl.has("AWS::Lambda::Function", map[string]any{"TracingConfig": map[string]any{"Mode": "Active"}})
	// A new role that may write to its own log group and its traces and
	// nothing else (no AWS managed policy, no VPC access), and CodeDeploy's
	// for the rollout.
	tpl.count("AWS::IAM::Role", 2)
	tpl.count("AWS::IAM::Policy", 0)
	_, role := tpl.only("AWS::IAM::Role", map[string]any{
		"AssumeRolePolicyDocument": assertions.Match_ObjectLike(&map[string]any{"Statement": []any{assertions.Match_ObjectLike(&map[string]any{
			"Principal": map[string]any{"Service": "lambda.amazonaws.com"},
		})}}),
	})
	wantPolicies := []any{map[string]any{"PolicyName": "Run", "PolicyDocument": map[string]any{"Version": "2012-10-17", "Statement": []any{
		map[string]any{"Sid": "WriteLogs", "Effect": "Allow", "Action": []any{"logs:CreateLogStream", "logs:PutLogEvents"}, "Resource": getAtt(logicalID(stack, fn.LogGroup), "Arn")},
		map[string]any{"Sid": "WriteTraces", "Effect": "Allow", "Action": []any{"xray:PutTelemetryRecords", "xray:PutTraceSegments"}, "Resource": "*"},
	}}}}
	if got := properties(role)["Policies"]; jsonString(got) != jsonString(wantPolicies) {
		t.Errorf("function role Policies = %s, want %s", jsonString(got), jsonString(wantPolicies))
	}
	if got, ok := properties(role)["ManagedPolicyArns"]; ok {
		t.Errorf("function role has managed policies %s, want none", jsonString(got))
	}
	if got := nagRules(role); len(got) != 1 || got[0] != "AwsSolutions-IAM5[Resource::*]" {
		t.Errorf("function role waives %v, want only the X-Ray actions' Resource::*", got)
	}
	if got := *fn.Timeout.ToSeconds(nil); got != 29 {
		t.Errorf("fn.Timeout = %gs, want 29s", got)
	}
}

// Tracing off: no TracingConfig, no X-Ray statement, nothing to waive.
func TestApiFunctionUntraced(t *testing.T) {
	stack := newTestStack(t, nil)
	constructs.NewApiFunction(stack, jsii.String("Fn"), &constructs.ApiFunctionProps{Entry: jsii.String(helloEntry), Tracing: jsii.Bool(false)})
	tpl := templateOf(t, stack)
	tpl.has("AWS::Lambda::Function", map[string]any{"TracingConfig": assertions.Match_Absent()})
	_, role := tpl.only("AWS::IAM::Role", map[string]any{"Policies": assertions.Match_AnyValue()})
	if got := jsonString(properties(role)["Policies"]); strings.Contains(got, "xray:") {
		t.Errorf("untraced function's role may send traces: %s", got)
	}
	if rules := nagRules(role); len(rules) != 0 {
		t.Errorf("untraced function's role waives %v, want nothing to waive", rules)
	}
}

func TestLambdaNetworkStandalone(t *testing.T) {
	stack := newTestStack(t, nil)
	network := constructs.NewLambdaNetwork(stack, jsii.String("Network"), nil)
	tpl := templateOf(t, stack)

	// Flow logs of all traffic into a log group kept a month.
	tpl.count("AWS::EC2::FlowLog", 1)
	tpl.has("AWS::EC2::FlowLog", map[string]any{
		"ResourceType":       "VPC",
		"ResourceId":         ref(logicalID(stack, network.Vpc)),
		"TrafficType":        "ALL",
		"LogDestinationType": "cloud-watch-logs",
		"LogGroupName":       ref(logicalID(stack, network.FlowLogGroup)),
	})
	tpl.hasResource("AWS::Logs::LogGroup", map[string]any{
		"Properties":     map[string]any{"RetentionInDays": 30},
		"DeletionPolicy": "RetainExceptOnCreate",
	})

	tpl.count("AWS::EC2::VPC", 1)
	tpl.has("AWS::EC2::VPC", map[string]any{"CidrBlock": "10.0.0.0/16"})

	private := tpl.find("AWS::EC2::Subnet", map[string]any{
		"Tags": assertions.Match_ArrayWith(&[]any{map[string]any{"Key": "aws-cdk:subnet-type", "Value": "Private"}}),
	})
	if len(private) != 2 {
		t.Fatalf("private subnets = %d, want 2 (one per AZ)", len(private))
	}
	azs := map[string]bool{}
	for id, subnet := range private {
		p := properties(subnet)
		if cidr, _ := p["CidrBlock"].(string); !strings.HasSuffix(cidr, "/19") {
			t.Errorf("private subnet %s CidrBlock = %v, want a /19", id, p["CidrBlock"])
		}
		azs[jsonString(p["AvailabilityZone"])] = true
	}
	if len(azs) != 2 {
		t.Errorf("private subnets are in %d AZs, want 2: %v", len(azs), azs)
	}
	// Public subnets hold only the NAT gateways.
	tpl.count("AWS::EC2::Subnet", 4)

	// A NAT gateway per AZ, and each private subnet routes through its own.
	tpl.count("AWS::EC2::NatGateway", 2)
	natRoutes := tpl.find("AWS::EC2::Route", map[string]any{"NatGatewayId": assertions.Match_AnyValue()})
	nats := map[string]bool{}
	for _, r := range natRoutes {
		nats[jsonString(properties(r)["NatGatewayId"])] = true
	}
	if len(natRoutes) != 2 || len(nats) != 2 {
		t.Errorf("private default routes use NAT gateways %v (%d routes), want 2 routes to 2 distinct gateways", nats, len(natRoutes))
	}

	// One security group, shared: all outbound, no inbound.
	tpl.count("AWS::EC2::SecurityGroup", 1)
	tpl.has("AWS::EC2::SecurityGroup", map[string]any{
		"VpcId":                ref(logicalID(stack, network.Vpc)),
		"SecurityGroupEgress":  []any{map[string]any{"CidrIp": "0.0.0.0/0", "IpProtocol": "-1"}},
		"SecurityGroupIngress": assertions.Match_Absent(),
	})
	tpl.count("AWS::EC2::SecurityGroupIngress", 0)

	if network.Subnets == nil || network.Subnets.SubnetType != "PRIVATE_WITH_EGRESS" {
		t.Errorf("network.Subnets = %+v, want the private subnets with egress", network.Subnets)
	}
}

func TestProxyApiStandalone(t *testing.T) {
	stack := newTestStack(t, nil)
	api := constructs.NewProxyApi(stack, jsii.String("Api"), nil)
	// A REST API without any method does not synthesize (see
	// TestProxyApiWithoutRoutesDoesNotSynthesize): give it one route.
	fn := awslambda.NewFunction(stack, jsii.String("Fn"), &awslambda.FunctionProps{
		Runtime: awslambda.Runtime_NODEJS_22_X(),
		Handler: jsii.String("index.handler"),
		Code:    awslambda.Code_FromInline(jsii.String("exports.handler = async () => ({statusCode: 200})")),
	})
	api.AddRoute("/ping", []string{"GET"}, fn, nil)
	tpl := templateOf(t, stack)

	tpl.count("AWS::ApiGateway::RestApi", 1)
	tpl.has("AWS::ApiGateway::RestApi", map[string]any{
		"EndpointConfiguration": map[string]any{"Types": []any{"REGIONAL"}},
	})
	tpl.count("AWS::ApiGateway::Stage", 1)
	_, stage := tpl.only("AWS::ApiGateway::Stage", map[string]any{
		"StageName": "prod",
		"MethodSettings": []any{map[string]any{
			"HttpMethod":           "*",
			"ResourcePath":         "/*",
			"ThrottlingRateLimit":  2000,
			"ThrottlingBurstLimit": 4000,
			"LoggingLevel":         "ERROR",
			"DataTraceEnabled":     false,
			"MetricsEnabled":       false,
		}},
		"AccessLogSetting": map[string]any{
			// The log group's ARN without ":*", as aws-cdk-lib writes it under
			// @aws-cdk/aws-apigateway:logGroupDestinationArnWithoutWildcard.
			"DestinationArn": map[string]any{"Fn::Join": []any{"", []any{"arn:", ref("AWS::Partition"), ":logs:", ref("AWS::Region"), ":", ref("AWS::AccountId"), ":log-group:", ref(logicalID(stack, api.AccessLogs))}}},
			"Format":         assertions.Match_StringLikeRegexp(jsii.String("integrationStatus")),
		},
	})
	format, _ := properties(stage)["AccessLogSetting"].(map[string]any)["Format"].(string)
	var fields map[string]string
	if err := json.Unmarshal([]byte(format), &fields); err != nil {
		t.Errorf("access log format is not JSON: %v\n%s", err, format)
	}
	for _, f := range []string{"requestId", "status", "integrationStatus", "integrationError", "integrationLatency"} {
		if _, ok := fields[f]; !ok {
			t.Errorf("access log format has no %q field: %s", f, format)
		}
	}
	tpl.hasResource("AWS::Logs::LogGroup", map[string]any{
		"Properties":     map[string]any{"RetentionInDays": 30},
		"DeletionPolicy": "RetainExceptOnCreate",
	})
	// Execution logs need the account's CloudWatch role.
	tpl.count("AWS::ApiGateway::Account", 1)
	tpl.has("AWS::ApiGateway::Method", map[string]any{"HttpMethod": "GET", "Integration": map[string]any{"TimeoutInMillis": 29000}})
	if got := *api.IntegrationTimeout.ToSeconds(nil); got != 29 {
		t.Errorf("api.IntegrationTimeout = %gs, want 29s", got)
	}
}

// CDK refuses to synthesize a REST API with no method; the ProxyApi is no
// different, so routes must be added before synth.
func TestProxyApiWithoutRoutesDoesNotSynthesize(t *testing.T) {
	stack := newTestStack(t, nil)
	constructs.NewProxyApi(stack, jsii.String("Api"), nil)
	mustPanic(t, func() { assertions.Template_FromStack(stack, nil) }, "doesn't contain any methods")
}

func TestEdgeDistributionStandalone(t *testing.T) {
	stack := newTestStack(t, nil)
	edge := constructs.NewEdgeDistribution(stack, jsii.String("Edge"), &constructs.EdgeDistributionProps{
		LegacyDomainName: jsii.String("legacy.example.com"),
	})
	tpl := templateOf(t, stack)

	tpl.count("AWS::CloudFront::Distribution", 1)
	_, dist := tpl.only("AWS::CloudFront::Distribution", nil)
	config := properties(dist)["DistributionConfig"].(map[string]any)

	origins, _ := config["Origins"].([]any)
	if len(origins) != 1 {
		t.Fatalf("Origins = %s, want the legacy origin only", jsonString(config["Origins"]))
	}
	origin := origins[0].(map[string]any)
	if origin["DomainName"] != "legacy.example.com" {
		t.Errorf("origin DomainName = %v, want legacy.example.com", origin["DomainName"])
	}
	if got := jsonString(origin["CustomOriginConfig"].(map[string]any)["OriginProtocolPolicy"]); got != `"https-only"` {
		t.Errorf("legacy OriginProtocolPolicy = %s, want https-only", got)
	}

	def := config["DefaultCacheBehavior"].(map[string]any)
	if def["TargetOriginId"] != origin["Id"] {
		t.Errorf("default behaviour goes to %v, want the legacy origin %v", def["TargetOriginId"], origin["Id"])
	}
	for key, want := range map[string]any{
		"CachePolicyId":         cachingDisabledID,
		"OriginRequestPolicyId": allViewerExceptHostHeaderID,
		"ViewerProtocolPolicy":  "redirect-to-https",
	} {
		if def[key] != want {
			t.Errorf("default behaviour %s = %v, want %v", key, def[key], want)
		}
	}
	if methods, _ := def["AllowedMethods"].([]any); len(methods) != 7 {
		t.Errorf("default behaviour AllowedMethods = %v, want all 7", def["AllowedMethods"])
	}
	// The monolith gets requests unchanged but for X-Forwarded-Host.
	if fa := jsonString(def["FunctionAssociations"]); !strings.Contains(fa, "EdgeForwardedHost") || strings.Count(fa, "EventType") != 1 {
		t.Errorf("default behaviour has FunctionAssociations %s, want the forwarded-host function alone", fa)
	}
	if cb, ok := config["CacheBehaviors"]; ok {
		t.Errorf("CacheBehaviors = %s, want none before any route is added", jsonString(cb))
	}

	// Standard logging into the new bucket, under cloudfront/.
	bucketID := logicalID(stack, edge.LogBucket)
	logging, _ := config["Logging"].(map[string]any)
	if jsonString(logging) != jsonString(map[string]any{"Bucket": getAtt(bucketID, "RegionalDomainName"), "Prefix": "cloudfront/"}) {
		t.Errorf("Logging = %s, want the log bucket with prefix cloudfront/", jsonString(logging))
	}

	// The bucket: encrypted, private, TLS-only, expiring, ACLs for CloudFront.
	tpl.count("AWS::S3::Bucket", 1)
	tpl.hasResource("AWS::S3::Bucket", map[string]any{
		"Properties": map[string]any{
			"BucketEncryption": map[string]any{"ServerSideEncryptionConfiguration": []any{
				map[string]any{"ServerSideEncryptionByDefault": map[string]any{"SSEAlgorithm": "AES256"}},
			}},
			"PublicAccessBlockConfiguration": map[string]any{
				"BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true,
			},
			"LifecycleConfiguration": map[string]any{"Rules": []any{
				map[string]any{"ExpirationInDays": 90, "Status": "Enabled"},
			}},
			"OwnershipControls": map[string]any{"Rules": []any{map[string]any{"ObjectOwnership": "BucketOwnerPreferred"}}},
		},
		"DeletionPolicy": "RetainExceptOnCreate",
	})
	tpl.has("AWS::S3::BucketPolicy", map[string]any{
		"Bucket": ref(bucketID),
		"PolicyDocument": map[string]any{"Statement": assertions.Match_ArrayWith(&[]any{assertions.Match_ObjectLike(&map[string]any{
			"Effect":    "Deny",
			"Action":    "s3:*",
			"Condition": map[string]any{"Bool": map[string]any{"aws:SecureTransport": "false"}},
		})})},
	})
	// The query string function exists only once an API route does; the
	// forwarded-host one from the start.
	tpl.count("AWS::CloudFront::Function", 1)
}

func TestMigrationMonitoringStandalone(t *testing.T) {
	stack := newTestStack(t, nil)
	monitoring := constructs.NewMigrationMonitoring(stack, jsii.String("Monitoring"), nil)
	tpl := templateOf(t, stack)

	tpl.count("AWS::SNS::Topic", 1)
	tpl.count("AWS::SNS::Subscription", 0)
	topicID := logicalID(stack, monitoring.Topic)
	tpl.count("AWS::CloudWatch::Alarm", 1)
	tpl.has("AWS::CloudWatch::Alarm", map[string]any{
		"Namespace":          "AWS/Lambda",
		"MetricName":         "ConcurrentExecutions",
		"Statistic":          "Maximum",
		"Period":             60,
		"Threshold":          800,
		"ComparisonOperator": "GreaterThanThreshold",
		"EvaluationPeriods":  3,
		"DatapointsToAlarm":  2,
		"TreatMissingData":   "notBreaching",
		"Dimensions":         assertions.Match_Absent(),
		"AlarmActions":       []any{ref(topicID)},
	})
	tpl.count("AWS::CloudWatch::Dashboard", 1)
	_, dashboard := tpl.only("AWS::CloudWatch::Dashboard", nil)
	if body := jsonString(properties(dashboard)["DashboardBody"]); !strings.Contains(body, "ConcurrentExecutions") {
		t.Errorf("dashboard has no concurrency graph: %s", body)
	}
	if len(monitoring.Alarms) != 1 {
		t.Errorf("monitoring.Alarms has %d alarms, want 1", len(monitoring.Alarms))
	}
}
