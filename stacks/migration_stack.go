// Package stacks wires the route manifest to the constructs: it reads no
// files and knows no AWS rule that a construct or the manifest already owns.
package stacks

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigateway"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscertificatemanager"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfront"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	awsconstructs "github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/constructs"
	"github.com/strangler-fig/strangler/manifest"
)

// MigrationStackProps are the stack's props plus the loaded manifest.
type MigrationStackProps struct {
	awscdk.StackProps
	// Manifest, from manifest.Load. Required.
	Manifest *manifest.Manifest
}

// MigrationStack holds what tests and callers may want to reach.
type MigrationStack struct {
	awscdk.Stack
	Network    *constructs.LambdaNetwork
	Api        *constructs.ProxyApi // nil when no route has a function yet
	Functions  map[string]*constructs.ApiFunction
	Edge       *constructs.EdgeDistribution
	Monitoring *constructs.MigrationMonitoring
}

// NewMigrationStack builds the whole migration from a manifest.
func NewMigrationStack(scope awsconstructs.Construct, id string, props *MigrationStackProps) *MigrationStack {
	m := props.Manifest
	sp := props.StackProps
	if sp.Description == nil {
		sp.Description = jsii.String(fmt.Sprintf("Strangler-fig migration of %s to Lambda, route by route", m.Legacy.DomainName))
	}
	s := &MigrationStack{Stack: awscdk.NewStack(scope, jsii.String(id), &sp), Functions: map[string]*constructs.ApiFunction{}}

	s.Network = constructs.NewLambdaNetwork(s.Stack, jsii.String("Network"), networkProps(s.Stack, m.Network))
	s.Monitoring = constructs.NewMigrationMonitoring(s.Stack, jsii.String("Monitoring"), &constructs.MigrationMonitoringProps{
		AlarmEmail:               optional(m.Alarms.Email),
		RegionalConcurrencyQuota: jsii.Number(float64(m.Lambda.RegionalConcurrencyQuota)),
		ConcurrencyAlarmPercent:  jsii.Number(float64(m.Alarms.ConcurrencyPercent)),
	})
	integrationTimeout := awscdk.Duration_Seconds(jsii.Number(float64(m.APIGateway.IntegrationTimeoutSeconds)))

	functions := m.Functions()
	checkFunctionIDs(functions)
	entries := make([]string, len(functions))
	for i, f := range functions {
		entries[i] = f.Dir
	}
	if err := constructs.BuildAll(entries); err != nil {
		panic(err) // main prints it; the compiler's words say what to fix
	}
	var sharedRole awsiam.IRole
	for _, f := range functions {
		env := map[string]*string{}
		for k, v := range f.Environment {
			env[k] = jsii.String(v)
		}
		for k, arn := range f.Secrets {
			env[k] = jsii.String(arn)
		}
		// Functions without secrets share one role; a function that reads a
		// secret gets its own, so no other function can read it.
		var role awsiam.IRole
		if len(f.Secrets) == 0 {
			if sharedRole == nil {
				sharedRole = newSharedRole(s.Stack)
			}
			role = sharedRole
		}
		var reserved *float64
		if f.ReservedConcurrency != nil {
			reserved = jsii.Number(float64(*f.ReservedConcurrency))
		}
		fn := constructs.NewApiFunction(s.Stack, jsii.String(pascal(f.Name)), &constructs.ApiFunctionProps{
			Entry:                        jsii.String(f.Dir),
			FunctionName:                 jsii.String(f.FunctionName),
			MemorySize:                   jsii.Number(float64(f.MemoryMiB)),
			Timeout:                      awscdk.Duration_Seconds(jsii.Number(float64(f.TimeoutSeconds))),
			IntegrationTimeout:           integrationTimeout,
			ReservedConcurrentExecutions: reserved,
			Environment:                  &env,
			Vpc:                          s.Network.Vpc,
			VpcSubnets:                   s.Network.Subnets,
			SecurityGroups:               &[]awsec2.ISecurityGroup{s.Network.SecurityGroup},
			Role:                         role,
			LogRetention:                 retentionDays[f.LogRetentionDays],
		})
		for _, k := range slices.Sorted(maps.Keys(f.Secrets)) {
			arn := f.Secrets[k]
			// The ARN in a manifest may lack Secrets Manager's random suffix.
			fn.Function.AddToRolePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
				Actions:   jsii.Strings("secretsmanager:GetSecretValue"),
				Resources: jsii.Strings(arn, arn+"-??????"),
			}))
		}
		s.Functions[f.Name] = fn
		s.Monitoring.WatchFunction(pascal(f.Name), fn)
	}

	if len(functions) > 0 {
		s.Api = constructs.NewProxyApi(s.Stack, jsii.String("Api"), &constructs.ProxyApiProps{
			RestApiName:          jsii.String(id),
			StageName:            jsii.String(m.APIGateway.StageName),
			ThrottlingRateLimit:  jsii.Number(m.APIGateway.ThrottleRateLimit),
			ThrottlingBurstLimit: jsii.Number(float64(m.APIGateway.ThrottleBurstLimit)),
			IntegrationTimeout:   integrationTimeout,
			ExecutionLogLevel:    awsapigateway.MethodLoggingLevel(m.APIGateway.ExecutionLogLevel),
			CloudWatchRole:       m.APIGateway.ManageAccountLoggingRole,
		})
		// Every route with a function is on API Gateway, legacy ones too:
		// rolling back or forward is then a CloudFront change only.
		for _, r := range m.Routes {
			if r.Function != "" {
				s.Api.AddRoute(r.Path, apiMethods(r.Methods), s.Functions[r.Function].Function)
			}
		}
		s.Monitoring.WatchApi(s.Api)
	}

	edgeProps := &constructs.EdgeDistributionProps{
		LegacyDomainName:     jsii.String(m.Legacy.DomainName),
		LegacyProtocolPolicy: awscloudfront.OriginProtocolPolicy(strings.ToUpper(strings.ReplaceAll(m.Legacy.Protocol, "-", "_"))),
		LegacyReadTimeout:    awscdk.Duration_Seconds(jsii.Number(float64(m.Legacy.ReadTimeoutSeconds))),
		ApiReadTimeout:       awscdk.Duration_Seconds(jsii.Number(float64(m.CloudFront.OriginResponseTimeoutSeconds))),
		LogRetention:         awscdk.Duration_Days(jsii.Number(float64(m.CloudFront.LogRetentionDays))),
	}
	if s.Api != nil {
		edgeProps.Api = s.Api.Api
	}
	if c := m.CloudFront; len(c.DomainNames) > 0 {
		edgeProps.DomainNames = jsii.Strings(c.DomainNames...)
		edgeProps.Certificate = awscertificatemanager.Certificate_FromCertificateArn(s.Stack, jsii.String("EdgeCertificate"), jsii.String(c.CertificateARN))
	}
	s.Edge = constructs.NewEdgeDistribution(s.Stack, jsii.String("Edge"), edgeProps)
	behaviors, _ := m.EdgeBehaviors() // conflicts were reported by manifest.Load
	for _, b := range behaviors {
		if b.Target == manifest.TargetLegacy {
			s.Edge.AddLegacyRoute(b.Pattern)
			continue
		}
		opts := &constructs.ApiRouteOptions{Cache: constructs.CacheMode(b.Cache), AllowedMethods: allowedMethods(b.Methods)}
		if b.Cache != manifest.CacheNone {
			opts.CacheTtl = awscdk.Duration_Seconds(jsii.Number(float64(b.CacheTTLSeconds)))
		}
		s.Edge.AddApiRoute(b.Pattern, opts)
	}
	s.Monitoring.WatchDistribution(s.Edge)

	output(s.Stack, "EdgeDomainName", s.Edge.Distribution.DistributionDomainName(), "Point the API's DNS name here (CNAME/alias) to start the migration")
	output(s.Stack, "LogBucketName", s.Edge.LogBucket.BucketName(), "CloudFront access logs, under cloudfront/: input of the migration planner")
	output(s.Stack, "AlarmTopicArn", s.Monitoring.Topic.TopicArn(), "Subscribe here to get the migration's alarms")
	output(s.Stack, "DashboardName", s.Monitoring.Dashboard.DashboardName(), "CloudWatch dashboard of the migration")
	return s
}

// stackIDs are the construct IDs the stack uses itself; a function's ID
// (its name in PascalCase) must not be one of them.
var stackIDs = []string{"Network", "ExistingVpc", "ExistingSecurityGroup", "Monitoring", "SharedFunctionRole",
	"Api", "Edge", "EdgeCertificate", "EdgeDomainName", "LogBucketName", "AlarmTopicArn", "DashboardName"}

func checkFunctionIDs(functions []*manifest.Function) {
	for _, f := range functions {
		if id := pascal(f.Name); slices.Contains(stackIDs, id) {
			panic(fmt.Sprintf("function %q would take the construct ID %s, which the stack uses for itself; rename the function (e.g. api-%s)", f.Name, id, f.Name))
		}
	}
}

func networkProps(scope awsconstructs.Construct, n manifest.Network) *constructs.LambdaNetworkProps {
	if e := n.Existing; e != nil {
		// By IDs, not Vpc.fromLookup: synth needs no AWS account.
		p := &constructs.LambdaNetworkProps{
			Vpc: awsec2.Vpc_FromVpcAttributes(scope, jsii.String("ExistingVpc"), &awsec2.VpcAttributes{
				VpcId:             jsii.String(e.VpcID),
				AvailabilityZones: jsii.Strings(e.AvailabilityZones...),
				PrivateSubnetIds:  jsii.Strings(e.PrivateSubnetIDs...),
			}),
		}
		if e.SecurityGroupID != "" {
			p.SecurityGroup = awsec2.SecurityGroup_FromSecurityGroupId(scope, jsii.String("ExistingSecurityGroup"), jsii.String(e.SecurityGroupID), nil)
		}
		return p
	}
	return &constructs.LambdaNetworkProps{
		Cidr:                  jsii.String(n.CIDR),
		MaxAzs:                jsii.Number(float64(n.MaxAZs)),
		PrivateSubnetCidrMask: jsii.Number(float64(n.PrivateSubnetPrefix)),
		NatGateways:           jsii.Number(float64(*n.NatGateways)),
	}
}

func newSharedRole(scope awsconstructs.Construct) awsiam.IRole {
	return awsiam.NewRole(scope, jsii.String("SharedFunctionRole"), &awsiam.RoleProps{
		AssumedBy:   awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil),
		Description: jsii.String("Shared by the API Lambdas that read no secrets: logs and VPC network interfaces only"),
		ManagedPolicies: &[]awsiam.IManagedPolicy{
			awsiam.ManagedPolicy_FromAwsManagedPolicyName(jsii.String("service-role/AWSLambdaBasicExecutionRole")),
			awsiam.ManagedPolicy_FromAwsManagedPolicyName(jsii.String("service-role/AWSLambdaVPCAccessExecutionRole")),
		},
	})
}

// apiMethods adds HEAD beside GET: CloudFront cannot allow GET without
// HEAD, and without the method API Gateway would answer HEAD with a 403.
func apiMethods(methods []string) []string {
	if slices.Contains(methods, "GET") && !slices.Contains(methods, "HEAD") {
		return append(slices.Clone(methods), "HEAD")
	}
	return methods
}

// allowedMethods is the narrowest CloudFront method set covering the routes.
func allowedMethods(methods []string) awscloudfront.AllowedMethods {
	for _, m := range methods {
		if !slices.Contains([]string{"GET", "HEAD", "OPTIONS"}, m) {
			return awscloudfront.AllowedMethods_ALLOW_ALL()
		}
	}
	if slices.Contains(methods, "OPTIONS") {
		return awscloudfront.AllowedMethods_ALLOW_GET_HEAD_OPTIONS()
	}
	return awscloudfront.AllowedMethods_ALLOW_GET_HEAD()
}

// retentionDays maps the manifest's day counts (the only ones CloudWatch
// Logs accepts, checked by manifest.Load) to CDK's enum.
var retentionDays = map[int]awslogs.RetentionDays{
	1: awslogs.RetentionDays_ONE_DAY, 3: awslogs.RetentionDays_THREE_DAYS, 5: awslogs.RetentionDays_FIVE_DAYS,
	7: awslogs.RetentionDays_ONE_WEEK, 14: awslogs.RetentionDays_TWO_WEEKS, 30: awslogs.RetentionDays_ONE_MONTH,
	60: awslogs.RetentionDays_TWO_MONTHS, 90: awslogs.RetentionDays_THREE_MONTHS, 120: awslogs.RetentionDays_FOUR_MONTHS,
	150: awslogs.RetentionDays_FIVE_MONTHS, 180: awslogs.RetentionDays_SIX_MONTHS, 365: awslogs.RetentionDays_ONE_YEAR,
	400: awslogs.RetentionDays_THIRTEEN_MONTHS, 545: awslogs.RetentionDays_EIGHTEEN_MONTHS, 731: awslogs.RetentionDays_TWO_YEARS,
	1096: awslogs.RetentionDays_THREE_YEARS, 1827: awslogs.RetentionDays_FIVE_YEARS, 2192: awslogs.RetentionDays_SIX_YEARS,
	2557: awslogs.RetentionDays_SEVEN_YEARS, 2922: awslogs.RetentionDays_EIGHT_YEARS, 3288: awslogs.RetentionDays_NINE_YEARS,
	3653: awslogs.RetentionDays_TEN_YEARS,
}

func output(scope awsconstructs.Construct, id string, value *string, description string) {
	awscdk.NewCfnOutput(scope, jsii.String(id), &awscdk.CfnOutputProps{Value: value, Description: jsii.String(description)})
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return jsii.String(s)
}

var wordBreak = regexp.MustCompile(`[^A-Za-z0-9]+`)

// pascal turns "api-user-id" into "ApiUserId": a construct ID that stays
// the same when other routes come and go, so `cdk diff` renames nothing.
func pascal(name string) string {
	var b strings.Builder
	for _, w := range wordBreak.Split(name, -1) {
		if w != "" {
			b.WriteString(strings.ToUpper(w[:1]) + w[1:])
		}
	}
	return b.String()
}
