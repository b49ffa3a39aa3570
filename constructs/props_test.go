package constructs_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigateway"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfront"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/constructs"
)

// Each prop changes what it says it does.

func TestApiFunctionProps(t *testing.T) {
	stack := newTestStack(t, nil)
	named := constructs.NewApiFunction(stack, jsii.String("Named"), &constructs.ApiFunctionProps{
		Entry:                        jsii.String(helloEntry),
		FunctionName:                 jsii.String("strangler-user"),
		MemorySize:                   jsii.Number(1024),
		Timeout:                      awscdk.Duration_Seconds(jsii.Number(10)),
		ReservedConcurrentExecutions: jsii.Number(50),
		Environment:                  &map[string]*string{"TABLE": jsii.String("users")},
		LogRetention:                 awslogs.RetentionDays_ONE_WEEK,
		LogRemovalPolicy:             awscdk.RemovalPolicy_DESTROY,
	})
	// An account with a raised integration timeout may run longer functions.
	long := constructs.NewApiFunction(stack, jsii.String("Long"), &constructs.ApiFunctionProps{
		Entry:              jsii.String(helloEntry),
		Timeout:            awscdk.Duration_Seconds(jsii.Number(45)),
		IntegrationTimeout: awscdk.Duration_Seconds(jsii.Number(60)),
	})
	network := constructs.NewLambdaNetwork(stack, jsii.String("Network"), nil)
	inVpc := constructs.NewApiFunction(stack, jsii.String("InVpc"), &constructs.ApiFunctionProps{
		Entry:          jsii.String(helloEntry),
		Vpc:            network.Vpc,
		SecurityGroups: &[]awsec2.ISecurityGroup{network.SecurityGroup},
	})
	tpl := templateOf(t, stack)

	tpl.has("AWS::Lambda::Function", map[string]any{
		"FunctionName":                 "strangler-user",
		"MemorySize":                   1024,
		"Timeout":                      10,
		"ReservedConcurrentExecutions": 50,
		"Environment":                  map[string]any{"Variables": map[string]any{"TABLE": "users"}},
		"LoggingConfig":                map[string]any{"LogFormat": "JSON", "LogGroup": ref(logicalID(stack, named.LogGroup))},
	})
	// The log group has the name Lambda would use, so nothing else makes one.
	tpl.hasResource("AWS::Logs::LogGroup", map[string]any{
		"Properties":     map[string]any{"LogGroupName": "/aws/lambda/strangler-user", "RetentionInDays": 7},
		"DeletionPolicy": "Delete",
	})
	if got := *named.Timeout.ToSeconds(nil); got != 10 {
		t.Errorf("named.Timeout = %gs, want 10s", got)
	}

	tpl.has("AWS::Lambda::Function", map[string]any{
		"Timeout":       45,
		"LoggingConfig": map[string]any{"LogFormat": "JSON", "LogGroup": ref(logicalID(stack, long.LogGroup))},
	})

	// In the VPC: the shared group, the private subnets, and no new group.
	var subnetRefs []any
	for _, s := range *network.Vpc.PrivateSubnets() {
		subnetRefs = append(subnetRefs, ref(logicalID(stack, s)))
	}
	tpl.has("AWS::Lambda::Function", map[string]any{
		"LoggingConfig": map[string]any{"LogFormat": "JSON", "LogGroup": ref(logicalID(stack, inVpc.LogGroup))},
		"VpcConfig": map[string]any{
			"SecurityGroupIds": []any{getAtt(logicalID(stack, network.SecurityGroup), "GroupId")},
			"SubnetIds":        subnetRefs,
		},
	})
	tpl.count("AWS::EC2::SecurityGroup", 1)
	// Its role may also manage the network interfaces Lambda attaches.
	_, role := tpl.only("AWS::IAM::Role", map[string]any{"Policies": assertions.Match_ArrayWith(&[]any{assertions.Match_ObjectLike(&map[string]any{
		"PolicyDocument": assertions.Match_ObjectLike(&map[string]any{"Statement": assertions.Match_ArrayWith(&[]any{assertions.Match_ObjectLike(&map[string]any{"Sid": "AttachToVpc"})})}),
	})})})
	wantStatements := []any{
		map[string]any{"Sid": "WriteLogs", "Effect": "Allow", "Action": []any{"logs:CreateLogStream", "logs:PutLogEvents"}, "Resource": getAtt(logicalID(stack, inVpc.LogGroup), "Arn")},
		map[string]any{"Sid": "AttachToVpc", "Effect": "Allow", "Action": []any{
			"ec2:AssignPrivateIpAddresses", "ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface",
			"ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets", "ec2:UnassignPrivateIpAddresses",
		}, "Resource": "*"},
		map[string]any{"Sid": "WriteTraces", "Effect": "Allow", "Action": []any{"xray:PutTelemetryRecords", "xray:PutTraceSegments"}, "Resource": "*"},
	}
	if got := properties(role)["Policies"].([]any)[0].(map[string]any)["PolicyDocument"].(map[string]any)["Statement"]; jsonString(got) != jsonString(wantStatements) {
		t.Errorf("VPC function role statements = %s, want %s", jsonString(got), jsonString(wantStatements))
	}
	if got, want := nagRules(role), []string{"AwsSolutions-IAM5[Resource::*]"}; !slices.Equal(got, want) {
		t.Errorf("VPC function role waives %v, want %v", got, want)
	}
	// Only the VPC function is in a VPC.
	if n := len(tpl.find("AWS::Lambda::Function", map[string]any{"VpcConfig": assertions.Match_AnyValue()})); n != 1 {
		t.Errorf("%d functions have a VpcConfig, want 1", n)
	}
}

func TestLambdaNetworkProps(t *testing.T) {
	t.Run("new VPC", func(t *testing.T) {
		// Three AZs need a stack with an account and region (an env-agnostic
		// stack has 2); the context answers the AZ lookup.
		app := newTestApp(t)
		app.Node().SetContext(jsii.String("availability-zones:account=123456789012:region=eu-west-1"),
			&[]*string{jsii.String("eu-west-1a"), jsii.String("eu-west-1b"), jsii.String("eu-west-1c")})
		stack := awscdk.NewStack(app, jsii.String("Stack"), &awscdk.StackProps{
			Env: &awscdk.Environment{Account: jsii.String("123456789012"), Region: jsii.String("eu-west-1")},
		})
		awscdk.Validations_Of(stack).Acknowledge(&awscdk.Acknowledgment{Id: jsii.String(constructs.TemplateValidationPluginName + "::W3010"),
			Reason: jsii.String("a stack with a region names its availability zones: CDK writes what the lookup answered")})
		constructs.NewLambdaNetwork(stack, jsii.String("Network"), &constructs.LambdaNetworkProps{
			Cidr:                  jsii.String("10.20.0.0/16"),
			MaxAzs:                jsii.Number(3),
			PrivateSubnetCidrMask: jsii.Number(20),
			NatGateways:           jsii.Number(1),
			FlowLogRetention:      awslogs.RetentionDays_ONE_WEEK,
		})
		tpl := templateOf(t, stack)
		tpl.has("AWS::Logs::LogGroup", map[string]any{"RetentionInDays": 7})
		tpl.count("AWS::EC2::FlowLog", 1)
		// Only this account's flow logs may use the role (confused deputy).
		tpl.has("AWS::IAM::Role", map[string]any{"AssumeRolePolicyDocument": map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{
			"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": map[string]any{"Service": "vpc-flow-logs.amazonaws.com"},
			"Condition": map[string]any{
				"StringEquals": map[string]any{"aws:SourceAccount": "123456789012"},
				// The partition is written out in a stack with a region
				// (@aws-cdk/core:enablePartitionLiterals).
				"ArnLike": map[string]any{"aws:SourceArn": "arn:aws:ec2:eu-west-1:123456789012:vpc-flow-log/*"},
			},
		}}}})
		tpl.count("AWS::IAM::Role", 2) // the flow logs', and that of the custom resource emptying the default group
		tpl.count("Custom::VpcRestrictDefaultSG", 1)

		tpl.has("AWS::EC2::VPC", map[string]any{"CidrBlock": "10.20.0.0/16"})
		private := tpl.find("AWS::EC2::Subnet", map[string]any{
			"Tags": assertions.Match_ArrayWith(&[]any{map[string]any{"Key": "aws-cdk:subnet-type", "Value": "Private"}}),
		})
		azs := map[any]bool{}
		for id, subnet := range private {
			p := properties(subnet)
			cidr, _ := p["CidrBlock"].(string)
			if !strings.HasPrefix(cidr, "10.20.") || !strings.HasSuffix(cidr, "/20") {
				t.Errorf("private subnet %s CidrBlock = %q, want a /20 in 10.20.0.0/16", id, cidr)
			}
			azs[p["AvailabilityZone"]] = true
		}
		if len(private) != 3 || len(azs) != 3 {
			t.Errorf("%d private subnets in AZs %v, want 3 in 3 AZs", len(private), azs)
		}
		tpl.count("AWS::EC2::NatGateway", 1)
	})

	t.Run("existing VPC", func(t *testing.T) {
		stack := newTestStack(t, nil)
		vpc := awsec2.Vpc_FromVpcAttributes(stack, jsii.String("Existing"), &awsec2.VpcAttributes{
			VpcId:             jsii.String("vpc-0123456789abcdef0"),
			AvailabilityZones: jsii.Strings("eu-west-1a", "eu-west-1b"),
			PrivateSubnetIds:  jsii.Strings("subnet-aaaa", "subnet-bbbb"),
		})
		network := constructs.NewLambdaNetwork(stack, jsii.String("Network"), &constructs.LambdaNetworkProps{Vpc: vpc})
		// A second network in the same VPC reusing a group creates none.
		shared := awsec2.SecurityGroup_FromSecurityGroupId(stack, jsii.String("Shared"), jsii.String("sg-0123456789abcdef0"), nil)
		reuse := constructs.NewLambdaNetwork(stack, jsii.String("Reuse"), &constructs.LambdaNetworkProps{Vpc: vpc, SecurityGroup: shared})
		constructs.NewApiFunction(stack, jsii.String("Fn"), &constructs.ApiFunctionProps{
			Entry:          jsii.String(helloEntry),
			Vpc:            network.Vpc,
			VpcSubnets:     network.Subnets,
			SecurityGroups: &[]awsec2.ISecurityGroup{network.SecurityGroup},
		})
		tpl := templateOf(t, stack)

		// An existing VPC's flow logs are its owner's.
		for _, typ := range []string{"AWS::EC2::VPC", "AWS::EC2::Subnet", "AWS::EC2::NatGateway", "AWS::EC2::InternetGateway", "AWS::EC2::RouteTable", "AWS::EC2::EIP", "AWS::EC2::FlowLog"} {
			tpl.count(typ, 0)
		}
		tpl.count("AWS::EC2::SecurityGroup", 1)
		tpl.has("AWS::EC2::SecurityGroup", map[string]any{"VpcId": "vpc-0123456789abcdef0"})
		tpl.has("AWS::Lambda::Function", map[string]any{
			"VpcConfig": map[string]any{
				"SecurityGroupIds": []any{getAtt(logicalID(stack, network.SecurityGroup), "GroupId")},
				"SubnetIds":        []any{"subnet-aaaa", "subnet-bbbb"},
			},
		})
		if network.Subnets.Subnets == nil || len(*network.Subnets.Subnets) != 2 {
			t.Errorf("network.Subnets = %+v, want the VPC's 2 private subnets", network.Subnets)
		}
		if reuse.SecurityGroup != shared {
			t.Errorf("network with SecurityGroup did not keep it")
		}
		if network.FlowLogGroup != nil {
			t.Errorf("existing VPC: FlowLogGroup is set")
		}
	})

	t.Run("no flow logs", func(t *testing.T) {
		stack := newTestStack(t, nil)
		network := constructs.NewLambdaNetwork(stack, jsii.String("Network"), &constructs.LambdaNetworkProps{FlowLogs: jsii.Bool(false)})
		tpl := templateOf(t, stack)
		tpl.count("AWS::EC2::FlowLog", 0)
		tpl.count("AWS::Logs::LogGroup", 0)
		tpl.count("AWS::IAM::Role", 1) // the custom resource's emptying the default group
		if network.FlowLogGroup != nil {
			t.Errorf("FlowLogs false: FlowLogGroup is set")
		}
	})
}

func TestProxyApiProps(t *testing.T) {
	stack := newTestStack(t, nil)
	api := constructs.NewProxyApi(stack, jsii.String("Api"), &constructs.ProxyApiProps{
		RestApiName:          jsii.String("strangler"),
		StageName:            jsii.String("v1"),
		ThrottlingRateLimit:  jsii.Number(100),
		ThrottlingBurstLimit: jsii.Number(200),
		IntegrationTimeout:   awscdk.Duration_Seconds(jsii.Number(10)),
		ExecutionLogLevel:    awsapigateway.MethodLoggingLevel_INFO,
		AccessLogRetention:   awslogs.RetentionDays_THREE_MONTHS,
	})
	fn := constructs.NewApiFunction(stack, jsii.String("Fn"), &constructs.ApiFunctionProps{
		Entry:              jsii.String(helloEntry),
		Timeout:            awscdk.Duration_Seconds(jsii.Number(10)),
		IntegrationTimeout: api.IntegrationTimeout,
	})
	api.AddRoute("/user/{id}", []string{"GET", "DELETE"}, fn.Alias, nil)
	tpl := templateOf(t, stack)

	tpl.has("AWS::ApiGateway::RestApi", map[string]any{"Name": "strangler"})
	tpl.has("AWS::ApiGateway::Stage", map[string]any{
		"StageName": "v1",
		"MethodSettings": []any{map[string]any{
			"HttpMethod":           "*",
			"ResourcePath":         "/*",
			"ThrottlingRateLimit":  100,
			"ThrottlingBurstLimit": 200,
			"LoggingLevel":         "INFO",
			"DataTraceEnabled":     false,
			"MetricsEnabled":       false,
		}},
	})
	tpl.has("AWS::Logs::LogGroup", map[string]any{"RetentionInDays": 90})
	methods := tpl.find("AWS::ApiGateway::Method", map[string]any{
		"Integration": assertions.Match_ObjectLike(&map[string]any{"TimeoutInMillis": 10000}),
	})
	if len(methods) != 2 {
		t.Errorf("%d methods have TimeoutInMillis 10000, want 2 (GET and DELETE)", len(methods))
	}
	if got := *api.IntegrationTimeout.ToSeconds(nil); got != 10 {
		t.Errorf("api.IntegrationTimeout = %gs, want 10s", got)
	}
}

func TestEdgeDistributionRoutes(t *testing.T) {
	stack := newTestStack(t, nil)
	api := newRoutedApi(t, stack)
	edge := constructs.NewEdgeDistribution(stack, jsii.String("Edge"), &constructs.EdgeDistributionProps{
		LegacyDomainName: jsii.String("legacy.example.com"),
		ProxyApi:         api,
	})
	edge.AddLegacyRoute("/user/legacy/*")
	edge.AddApiRoute("/user/*", &constructs.ApiRouteOptions{Cache: constructs.CachePerToken, CacheTtl: awscdk.Duration_Minutes(jsii.Number(5)),
		CacheQueryKeys: jsii.Strings("page", "size"), CacheCookies: jsii.Strings("session")})
	edge.AddApiRoute("/orders/*", &constructs.ApiRouteOptions{Cache: constructs.CachePerToken, CacheTtl: awscdk.Duration_Seconds(jsii.Number(300)),
		CacheQueryKeys: jsii.Strings("size", "page"), CacheCookies: jsii.Strings("session")})
	edge.AddApiRoute("/catalog/*", &constructs.ApiRouteOptions{Cache: constructs.CachePublic, AllowedMethods: awscloudfront.AllowedMethods_ALLOW_GET_HEAD(),
		CacheQueryKeys: jsii.Strings()})
	edge.AddApiRoute("/health", nil)
	tpl := templateOf(t, stack)

	// Per token: Authorization, the session cookie and the listed query
	// strings in the key, nothing else (a made-up key is the same entry).
	perTokenID, _ := tpl.only("AWS::CloudFront::CachePolicy", map[string]any{
		"CachePolicyConfig": assertions.Match_ObjectLike(&map[string]any{
			"DefaultTTL": 300,
			"MinTTL":     0,
			"MaxTTL":     86400,
			"ParametersInCacheKeyAndForwardedToOrigin": map[string]any{
				"HeadersConfig":              map[string]any{"HeaderBehavior": "whitelist", "Headers": []any{"Authorization"}},
				"QueryStringsConfig":         map[string]any{"QueryStringBehavior": "whitelist", "QueryStrings": []any{"page", "size"}},
				"CookiesConfig":              map[string]any{"CookieBehavior": "whitelist", "Cookies": []any{"session"}},
				"EnableAcceptEncodingGzip":   true,
				"EnableAcceptEncodingBrotli": true,
			},
		}),
	})
	// Public: no header, no cookie, and here no query string, 60 s by default.
	publicID, _ := tpl.only("AWS::CloudFront::CachePolicy", map[string]any{
		"CachePolicyConfig": assertions.Match_ObjectLike(&map[string]any{
			"DefaultTTL": 60,
			"ParametersInCacheKeyAndForwardedToOrigin": assertions.Match_ObjectLike(&map[string]any{
				"HeadersConfig":      map[string]any{"HeaderBehavior": "none"},
				"QueryStringsConfig": map[string]any{"QueryStringBehavior": "none"},
				"CookiesConfig":      map[string]any{"CookieBehavior": "none"},
			}),
		}),
	})
	// /user/* and /orders/* ask for the same (keys in another order): one policy between them.
	tpl.count("AWS::CloudFront::CachePolicy", 2)
	tpl.count("AWS::CloudFront::Function", 2) // the query-string one (API routes), the forwarded-host one (the monolith's)
	// The same for what reaches the origin: only the cache key's query strings.
	tpl.count("AWS::CloudFront::OriginRequestPolicy", 2)
	forwardsAllButHost := map[string]bool{}
	for id, p := range tpl.find("AWS::CloudFront::OriginRequestPolicy", nil) {
		c := properties(p)["OriginRequestPolicyConfig"].(map[string]any)
		forwardsAllButHost[id] = jsonString(c["HeadersConfig"]) == `{"HeaderBehavior":"allExcept","Headers":["Host"]}`
	}

	_, dist := tpl.only("AWS::CloudFront::Distribution", nil)
	config := properties(dist)["DistributionConfig"].(map[string]any)
	legacyOrigin, apiOrigins := "", map[string]bool{}
	for _, o := range config["Origins"].([]any) {
		origin := o.(map[string]any)
		if origin["DomainName"] == "legacy.example.com" {
			legacyOrigin, _ = origin["Id"].(string)
			continue
		}
		id, _ := origin["Id"].(string)
		apiOrigins[id] = true
		// The origin path is the stage: "/" + the stage's name.
		if path := jsonString(origin["OriginPath"]); !strings.Contains(path, jsonString(ref(logicalID(stack, api.Api.DeploymentStage())))) {
			t.Errorf("API origin OriginPath = %s, want the stage", path)
		}
		custom := origin["CustomOriginConfig"].(map[string]any)
		if custom["OriginProtocolPolicy"] != "https-only" || custom["OriginReadTimeout"] != float64(30) {
			t.Errorf("API origin CustomOriginConfig = %s, want https-only and a 30 s read timeout", jsonString(custom))
		}
	}
	// API Gateway appears twice: alone, for behaviours that allow writes,
	// and as the primary of the read-only behaviours' origin group (CDK
	// binds a group's members anew).
	if legacyOrigin != "legacy" || len(apiOrigins) != 2 || len(config["Origins"].([]any)) != 3 {
		t.Fatalf("Origins = %s, want the legacy origin (ID legacy) and API Gateway twice", jsonString(config["Origins"]))
	}
	groups := config["OriginGroups"].(map[string]any)["Items"].([]any)
	if len(groups) != 1 {
		t.Fatalf("origin groups %s, want one", jsonString(groups))
	}
	group := groups[0].(map[string]any)
	members := group["Members"].(map[string]any)["Items"].([]any)
	if !apiOrigins[members[0].(map[string]any)["OriginId"].(string)] || members[1].(map[string]any)["OriginId"] != "legacy" {
		t.Errorf("origin group members %s, want API Gateway then the monolith", jsonString(members))
	}

	behaviours := map[string]map[string]any{}
	var order []string
	for _, b := range config["CacheBehaviors"].([]any) {
		behaviour := b.(map[string]any)
		pattern := behaviour["PathPattern"].(string)
		behaviours[pattern] = behaviour
		order = append(order, pattern)
	}
	if jsonString(order) != jsonString([]string{"/user/legacy/*", "/user/*", "/orders/*", "/catalog/*", "/health"}) {
		t.Errorf("behaviours in order %v, want them in the order added (CloudFront takes the first match)", order)
	}
	qsFunction := []any{map[string]any{
		"EventType":   "viewer-request",
		"FunctionARN": getAtt(logicalID(stack, edge.QueryStrings.Function), "FunctionARN"),
	}}
	fhFunction := []any{map[string]any{
		"EventType":   "viewer-request",
		"FunctionARN": getAtt(logicalID(stack, edge.ForwardedHost.Function), "FunctionARN"),
	}}
	allMethods := []any{"GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"}
	for pattern, want := range map[string]map[string]any{
		"/user/*":    {"CachePolicyId": ref(perTokenID), "AllowedMethods": allMethods},
		"/orders/*":  {"CachePolicyId": ref(perTokenID), "AllowedMethods": allMethods},
		"/catalog/*": {"CachePolicyId": ref(publicID), "AllowedMethods": []any{"GET", "HEAD"}},
		"/health":    {"CachePolicyId": cachingDisabledID, "AllowedMethods": allMethods},
	} {
		b := behaviours[pattern]
		// Read-only: the origin group; writes allowed: API Gateway alone.
		if target, _ := b["TargetOriginId"].(string); pattern == "/catalog/*" {
			if target != group["Id"] {
				t.Errorf("behaviour %s: target %s, want the origin group", pattern, target)
			}
		} else if !apiOrigins[target] {
			t.Errorf("behaviour %s: target %s, want API Gateway", pattern, target)
		}
		want["TargetOriginId"] = b["TargetOriginId"]
		// Uncached: AWS's AllViewerExceptHostHeader; cached: a policy of the
		// stack forwarding all headers but Host.
		if b["CachePolicyId"] == cachingDisabledID {
			if b["OriginRequestPolicyId"] != allViewerExceptHostHeaderID {
				t.Errorf("behaviour %s (uncached): OriginRequestPolicyId %s, want AllViewerExceptHostHeader", pattern, jsonString(b["OriginRequestPolicyId"]))
			}
		} else if ref, _ := b["OriginRequestPolicyId"].(map[string]any); ref == nil || !forwardsAllButHost[fmt.Sprint(ref["Ref"])] {
			t.Errorf("behaviour %s: OriginRequestPolicyId %s, want a policy forwarding every header but Host", pattern, jsonString(b["OriginRequestPolicyId"]))
		}
		want["OriginRequestPolicyId"] = b["OriginRequestPolicyId"]
		want["ViewerProtocolPolicy"] = "redirect-to-https"
		want["FunctionAssociations"] = qsFunction
		for key, v := range want {
			if jsonString(b[key]) != jsonString(v) {
				t.Errorf("behaviour %s: %s = %s, want %s", pattern, key, jsonString(b[key]), jsonString(v))
			}
		}
	}
	legacy := behaviours["/user/legacy/*"]
	for key, v := range map[string]any{
		"TargetOriginId":        legacyOrigin,
		"CachePolicyId":         cachingDisabledID,
		"OriginRequestPolicyId": allViewerExceptHostHeaderID,
		"AllowedMethods":        allMethods,
	} {
		if jsonString(legacy[key]) != jsonString(v) {
			t.Errorf("legacy behaviour: %s = %s, want %s", key, jsonString(legacy[key]), jsonString(v))
		}
	}
	if fa := legacy["FunctionAssociations"]; jsonString(fa) != jsonString(fhFunction) {
		t.Errorf("legacy behaviour has FunctionAssociations %s, want the forwarded-host function alone", jsonString(fa))
	}
	if fa := config["DefaultCacheBehavior"].(map[string]any)["FunctionAssociations"]; jsonString(fa) != jsonString(fhFunction) {
		t.Errorf("default behaviour has FunctionAssociations %s, want the forwarded-host function alone", jsonString(fa))
	}
}

func TestEdgeDistributionOverrides(t *testing.T) {
	stack := newTestStack(t, nil)
	api := newRoutedApi(t, stack)
	own := awscloudfront.NewFunction(stack, jsii.String("Own"), &awscloudfront.FunctionProps{
		Code:    awscloudfront.FunctionCode_FromInline(jsii.String("function handler(event) { return event.request; }")),
		Runtime: awscloudfront.FunctionRuntime_JS_2_0(),
	})
	logs := awss3.Bucket_FromBucketName(stack, jsii.String("Logs"), jsii.String("central-cloudfront-logs"))
	edge := constructs.NewEdgeDistribution(stack, jsii.String("Edge"), &constructs.EdgeDistributionProps{
		LegacyDomainName:        jsii.String("legacy.example.com"),
		LegacyProtocolPolicy:    awscloudfront.OriginProtocolPolicy_MATCH_VIEWER,
		ProxyApi:                api,
		ApiReadTimeout:          awscdk.Duration_Seconds(jsii.Number(45)),
		ApiFunctionAssociations: &[]*awscloudfront.FunctionAssociation{{EventType: awscloudfront.FunctionEventType_VIEWER_REQUEST, Function: own}},
		LogBucket:               logs,
		LogFilePrefix:           jsii.String("edge/"),
		Comment:                 jsii.String("test distribution"),
	})
	edge.AddApiRoute("/user/*", nil)
	tpl := templateOf(t, stack)

	tpl.count("AWS::S3::Bucket", 0)
	_, dist := tpl.only("AWS::CloudFront::Distribution", nil)
	if logging := jsonString(properties(dist)["DistributionConfig"].(map[string]any)["Logging"]); !strings.Contains(logging, "central-cloudfront-logs") {
		t.Errorf("Logging = %s, want the given bucket", logging)
	}
	tpl.count("AWS::CloudFront::Function", 2) // ours, not the query string one; the forwarded-host one
	if edge.LogBucket != logs {
		t.Errorf("edge.LogBucket is not the given bucket")
	}
	tpl.has("AWS::CloudFront::Distribution", map[string]any{
		"DistributionConfig": assertions.Match_ObjectLike(&map[string]any{
			"Comment": "test distribution",
			"Logging": map[string]any{"Bucket": assertions.Match_AnyValue(), "Prefix": "edge/"},
			"Origins": assertions.Match_ArrayWith(&[]any{
				assertions.Match_ObjectLike(&map[string]any{
					"DomainName":         "legacy.example.com",
					"CustomOriginConfig": assertions.Match_ObjectLike(&map[string]any{"OriginProtocolPolicy": "match-viewer"}),
				}),
				assertions.Match_ObjectLike(&map[string]any{
					"CustomOriginConfig": assertions.Match_ObjectLike(&map[string]any{"OriginReadTimeout": 45}),
				}),
			}),
			"CacheBehaviors": []any{assertions.Match_ObjectLike(&map[string]any{
				"PathPattern": "/user/*",
				"FunctionAssociations": []any{map[string]any{
					"EventType":   "viewer-request",
					"FunctionARN": getAtt(logicalID(stack, own), "FunctionARN"),
				}},
			})},
		}),
	})
}

func TestMigrationMonitoringProps(t *testing.T) {
	stack := newTestStack(t, nil)
	monitoring := constructs.NewMigrationMonitoring(stack, jsii.String("Monitoring"), &constructs.MigrationMonitoringProps{
		AlarmEmail:               jsii.String("ops@example.com"),
		RegionalConcurrencyQuota: jsii.Number(3000),
		ConcurrencyAlarmPercent:  jsii.Number(90),
		DashboardName:            jsii.String("strangler"),
	})
	api := newRoutedApi(t, stack)
	fn := constructs.NewApiFunction(stack, jsii.String("User"), &constructs.ApiFunctionProps{Entry: jsii.String(helloEntry)})
	monitoring.WatchFunction("User", fn)
	monitoring.WatchApi(api)

	// A second monitoring on a given topic, alarming at 50% of timeouts.
	topic := awssns.NewTopic(stack, jsii.String("Given"), nil)
	half := constructs.NewMigrationMonitoring(stack, jsii.String("Half"), &constructs.MigrationMonitoringProps{
		Topic:               topic,
		AlarmEmail:          jsii.String("ignored@example.com"), // only for a new topic
		LatencyAlarmPercent: jsii.Number(50),
	})
	half.WatchFunction("User", fn)
	half.WatchApi(api)
	tpl := templateOf(t, stack)

	topicRef := []any{ref(logicalID(stack, monitoring.Topic))}
	tpl.count("AWS::SNS::Topic", 2)
	tpl.count("AWS::SNS::Subscription", 1)
	tpl.has("AWS::SNS::Subscription", map[string]any{"Protocol": "email", "Endpoint": "ops@example.com", "TopicArn": topicRef[0]})
	tpl.has("AWS::CloudWatch::Dashboard", map[string]any{"DashboardName": "strangler"})

	// The new topic is encrypted with a rotated customer managed key that
	// CloudWatch may use (alarms cannot publish under alias/aws/sns); the
	// given topic is left as it is, and no key is made for it.
	if monitoring.TopicKey == nil || half.TopicKey != nil {
		t.Fatalf("TopicKey = %v and %v, want a key for the new topic only", monitoring.TopicKey, half.TopicKey)
	}
	keyID := logicalID(stack, monitoring.TopicKey)
	tpl.count("AWS::KMS::Key", 1)
	tpl.has("AWS::SNS::Topic", map[string]any{"KmsMasterKeyId": map[string]any{"Fn::GetAtt": []any{keyID, "Arn"}}})
	tpl.has("AWS::KMS::Key", map[string]any{"EnableKeyRotation": true, "KeyPolicy": assertions.Match_ObjectLike(&map[string]any{
		"Statement": assertions.Match_ArrayWith(&[]any{map[string]any{
			"Sid": "CloudWatchAlarmsPublish", "Effect": "Allow", "Principal": map[string]any{"Service": "cloudwatch.amazonaws.com"},
			"Action": []any{"kms:Decrypt", "kms:GenerateDataKey*"}, "Resource": "*",
		}}),
	})})

	tpl.has("AWS::CloudWatch::Alarm", map[string]any{"MetricName": "ConcurrentExecutions", "Threshold": 2700, "AlarmActions": topicRef})

	// The function's own alarms (on its live alias) notify both topics.
	fnDims := assertions.Match_ArrayWith(&[]any{map[string]any{"Name": "FunctionName", "Value": ref(logicalID(stack, fn.Function))}})
	bothTopics := []any{ref(logicalID(stack, monitoring.Topic)), ref(logicalID(stack, topic))}
	for _, want := range functionAlarmWants() {
		want["Dimensions"] = fnDims
		want["Period"] = 60
		want["ComparisonOperator"] = "GreaterThanThreshold"
		want["TreatMissingData"] = "notBreaching"
		want["AlarmActions"] = bothTopics
		tpl.has("AWS::CloudWatch::Alarm", want)
	}
	apiDims := []any{map[string]any{"Name": "ApiName", "Value": assertions.Match_AnyValue()}}
	tpl.has("AWS::CloudWatch::Alarm", map[string]any{
		"Namespace": "AWS/ApiGateway", "MetricName": "5XXError", "Dimensions": apiDims,
		"Statistic": "Sum", "Threshold": 5, "Period": 60, "AlarmActions": topicRef,
	})
	tpl.has("AWS::CloudWatch::Alarm", map[string]any{
		"Namespace": "AWS/ApiGateway", "MetricName": "IntegrationLatency", "Dimensions": apiDims,
		"ExtendedStatistic": "p99", "Threshold": 23200, "Period": 60, "AlarmActions": topicRef,
	})

	// The second monitoring: its topic, half of the 29 s integration timeout.
	tpl.has("AWS::CloudWatch::Alarm", map[string]any{
		"MetricName": "IntegrationLatency", "Threshold": 14500, "AlarmActions": []any{ref(logicalID(stack, topic))},
	})
	// Account 1 + API 2 each, the watched function's 3 shared by both, and
	// the 3 of the function behind newRoutedApi's route.
	tpl.count("AWS::CloudWatch::Alarm", 12)
	if len(monitoring.Alarms) != 6 || len(half.Alarms) != 6 {
		t.Errorf("Alarms = %d and %d, want 6 and 6", len(monitoring.Alarms), len(half.Alarms))
	}

	_, dashboard := tpl.only("AWS::CloudWatch::Dashboard", map[string]any{"DashboardName": "strangler"})
	body := jsonString(properties(dashboard)["DashboardBody"])
	for _, title := range []string{"User: invocations, errors, throttles", "User: p99 duration (ms)", "API Gateway: p99 integration latency (ms)"} {
		if !strings.Contains(body, title) {
			t.Errorf("dashboard has no widget %q: %s", title, body)
		}
	}
}

// WatchDistribution: CloudFront's metrics exist only in us-east-1.
func TestWatchDistributionRegions(t *testing.T) {
	build := func(t *testing.T, env *awscdk.Environment) (awscdk.Stack, *testTemplate) {
		stack := newTestStack(t, env)
		edge := constructs.NewEdgeDistribution(stack, jsii.String("Edge"), &constructs.EdgeDistributionProps{LegacyDomainName: jsii.String("legacy.example.com")})
		monitoring := constructs.NewMigrationMonitoring(stack, jsii.String("Monitoring"), nil)
		monitoring.WatchDistribution(edge)
		tpl := templateOf(t, stack)
		_, dashboard := tpl.only("AWS::CloudWatch::Dashboard", nil)
		body := jsonString(properties(dashboard)["DashboardBody"])
		for _, s := range []string{`AWS/CloudFront`, `5xxErrorRate`, `Requests`, `Global`, `us-east-1`} {
			if !strings.Contains(body, s) {
				t.Errorf("dashboard has no CloudFront widget with %q: %s", s, body)
			}
		}
		return stack, tpl
	}
	edgeAlarm := map[string]any{
		"Namespace":  "AWS/CloudFront",
		"MetricName": "5xxErrorRate",
		"Statistic":  "Average",
		"Threshold":  5,
		"Dimensions": assertions.Match_ArrayWith(&[]any{map[string]any{"Name": "Region", "Value": "Global"}}),
	}

	t.Run("region decided at deploy time", func(t *testing.T) {
		_, tpl := build(t, nil)
		tpl.count("AWS::CloudWatch::Alarm", 2)
		_, alarm := tpl.only("AWS::CloudWatch::Alarm", edgeAlarm)
		condition, _ := alarm["Condition"].(string)
		if condition == "" {
			t.Fatalf("CloudFront alarm has no Condition: %s", jsonString(alarm))
		}
		conditions, _ := tpl.json["Conditions"].(map[string]any)
		want := map[string]any{"Fn::Equals": []any{ref("AWS::Region"), "us-east-1"}}
		if jsonString(conditions[condition]) != jsonString(want) {
			t.Errorf("condition %s = %s, want %s", condition, jsonString(conditions[condition]), jsonString(want))
		}
		// The account concurrency alarm is unconditional.
		_, concurrency := tpl.only("AWS::CloudWatch::Alarm", map[string]any{"MetricName": "ConcurrentExecutions"})
		if c, ok := concurrency["Condition"]; ok {
			t.Errorf("concurrency alarm has Condition %v, want none", c)
		}
	})

	t.Run("us-east-1", func(t *testing.T) {
		_, tpl := build(t, &awscdk.Environment{Region: jsii.String("us-east-1")})
		tpl.count("AWS::CloudWatch::Alarm", 2)
		_, alarm := tpl.only("AWS::CloudWatch::Alarm", edgeAlarm)
		if c, ok := alarm["Condition"]; ok {
			t.Errorf("CloudFront alarm in us-east-1 has Condition %v, want none", c)
		}
		if c, ok := tpl.json["Conditions"]; ok {
			t.Errorf("template has Conditions %s, want none", jsonString(c))
		}
	})

	t.Run("eu-west-1", func(t *testing.T) {
		_, tpl := build(t, &awscdk.Environment{Region: jsii.String("eu-west-1")})
		tpl.count("AWS::CloudWatch::Alarm", 1) // the concurrency alarm only
		if n := len(tpl.find("AWS::CloudWatch::Alarm", map[string]any{"Namespace": "AWS/CloudFront"})); n != 0 {
			t.Errorf("%d CloudFront alarms outside us-east-1, want 0", n)
		}
	})
}

// newRoutedApi is a ProxyApi with one route, so that it synthesizes.
func newRoutedApi(t *testing.T, stack awscdk.Stack) *constructs.ProxyApi {
	t.Helper()
	api := constructs.NewProxyApi(stack, jsii.String("Api"), nil)
	fn := constructs.NewApiFunction(stack, jsii.String("RouteFn"), &constructs.ApiFunctionProps{Entry: jsii.String(helloEntry)})
	api.AddRoute("/user/{id}", []string{"GET"}, fn.Alias, nil)
	return api
}

// onlyID is the logical ID of the only resource of type typ.
func onlyID(tpl *testTemplate, typ string) string {
	tpl.t.Helper()
	id, _ := tpl.only(typ, nil)
	return id
}
