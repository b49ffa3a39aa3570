// Package stacks wires the route manifest to the constructs: it reads no
// files and knows no AWS rule that a construct or the manifest already owns.
package stacks

import (
	"fmt"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigateway"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscertificatemanager"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfront"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscodedeploy"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	awsconstructs "github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/awslimits"
	"github.com/strangler-fig/strangler/constructs"
	"github.com/strangler-fig/strangler/internal/memo"
	"github.com/strangler-fig/strangler/manifest"
)

// MigrationStackProps are the stack's props plus the loaded manifest.
type MigrationStackProps struct {
	awscdk.StackProps
	// Manifest, from manifest.Load. Required.
	Manifest *manifest.Manifest
	// QuotaWatchEntry is the folder of the quota watch's main package.
	// Default: QuotaWatchPackage's folder, as `go list` finds it from the
	// current directory (this module, or a module that imports it).
	QuotaWatchEntry *string
}

// QuotaWatchPackage is the scheduled Lambda that publishes quota utilisation.
const QuotaWatchPackage = "github.com/strangler-fig/strangler/lambdas/quota-watch"

// MigrationStack holds what tests and callers may want to reach.
//
// The stack itself holds what is shared (network, REST API with its
// resource tree and stage, CloudFront, monitoring, shared roles); each
// function, with its alias, rollout, alarms and API methods, lives in the
// nested stack its manifest entry names (`stack`, by default the first
// path segment): CloudFormation allows 500 resources per stack, and a
// grouping by name means adding a route never moves another one.
type MigrationStack struct {
	awscdk.Stack
	Network   *constructs.LambdaNetwork
	Api       *constructs.ProxyApi // nil when no route has a function yet
	Functions map[string]*constructs.ApiFunction
	Edge      *constructs.EdgeDistribution
	// LogAnalytics: logging v2 in Parquet, its Glue table and Athena workgroup.
	LogAnalytics *constructs.AccessLogAnalytics
	// Cutover is the viewer-request function of migrated behaviours and
	// its store of route weights; nil when no route has a function yet.
	Cutover    *constructs.CutoverFunction
	Monitoring *constructs.MigrationMonitoring
	QuotaWatch *constructs.QuotaWatch
	// DatabaseProxies are the RDS Proxies the stack creates, by database name.
	DatabaseProxies map[string]*constructs.DatabaseProxy
	// DatabaseAlarms are each database's connection alarms (the quota
	// watch's on the database and its proxy), by database name; a
	// function's database is manifest.Function.Database().
	DatabaseAlarms map[string][]awscloudwatch.Alarm
	// CutoverFallback sends routes back to the monolith when their alarms
	// fire; nil when no route has a function yet.
	CutoverFallback *constructs.CutoverFallback
	// RouteStacks are the nested stacks, by their manifest name.
	RouteStacks map[string]awscdk.NestedStack
	// OriginSecret is the header CloudFront sends the monolith.
	OriginSecret *constructs.OriginSecret
	// Authorizers authenticate callers, by manifest auth mode (jwt, delegate).
	Authorizers map[string]*constructs.CallerAuthorizer
	// WebAcl is the web ACL made from cloudFront.webAcl (nil without).
	WebAcl *constructs.WebAcl
	// OriginKeyRotation replaces the origin key on a schedule (nil with
	// apiGateway.originKeyRotationDays 0 or no API).
	OriginKeyRotation *constructs.OriginKeyRotation

	api5XX awscloudwatch.Alarm
	// functionStacks: the nested stack of each function, by function name.
	functionStacks  map[string]awscdk.Stack
	quotaWatchEntry string
}

// NewMigrationStack builds the whole migration from a manifest.
func NewMigrationStack(scope awsconstructs.Construct, id string, props *MigrationStackProps) *MigrationStack {
	m := props.Manifest
	sp := props.StackProps
	if sp.Description == nil {
		sp.Description = jsii.String(fmt.Sprintf("Strangler-fig migration of %s to Lambda, route by route", m.Legacy.DomainName))
	}
	functions := m.Functions()
	quotaWatchEntry := props.QuotaWatchEntry
	if quotaWatchEntry == nil {
		quotaWatchEntry = jsii.String(packageDir(QuotaWatchPackage))
	}
	viaAPIGateway := slices.ContainsFunc(m.Routes, func(r manifest.Route) bool { return r.Via == manifest.ViaAPIGateway })
	rotates := *m.APIGateway.OriginKeyRotationDays > 0 && (len(functions) > 0 || viaAPIGateway)
	// Every Lambda the stack holds, built at once in the background: the
	// check that each is up to date (go list, hashing its sources) is Go's
	// work, done while Node builds the network and monitoring.
	entries := []string{*quotaWatchEntry}
	for _, f := range functions {
		entries = append(entries, f.Dir)
	}
	if len(m.AuthModes()) > 0 {
		entries = append(entries, authorizerEntry(*quotaWatchEntry))
	}
	if rotates {
		entries = append(entries, rotationEntry(*quotaWatchEntry))
	}
	if len(functions) > 0 || viaAPIGateway { // the cut-over function, and its fallback
		entries = append(entries, fallbackEntry(*quotaWatchEntry))
	}
	if m.RotatesOriginSecret() {
		entries = append(entries, secretRotationEntry(*quotaWatchEntry))
	}
	built := make(chan error, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil { // reported where the stack waits, as before
				built <- fmt.Errorf("%v", r)
			}
		}()
		built <- constructs.BuildAll(entries)
	}()

	s := &MigrationStack{Stack: awscdk.NewStack(scope, jsii.String(id), &sp),
		Functions: map[string]*constructs.ApiFunction{}, RouteStacks: map[string]awscdk.NestedStack{},
		DatabaseProxies: map[string]*constructs.DatabaseProxy{}, functionStacks: map[string]awscdk.Stack{}, quotaWatchEntry: *quotaWatchEntry}
	for i, w := range m.Warnings() {
		awscdk.Annotations_Of(s.Stack).AddWarningV2(jsii.String(fmt.Sprintf("strangler:manifest:%d", i)), jsii.String(w))
	}

	netProps := networkProps(s.Stack, m.Network)
	netProps.SecretsManagerEndpoint = jsii.Bool(secretsManagerEndpoint(m))
	s.Network = constructs.NewLambdaNetwork(s.Stack, jsii.String("Network"), netProps)
	s.Monitoring = constructs.NewMigrationMonitoring(s.Stack, jsii.String("Monitoring"), &constructs.MigrationMonitoringProps{
		AlarmEmail:               optional(m.Alarms.Email),
		RegionalConcurrencyQuota: jsii.Number(float64(m.Lambda.RegionalConcurrencyQuota)),
		ConcurrencyAlarmPercent:  jsii.Number(float64(m.Alarms.ConcurrencyPercent)),
	})
	integrationTimeout := awscdk.Duration_Seconds(jsii.Number(float64(m.APIGateway.IntegrationTimeoutSeconds)))
	s.wireDatabases(m)

	// Built (or found built) while Node made the stack's first constructs.
	if err := <-built; err != nil {
		panic(err) // main prints it; the compiler's words say what to fix
	}
	var sharedRole awsiam.IRole
	var deployments awscodedeploy.ILambdaApplication
	var deploymentRole awsiam.IRole
	if len(functions) > 0 {
		deployments = awscodedeploy.NewLambdaApplication(s.Stack, jsii.String("Deployments"), nil)
		deploymentRole = constructs.NewLambdaDeploymentRole(s.Stack, jsii.String("DeploymentRole"), &constructs.LambdaDeploymentRoleProps{FunctionNames: functionNames(functions)})
	}
	for _, f := range functions {
		routeStack := s.routeStack(f.Stack)
		s.functionStacks[f.Name] = routeStack
		env := map[string]*string{}
		for k, v := range f.Environment {
			env[k] = jsii.String(v)
		}
		for k, arn := range f.Secrets {
			env[k] = jsii.String(arn)
		}
		// Functions without secrets share one role; a function that reads a
		// secret (or connects to a proxy with IAM) gets its own, so no other
		// function can read it (or connect).
		var role awsiam.IRole
		if len(f.Secrets) == 0 && !connectsWithIAM(m, f) {
			if sharedRole == nil {
				sharedRole = newSharedRole(s.Stack, m.Lambda.NamePrefix, sharingFunctions(m, functions), m.Observability.TracingOn())
			}
			role = sharedRole
		}
		var reserved *float64
		if f.ReservedConcurrency != nil {
			reserved = jsii.Number(float64(*f.ReservedConcurrency))
		}
		fn := constructs.NewApiFunction(routeStack, jsii.String(pascal(f.Name)), &constructs.ApiFunctionProps{
			Entry:                        jsii.String(f.Dir),
			FunctionName:                 jsii.String(f.FunctionName),
			MemorySize:                   jsii.Number(float64(f.MemoryMiB)),
			Timeout:                      seconds(f.TimeoutSeconds),
			IntegrationTimeout:           integrationTimeout,
			ReservedConcurrentExecutions: reserved,
			Environment:                  &env,
			Vpc:                          s.Network.Vpc,
			VpcSubnets:                   s.Network.Subnets,
			SecurityGroups:               &[]awsec2.ISecurityGroup{s.Network.SecurityGroup},
			Role:                         role,
			LogRetention:                 retentionDays[f.LogRetentionDays],
			Rollout:                      rollout(f.Rollout),
			RolloutIgnoresAlarms:         jsii.Bool(f.Rollout == manifest.RolloutEmergency),
			DeploymentApplication:        deployments,
			DeploymentRole:               deploymentRole,
			Tracing:                      jsii.Bool(m.Observability.TracingOn()),
		})
		for _, k := range slices.Sorted(maps.Keys(f.Secrets)) {
			arn := f.Secrets[k]
			// The ARN in a manifest may lack Secrets Manager's random suffix.
			fn.Function.AddToRolePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
				Actions:   jsii.Strings("secretsmanager:GetSecretValue"),
				Resources: jsii.Strings(arn, arn+"-??????"),
			}))
		}
		s.connectFunction(m, f, fn)
		s.Functions[f.Name] = fn
		s.Monitoring.WatchFunction(pascal(f.Name), fn)
	}

	s.newOriginSecret(m)
	if len(functions) > 0 || viaAPIGateway {
		var rotation *string
		if rotates {
			s.newOriginKeyRotation(m, rotationEntry(*quotaWatchEntry))
			rotation = s.OriginKeyRotation.Parameter.ValueAsString()
		}
		apiProps := &constructs.ProxyApiProps{
			OriginKeyRotation:    rotation,
			RestApiName:          jsii.String(id),
			StageName:            jsii.String(m.APIGateway.StageName),
			ThrottlingRateLimit:  jsii.Number(m.APIGateway.ThrottleRateLimit),
			ThrottlingBurstLimit: jsii.Number(float64(m.APIGateway.ThrottleBurstLimit)),
			IntegrationTimeout:   integrationTimeout,
			ExecutionLogLevel:    awsapigateway.MethodLoggingLevel(m.APIGateway.ExecutionLogLevel),
			CloudWatchRole:       m.APIGateway.ManageAccountLoggingRole,
			OriginKeyGeneration:  jsii.Number(float64(m.APIGateway.OriginKeyGeneration)),
			Tracing:              jsii.Bool(m.Observability.TracingOn()),
		}
		s.sendOriginSecretFromApi(apiProps, viaAPIGateway)
		s.Api = constructs.NewProxyApi(s.Stack, jsii.String("Api"), apiProps)
		s.newAuthorizers(m, authorizerEntry(*quotaWatchEntry))
		// Every route with a function is on API Gateway, legacy ones too:
		// rolling back or forward is then a CloudFront change only. Methods
		// live beside their function, in its nested stack.
		for _, r := range m.Routes {
			switch {
			case r.Function != "":
				fn := s.Functions[r.Function]
				opts := &constructs.RouteOptions{Scope: fn.Construct}
				if a := s.Authorizers[r.Auth]; a != nil {
					opts.Authorizer = a.Authorizer
				}
				s.Api.AddRoute(r.Path, apiMethods(r.Methods), fn.Alias, opts)
			case r.Via == manifest.ViaAPIGateway:
				// A monolith path that costs no CloudFront behaviour.
				s.Api.AddMonolithRoute(r.Path, []string{"ANY"}, manifest.LegacyURL(m.Legacy))
			}
		}
		s.api5XX = s.Monitoring.WatchApi(s.Api)
	}

	edgeProps := &constructs.EdgeDistributionProps{
		LegacyDomainName:     jsii.String(m.Legacy.DomainName),
		LegacyProtocolPolicy: awscloudfront.OriginProtocolPolicy(strings.ToUpper(strings.ReplaceAll(m.Legacy.Protocol, "-", "_"))),
		LegacyReadTimeout:    awscdk.Duration_Seconds(jsii.Number(float64(m.Legacy.ReadTimeoutSeconds))),
		ApiReadTimeout:       awscdk.Duration_Seconds(jsii.Number(float64(m.CloudFront.OriginResponseTimeoutSeconds))),
		LogRetention:         awscdk.Duration_Days(jsii.Number(float64(m.CloudFront.LogRetentionDays))),
		LegacyOriginHeaders:  &s.OriginSecret.Headers,
		SecurityHeaders:      securityHeaders(m.CloudFront.SecurityHeaders),
	}
	if arn := m.CloudFront.WebACLARN; arn != "" {
		edgeProps.WebAclId = jsii.String(arn)
	}
	if m.CloudFront.WebACL != nil {
		s.newWebAcl(m)
		edgeProps.WebAclId = s.WebAcl.Arn
	}
	if s.Api != nil {
		edgeProps.ProxyApi = s.Api // its origin key, and a wait for its usage-plan key
		// Every route with a function is weighed, rolled-back ones too, so
		// that rolling a route back or forward changes no function code.
		s.Cutover = constructs.NewCutoverFunction(s.Stack, jsii.String("Cutover"), &constructs.CutoverFunctionProps{Routes: cutoverRoutes(m)})
		edgeProps.ApiFunctionAssociations = &[]*awscloudfront.FunctionAssociation{s.Cutover.Association()}
	}
	if c := m.CloudFront; len(c.DomainNames) > 0 {
		edgeProps.DomainNames = jsii.Strings(c.DomainNames...)
		edgeProps.Certificate = awscertificatemanager.Certificate_FromCertificateArn(s.Stack, jsii.String("EdgeCertificate"), jsii.String(c.CertificateARN))
	}
	edgeProps.NoLegacyLogging = !m.CloudFront.KeepsLegacyLogging()
	s.Edge = constructs.NewEdgeDistribution(s.Stack, jsii.String("Edge"), edgeProps)
	keepResponseHeaders(s.Edge, m)
	behaviors, _ := m.EdgeBehaviors() // conflicts were reported by manifest.Load
	for _, b := range behaviors {
		if b.Target == manifest.TargetLegacy {
			s.Edge.AddLegacyRoute(b.Pattern)
			continue
		}
		opts := &constructs.ApiRouteOptions{Cache: constructs.CacheMode(b.Cache), AllowedMethods: allowedMethods(b.Methods), Cors: edgeCors(b.CORS)}
		if b.Cache != manifest.CacheNone {
			opts.CacheTtl = seconds(b.CacheTTLSeconds)
			opts.CacheQueryKeys = jsii.Strings(b.CacheQueryKeys...)
			if b.Cache == manifest.CachePerToken { // a public answer is the same for every caller
				opts.CacheCookies = jsii.Strings(m.SessionCookiesInCacheKey()...)
			}
		}
		s.Edge.AddApiRoute(b.Pattern, opts)
	}
	s.Monitoring.WatchDistribution(s.Edge)
	s.LogAnalytics = newLogAnalytics(s.Stack, s.Edge, m.CloudFront.KeepsLegacyLogging(), s.Monitoring.DistributionAlarmCondition)

	// The quotas a migration leans on, read every 5 minutes, alarmed at 80%.
	watch := &constructs.QuotaWatchProps{Entry: quotaWatchEntry, Vpc: s.Network.Vpc, Databases: s.watchedDatabases(m)}
	if s.Api != nil {
		watch.RestApi = s.Api.Api
		watch.StageName = jsii.String(m.APIGateway.StageName)
	}
	s.QuotaWatch = constructs.NewQuotaWatch(s.Stack, jsii.String("QuotaWatch"), watch)
	s.Monitoring.WatchQuotas(s.QuotaWatch, awslimits.QuotaWatchThresholdPercent)
	s.DatabaseAlarms = s.QuotaWatch.DatabaseAlarms
	if s.Cutover != nil {
		s.watchForFallback(m, functions, fallbackEntry(*quotaWatchEntry))
	}

	output(s.Stack, "EdgeDomainName", s.Edge.Distribution.DistributionDomainName(), "Point the API's DNS name here (CNAME/alias) to start the migration")
	output(s.Stack, "LogBucketName", s.Edge.LogBucket.BucketName(), "CloudFront access logs, under cloudfront/: input of the migration planner")
	if s.Cutover != nil {
		output(s.Stack, "CutoverStoreArn", s.Cutover.Store.KeyValueStoreArn(), "CloudFront KeyValueStore of each migrated route's share to Lambda: cutover status / shift")
	}
	s.newRollbackAlarm()
	output(s.Stack, "AlarmTopicArn", s.Monitoring.Topic.TopicArn(), "Subscribe here to get the migration's alarms")
	output(s.Stack, "DashboardName", s.Monitoring.Dashboard.DashboardName(), "CloudWatch dashboard of the migration")
	suppressStackFindings(s)
	checkLimits(s)
	return s
}

// CutoverFallbackFolder is the fallback Lambda's folder beside the quota
// watch's (lambdas/cutover-fallback): found without asking the go command.
const CutoverFallbackFolder = "cutover-fallback"

// watchForFallback: a function's Throttles or Errors alarm sends its routes
// back to the monolith, the API's 5XX alarm every route, a database's
// connection alarm the routes whose functions use it.
func (s *MigrationStack) watchForFallback(m *manifest.Manifest, functions []*manifest.Function, entry string) {
	s.CutoverFallback = constructs.NewCutoverFallback(s.Stack, jsii.String("CutoverFallback"), &constructs.CutoverFallbackProps{
		Entry: jsii.String(entry), Store: s.Cutover.Store, Topic: s.Monitoring.Topic,
		LogRetention: retentionDays[m.Lambda.LogRetentionDays],
	})
	var all []string
	byDatabase := map[string][]string{}
	for _, f := range functions {
		var routes []string
		for _, r := range f.Routes {
			routes = append(routes, r.Path)
			if r.Database != nil {
				byDatabase[r.Database.Name] = append(byDatabase[r.Database.Name], r.Path)
			}
		}
		all = append(all, routes...)
		fn := s.Functions[f.Name]
		// Beside the function and its alarms, in its nested stack.
		s.CutoverFallback.Watch(fn.Construct, "Fallback", []awscloudwatch.IAlarm{fn.ThrottlesAlarm, fn.ErrorsAlarm}, routes)
	}
	if s.api5XX != nil {
		s.CutoverFallback.Watch(nil, "Api5XX", []awscloudwatch.IAlarm{s.api5XX}, all)
	}
	for _, db := range slices.Sorted(maps.Keys(s.DatabaseAlarms)) {
		if routes := byDatabase[db]; len(routes) > 0 {
			var alarms []awscloudwatch.IAlarm
			for _, a := range s.DatabaseAlarms[db] {
				alarms = append(alarms, a)
			}
			s.CutoverFallback.Watch(nil, "Database"+pascal(db), alarms, routes)
		}
	}
}

// cutoverRoutes: every route with a function, at its manifest weight, and
// the monolith paths served through API Gateway, not weighed (they must
// still shadow wider templates).
// fallbackEntry is the cut-over fallback's main package, beside the quota watch's.
func fallbackEntry(quotaWatchEntry string) string {
	return filepath.Join(filepath.Dir(quotaWatchEntry), CutoverFallbackFolder)
}

func cutoverRoutes(m *manifest.Manifest) []constructs.CutoverRoute {
	var out []constructs.CutoverRoute
	for i := range m.Routes {
		switch r := &m.Routes[i]; {
		case r.Function != "":
			out = append(out, constructs.CutoverRoute{Template: r.Path, Weight: r.LambdaWeight(), Cors: edgeCors(r.CORS)})
		case r.Via == manifest.ViaAPIGateway:
			out = append(out, constructs.CutoverRoute{Template: r.Path, Weight: -1})
		}
	}
	return out
}

// packageDir is the folder of a Go package, by import path.
func packageDir(pkg string) string {
	dir, err := constructs.PackageDir(pkg)
	if err != nil {
		panic(fmt.Sprintf("%v (run from inside this module or one that requires it, or set QuotaWatchEntry)", err))
	}
	return dir
}

// routeStack is the nested stack named name in the manifest, made on first use.
func (s *MigrationStack) routeStack(name string) awscdk.NestedStack {
	if ns, ok := s.RouteStacks[name]; ok {
		return ns
	}
	for other := range s.RouteStacks {
		if pascal(other) == pascal(name) {
			panic(fmt.Sprintf("manifest stacks %q and %q would both be the nested stack Routes%s; rename one (e.g. %q)", other, name, pascal(name), name+"x"))
		}
	}
	ns := awscdk.NewNestedStack(s.Stack, jsii.String("Routes"+pascal(name)), &awscdk.NestedStackProps{
		Description: jsii.String(fmt.Sprintf("API Lambdas of manifest stack %q: functions, live aliases, rollouts, alarms and API methods", name)),
	})
	s.RouteStacks[name] = ns
	return ns
}

// rollout is the CodeDeploy configuration named in the manifest, read
// from aws-cdk-lib once per name (a round trip to Node each time).
var rollout = memo.Func(func(name string) awscodedeploy.ILambdaDeploymentConfig { return rollouts[name]() })

// rollouts maps the manifest's rollout names (CodeDeploy's predefined
// Lambda configurations, checked by manifest.Load) to CDK's.
var rollouts = map[string]func() awscodedeploy.ILambdaDeploymentConfig{
	"Canary10Percent5Minutes":       awscodedeploy.LambdaDeploymentConfig_CANARY_10PERCENT_5MINUTES,
	"Canary10Percent10Minutes":      awscodedeploy.LambdaDeploymentConfig_CANARY_10PERCENT_10MINUTES,
	"Canary10Percent15Minutes":      awscodedeploy.LambdaDeploymentConfig_CANARY_10PERCENT_15MINUTES,
	"Canary10Percent30Minutes":      awscodedeploy.LambdaDeploymentConfig_CANARY_10PERCENT_30MINUTES,
	"Linear10PercentEvery1Minute":   awscodedeploy.LambdaDeploymentConfig_LINEAR_10PERCENT_EVERY_1MINUTE,
	"Linear10PercentEvery2Minutes":  awscodedeploy.LambdaDeploymentConfig_LINEAR_10PERCENT_EVERY_2MINUTES,
	"Linear10PercentEvery3Minutes":  awscodedeploy.LambdaDeploymentConfig_LINEAR_10PERCENT_EVERY_3MINUTES,
	"Linear10PercentEvery10Minutes": awscodedeploy.LambdaDeploymentConfig_LINEAR_10PERCENT_EVERY_10MINUTES,
	"AllAtOnce":                     awscodedeploy.LambdaDeploymentConfig_ALL_AT_ONCE,
	manifest.RolloutEmergency:       awscodedeploy.LambdaDeploymentConfig_ALL_AT_ONCE, // and alarms ignored
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

// secretsManagerEndpoint: what network.secretsManagerEndpoint says, or
// by default whether a new VPC's functions read secrets.
func secretsManagerEndpoint(m *manifest.Manifest) bool {
	if e := m.Network.SecretsManagerEndpoint; e != nil {
		return *e
	}
	if m.Network.Existing != nil {
		return false
	}
	for _, r := range m.Routes {
		if r.Function != "" && len(r.Secrets) > 0 {
			return true
		}
	}
	return false
}

// newSharedRole may write to the log groups of the functions sharing it
// (each by name while their ARNs fit IAM's role policy size, else
// /aws/lambda/<their common prefix>*) and manage their VPC network interfaces.
func newSharedRole(scope awsconstructs.Construct, namePrefix string, names []string, tracing bool) awsiam.IRole {
	return constructs.NewFunctionRole(scope, jsii.String("SharedFunctionRole"), &constructs.FunctionRoleProps{
		FunctionNames:      jsii.Strings(names...),
		FunctionNamePrefix: jsii.String(namePrefix),
		Vpc:                jsii.Bool(true),
		Tracing:            jsii.Bool(tracing),
		Description:        jsii.String("Shared by the API Lambdas that read no secrets: their logs and VPC network interfaces only"),
	})
}

// functionNames are the Lambda names of functions.
func functionNames(functions []*manifest.Function) []string {
	var names []string
	for _, f := range functions {
		names = append(names, f.FunctionName)
	}
	return names
}

// sharingFunctions are the names of the functions that share one role:
// those that read no secret and connect to no proxy with IAM.
func sharingFunctions(m *manifest.Manifest, functions []*manifest.Function) []string {
	var names []string
	for _, f := range functions {
		if len(f.Secrets) == 0 && !connectsWithIAM(m, f) {
			names = append(names, f.FunctionName)
		}
	}
	return names
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
