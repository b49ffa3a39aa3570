package constructs

import (
	"fmt"
	"regexp"
	"strconv"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigateway"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/aws-cdk-go/awscdk/v2/awseventstargets"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	awsconstructs "github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/awslimits"
)

// DefaultQuotaNamespace is the CloudWatch namespace of the quota metrics.
const DefaultQuotaNamespace = awslimits.QuotaWatchNamespace

// Values of the Quota dimension of the quota watch metrics (the same as
// package lambdas/quotawatch publishes).
const (
	QuotaLambdaConcurrency         = awslimits.QuotaLambdaConcurrency
	QuotaLambdaReservedConcurrency = awslimits.QuotaLambdaReservedConcurrency
	QuotaNetworkInterfaces         = awslimits.QuotaNetworkInterfaces
	QuotaSubnetAddresses           = awslimits.QuotaSubnetAddresses
	QuotaApiGatewayThrottleRate    = awslimits.QuotaApiGatewayThrottleRate
	// QuotaLambdaNetworkInterfaces is Lambda's share of NetworkInterfaces
	// (its interfaces in the VPC, against the same regional quota): for
	// graphs, without an alarm (it never exceeds NetworkInterfaces, which
	// has one).
	QuotaLambdaNetworkInterfaces = awslimits.QuotaLambdaNetworkInterfaces
	// QuotaDatabaseConnections is a database's connections against its
	// max_connections; QuotaProxyDatabaseConnections its RDS Proxy's
	// connections to it against the proxy's share (both alarmed);
	// QuotaProxyClientConnections the functions' connections to the proxy
	// against the most they can open (graphed only). Each has the
	// dimension Database.
	QuotaDatabaseConnections      = awslimits.QuotaDatabaseConnections
	QuotaProxyDatabaseConnections = awslimits.QuotaProxyDatabaseConnections
	QuotaProxyClientConnections   = awslimits.QuotaProxyClientConnections
)

// QuotaWatchDatabase is a database whose connections the quota watch reads.
type QuotaWatchDatabase struct {
	// Name of the database: the Database dimension of its metrics. Required.
	Name string
	// InstanceIdentifier of an RDS DB instance, or ClusterIdentifier of an
	// Aurora cluster: whose AWS/RDS DatabaseConnections is read against
	// MaxConnections. Neither: only its proxy is watched.
	InstanceIdentifier, ClusterIdentifier *string
	// MaxConnections is the database's max_connections. Required.
	MaxConnections float64
	// ProxyName of an RDS Proxy in front of it. Default: none.
	ProxyName *string
	// ProxyMaxConnections is the most the proxy opens to the database
	// (MaxConnectionsPercent of max_connections). Required with ProxyName.
	ProxyMaxConnections float64
	// FunctionConnections is the most the functions can open to the proxy.
	// Default: 0, not published.
	FunctionConnections float64
}

// QuotaWatchProps configures a QuotaWatch. Only Entry (or Code) is required.
type QuotaWatchProps struct {
	// Entry is the folder of the quota watch's Go main package
	// (lambdas/quota-watch), built with GoCode. Required unless Code is given.
	Entry *string
	// Code overrides the Go build (escape hatch). Default: GoCode(Entry).
	Code awslambda.Code
	// Vpc of the functions: with it, every network interface in the Region
	// is counted against the regional quota (NetworkInterfaces, alarmed),
	// and the Lambda interfaces in Vpc as their share of it
	// (LambdaNetworkInterfaces). Default: none (check skipped).
	Vpc awsec2.IVpc
	// Subnets whose free addresses are watched. Default: Vpc's private
	// subnets (none without Vpc).
	Subnets []awsec2.ISubnet
	// RestApi whose stage throttle is compared with the account's API
	// Gateway throttle quota. Default: none (check skipped).
	RestApi awsapigateway.IRestApi
	// StageName of RestApi. Default: RestApi's deployment stage when it is
	// a RestApi; required for an imported IRestApi.
	StageName *string
	// Schedule of the watcher. Default: every 5 minutes. The alarms' period
	// is its rate (one hour for cron expressions).
	Schedule awsevents.Schedule
	// ThresholdPercent of a quota that raises its alarm. Default: 80.
	ThresholdPercent *float64
	// AlarmActions of every alarm. Default: none.
	AlarmActions []awscloudwatch.IAlarmAction
	// Namespace of the metrics. Default: "StranglerFig/Quotas".
	Namespace *string
	// Databases whose connections are watched, each alarmed at
	// ThresholdPercent of its max_connections (and its proxy's share).
	// Default: none.
	Databases []QuotaWatchDatabase
	// LogRetention of the watcher's log group. Default: one month.
	LogRetention awslogs.RetentionDays
}

// QuotaWatch is a scheduled Lambda (lambdas/quota-watch) that publishes how
// much of each quota a Lambda migration leans on is in use, and an alarm on
// each: Lambda concurrency and its reserved share, network interfaces in
// the Region (Lambda's in the VPC published as their share, without an
// alarm of its own), free addresses per subnet, and the API stage's
// throttle against the account's. The function runs outside any VPC (it
// only calls AWS APIs) with a role allowed exactly the calls it makes.
//
// It has no reserved concurrency, on purpose: only its schedule invokes it
// (no caller can, so there is no flood to cap), one run at a time; and a
// reservation would need 100 + 1 of the regional quota, which a new
// account (quota 10) does not have. When the unreserved pool is exhausted
// a run is throttled, Lambda retries the scheduled (asynchronous) event
// for up to 6 hours, and a watcher that misses 2 of 3 periods raises its
// WatcherErrors alarm (no datapoint counts as breaching).
type QuotaWatch struct {
	awsconstructs.Construct
	// Function is the watcher (escape hatch).
	Function awslambda.Function
	// Rule invokes it on the schedule.
	Rule awsevents.Rule
	// Alarms: one per watched quota (and subnet, and database), then the
	// watcher's own Errors alarm.
	Alarms []awscloudwatch.Alarm
	// DatabaseAlarms are each database's connection alarms (the database's
	// own, then its proxy's), by QuotaWatchDatabase.Name: what a route's
	// traffic can be taken off the database on, like a function's alarms.
	DatabaseAlarms map[string][]awscloudwatch.Alarm
	// LogGroup of the watcher.
	LogGroup awslogs.LogGroup
	// Role of the watcher.
	Role awsiam.Role

	namespace string
	period    awscdk.Duration
	databases []QuotaWatchDatabase
}

// Where the quotas are in Service Quotas (service code, quota code, name).
var (
	lambdaConcurrencyQuota = awslimits.QuotaLambdaConcurrentExecutions.String()
	networkInterfaceQuota  = awslimits.QuotaVPCNetworkInterfaces.String()
	apiThrottleQuota       = awslimits.QuotaAPIGatewayThrottleRate.String()
)

// NewQuotaWatch creates the function, its role, log group, schedule and alarms.
func NewQuotaWatch(scope awsconstructs.Construct, id *string, props *QuotaWatchProps) *QuotaWatch {
	if props == nil {
		props = &QuotaWatchProps{}
	}
	this := &QuotaWatch{Construct: awsconstructs.NewConstruct(scope, id), DatabaseAlarms: map[string][]awscloudwatch.Alarm{}}
	code := props.Code
	if code == nil {
		if props.Entry == nil {
			panic(fmt.Sprintf("%s: QuotaWatchProps needs Entry (the quota-watch main package folder) or Code", constructPath(scope, id)))
		}
		code = GoCode(*props.Entry)
	}
	this.namespace = *orString(props.Namespace, DefaultQuotaNamespace)
	schedule := props.Schedule
	if schedule == nil {
		schedule = awsevents.Schedule_Rate(awscdk.Duration_Minutes(jsii.Number(5)))
	}
	this.period = schedulePeriod(schedule)
	threshold := *orNumber(props.ThresholdPercent, awslimits.QuotaWatchThresholdPercent)
	if !*awscdk.Token_IsUnresolved(threshold) && (threshold <= 0 || threshold > 100) {
		panic(fmt.Sprintf("%s: ThresholdPercent %g is not a percentage in (0, 100]", constructPath(scope, id), threshold))
	}
	subnets := props.Subnets
	if subnets == nil && props.Vpc != nil {
		subnets = *props.Vpc.PrivateSubnets()
	}
	stageName := props.StageName
	if props.RestApi != nil && stageName == nil {
		api, ok := props.RestApi.(awsapigateway.RestApi)
		if !ok || api.DeploymentStage() == nil {
			panic(fmt.Sprintf("%s: QuotaWatchProps.RestApi has no deployment stage: give StageName", constructPath(scope, id)))
		}
		stageName = api.DeploymentStage().StageName()
	}

	retention := orOneMonth(props.LogRetention)
	this.LogGroup = awslogs.NewLogGroup(this.Construct, jsii.String("Logs"), &awslogs.LogGroupProps{
		Retention:     retention,
		RemovalPolicy: awscdk.RemovalPolicy_RETAIN_ON_UPDATE_OR_DELETE,
	})

	env := map[string]*string{"METRIC_NAMESPACE": jsii.String(this.namespace)}
	statements := []awsiam.PolicyStatement{
		statement("WriteOwnLogs", []string{"logs:CreateLogStream", "logs:PutLogEvents"}, this.LogGroup.LogGroupArn(), nil),
		statement("ReadQuotaValues", []string{"servicequotas:GetAWSDefaultServiceQuota", "servicequotas:GetServiceQuota"}, nil, nil),
		statement("ReadLambdaAccountSettings", []string{"lambda:GetAccountSettings"}, nil, nil),
		statement("ReadLambdaConcurrencyMetric", []string{"cloudwatch:GetMetricData"}, nil, nil),
		statement("PublishQuotaMetrics", []string{"cloudwatch:PutMetricData"}, nil,
			map[string]any{"StringEquals": map[string]any{"cloudwatch:namespace": this.namespace}}),
	}
	if props.Vpc != nil {
		env["VPC_ID"] = props.Vpc.VpcId()
		statements = append(statements, statement("CountLambdaNetworkInterfaces", []string{"ec2:DescribeNetworkInterfaces"}, nil, nil))
	}
	var subnetIDs []*string
	for _, s := range subnets {
		subnetIDs = append(subnetIDs, s.SubnetId())
	}
	if len(subnetIDs) > 0 {
		env["SUBNET_IDS"] = awscdk.Fn_Join(jsii.String(","), &subnetIDs)
		statements = append(statements, statement("ReadSubnetFreeAddresses", []string{"ec2:DescribeSubnets"}, nil, nil))
	}
	if props.RestApi != nil {
		env["REST_API_ID"] = props.RestApi.RestApiId()
		env["STAGE_NAME"] = stageName
		stageArn := awscdk.Stack_Of(this.Construct).FormatArn(&awscdk.ArnComponents{
			Service:      jsii.String("apigateway"),
			Account:      jsii.String(""),
			Resource:     jsii.String("/restapis"),
			ResourceName: awscdk.Fn_Join(jsii.String(""), &[]*string{props.RestApi.RestApiId(), jsii.String("/stages/"), stageName}),
			ArnFormat:    awscdk.ArnFormat_SLASH_RESOURCE_NAME,
		})
		statements = append(statements, statement("ReadStageThrottle", []string{"apigateway:GET"}, stageArn, nil))
	}

	if len(props.Databases) > 0 {
		env["DATABASES"] = databasesJSON(this.Construct, *id, props.Databases)
	}

	// An inline policy: no managed policy (AwsSolutions-IAM4), no separate
	// AWS::IAM::Policy resource, and the function waits for it.
	this.Role = awsiam.NewRole(this.Construct, jsii.String("Role"), &awsiam.RoleProps{
		AssumedBy:   awsiam.NewServicePrincipal(jsii.String(awslimits.LambdaServicePrincipal), nil),
		Description: jsii.String("Quota watch: reads quotas and usage, publishes metrics"),
		InlinePolicies: &map[string]awsiam.PolicyDocument{
			"QuotaWatch": awsiam.NewPolicyDocument(&awsiam.PolicyDocumentProps{Statements: &statements}),
		},
	})
	SuppressNag(this.Role, NagSuppression{
		ID: "AwsSolutions-IAM5",
		Reason: "Resource '*' only for actions without resource-level permissions: servicequotas:GetServiceQuota and " +
			"GetAWSDefaultServiceQuota, lambda:GetAccountSettings, cloudwatch:GetMetricData, ec2:DescribeNetworkInterfaces and " +
			"ec2:DescribeSubnets; cloudwatch:PutMetricData is limited to this namespace by a cloudwatch:namespace condition.",
		AppliesTo: []string{"Resource::*"},
	})

	this.Function = toolFunction{description: "Quota watch: publishes quota utilisation metrics to " + this.namespace, code: code, memoryMiB: 128, timeout: 30, env: env, role: this.Role, logGroup: this.LogGroup}.make(this.Construct)
	this.Rule = awsevents.NewRule(this.Construct, jsii.String("Schedule"), &awsevents.RuleProps{
		Description: jsii.String("Runs the quota watch"),
		Schedule:    schedule,
		Targets:     &[]awsevents.IRuleTarget{awseventstargets.NewLambdaFunction(this.Function, nil)},
	})

	pct := fmt.Sprintf("%g%%", threshold)
	this.alarm(QuotaLambdaConcurrency, this.MetricUtilization(QuotaLambdaConcurrency, nil), threshold, props.AlarmActions,
		fmt.Sprintf("Peak Lambda concurrency in this Region is over %s of the account's limit, the quota %s. "+
			"At 100%% every function without reserved concurrency is throttled and API Gateway answers 5XX, with nothing in the functions' logs. "+
			"Raise %s in Service Quotas.", pct, lambdaConcurrencyQuota, lambdaConcurrencyQuota))
	this.alarm(QuotaLambdaReservedConcurrency, this.MetricUtilization(QuotaLambdaReservedConcurrency, nil), threshold, props.AlarmActions,
		fmt.Sprintf("Functions reserve over %s of the concurrency that can be reserved (the account's limit, the quota %s, minus the 100 Lambda keeps unreserved). "+
			"At 100%% no function can reserve more (deploys setting reserved concurrency fail) and every function without a reservation shares the last 100. "+
			"Lower the functions' reserved concurrency, or raise %s in Service Quotas.", pct, lambdaConcurrencyQuota, lambdaConcurrencyQuota))
	if props.Vpc != nil {
		this.alarm(QuotaNetworkInterfaces, this.MetricUtilization(QuotaNetworkInterfaces, nil), threshold, props.AlarmActions,
			fmt.Sprintf("The network interfaces in this Region (every one: instances, NAT gateways, endpoints, load balancers, every VPC's Lambda) are over %s of the quota %s. "+
				"At 100%% Lambda cannot create interfaces: VPC functions fail to scale or update and callers get 5XX. "+
				"Utilization with Quota=%s is the share of this VPC's Lambda functions. "+
				"Raise %s in Service Quotas, or delete unused interfaces.", pct, networkInterfaceQuota, QuotaLambdaNetworkInterfaces, networkInterfaceQuota))
	}
	seen := map[string]bool{}
	for i, s := range subnets {
		name := *s.Node().Id()
		if seen[name] {
			name += strconv.Itoa(i + 1)
		}
		seen[name] = true
		metric := this.MetricUtilization(QuotaSubnetAddresses, &awscloudwatch.MetricOptions{
			DimensionsMap: &map[string]*string{awslimits.QuotaWatchDimensionSubnet: s.SubnetId()},
		})
		description := awscdk.Fn_Join(jsii.String(""), &[]*string{
			jsii.String("Subnet "), s.SubnetId(), jsii.String(fmt.Sprintf(" has over %s of its addresses in use. "+
				"At 100%% Lambda cannot place network interfaces in it and functions fail to scale in its Availability Zone. "+
				"No Service Quotas quota raises this: give the functions larger subnets (the VPC's private subnet size) or more of them.", pct)),
		})
		this.alarm(QuotaSubnetAddresses+sanitizeID(name), metric, threshold, props.AlarmActions, *description)
	}
	if props.RestApi != nil {
		this.alarm(QuotaApiGatewayThrottleRate, this.MetricUtilization(QuotaApiGatewayThrottleRate, nil), threshold, props.AlarmActions,
			fmt.Sprintf("The API stage's throttle rate is over %s of the account's API Gateway quota %s, which every API of the account in this Region shares. "+
				"At 100%% the account throttles first: clients of every API get 429 before the stage's own limit. "+
				"Raise %s in Service Quotas, or lower the stage's throttlingRateLimit.", pct, apiThrottleQuota, apiThrottleQuota))
	}

	this.databases = props.Databases
	for _, db := range props.Databases {
		this.databaseAlarms(db, threshold, props.AlarmActions)
	}

	// A silent watcher is a blind spot: alarm when it fails, or does not
	// run at all (no Errors datapoint counts as breaching), in 2 of 3 periods.
	errorsAlarm := awscloudwatch.NewAlarm(this.Construct, jsii.String("WatcherErrors"), &awscloudwatch.AlarmProps{
		Metric:             this.Function.MetricErrors(&awscloudwatch.MetricOptions{Statistic: jsii.String("Sum"), Period: this.period}),
		Threshold:          jsii.Number(1),
		ComparisonOperator: awscloudwatch.ComparisonOperator_GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
		EvaluationPeriods:  jsii.Number(3),
		DatapointsToAlarm:  jsii.Number(2),
		TreatMissingData:   awscloudwatch.TreatMissingData_BREACHING,
		AlarmDescription: jsii.String("The quota watch failed (a read or the publish) or did not run in 2 of the last 3 periods: the quota alarms are blind until it works. " +
			"Its log group has one ERROR line per failure (an AccessDenied names the missing permission)."),
	})
	for _, a := range props.AlarmActions {
		errorsAlarm.AddAlarmAction(a)
	}
	this.Alarms = append(this.Alarms, errorsAlarm)
	return this
}

// databasesJSON is the DATABASES variable of the watcher (see
// lambdas/quotawatch.Database), tokens resolved at deploy.
func databasesJSON(scope awsconstructs.Construct, id string, dbs []QuotaWatchDatabase) *string {
	var list []map[string]any
	for _, d := range dbs {
		if d.Name == "" || d.MaxConnections <= 0 || (d.ProxyName != nil && d.ProxyMaxConnections <= 0) {
			panic(fmt.Sprintf("%s: QuotaWatchDatabase %q needs a Name, MaxConnections and, with ProxyName, ProxyMaxConnections", id, d.Name))
		}
		e := map[string]any{"name": d.Name, "maxConnections": d.MaxConnections}
		for k, v := range map[string]*string{"instanceIdentifier": d.InstanceIdentifier, "clusterIdentifier": d.ClusterIdentifier, "proxyName": d.ProxyName} {
			if v != nil {
				e[k] = v
			}
		}
		if d.ProxyName != nil {
			e["proxyMaxConnections"] = d.ProxyMaxConnections
			if d.FunctionConnections > 0 {
				e["functionConnections"] = d.FunctionConnections
			}
		}
		list = append(list, e)
	}
	return awscdk.Stack_Of(scope).ToJsonString(list, nil)
}

// databaseAlarms alarms on a database's connections and its proxy's.
func (q *QuotaWatch) databaseAlarms(d QuotaWatchDatabase, threshold float64, actions []awscloudwatch.IAlarmAction) {
	dims := &awscloudwatch.MetricOptions{DimensionsMap: &map[string]*string{awslimits.QuotaWatchDimensionDatabase: jsii.String(d.Name)}}
	pct := fmt.Sprintf("%g%%", threshold)
	id := "Database" + sanitizeID(pascalWords(d.Name))
	before := len(q.Alarms)
	if d.InstanceIdentifier != nil || d.ClusterIdentifier != nil {
		q.alarm(id+"Connections", q.MetricUtilization(QuotaDatabaseConnections, dims), threshold, actions,
			fmt.Sprintf("Database %s has over %s of its max_connections (%g) open: the functions, their proxy, the monolith and everyone else together. "+
				"At 100%% every new connection is refused (MySQL error 1040): the monolith fails with the migrated routes. "+
				"See which clients hold them (SHOW PROCESSLIST); lower the functions' reserved concurrency, put them behind an RDS Proxy, or raise max_connections.", d.Name, pct, d.MaxConnections))
	}
	if d.ProxyName != nil {
		q.alarm(id+"ProxyConnections", q.MetricUtilization(QuotaProxyDatabaseConnections, dims), threshold, actions,
			fmt.Sprintf("The RDS Proxy of database %s holds over %s of the %g connections it may open to it (MaxConnectionsPercent of max_connections). "+
				"At 100%% requests wait for a connection up to the proxy's borrow timeout and then fail: the functions answer 503. "+
				"Raise the proxy's maxConnectionsPercent if the database has room (synth checks it), or lower the functions' concurrency.", d.Name, pct, d.ProxyMaxConnections))
	}
	q.DatabaseAlarms[d.Name] = append(q.DatabaseAlarms[d.Name], q.Alarms[before:]...)
}

// pascalWords turns "users-db" into "UsersDb".
func pascalWords(s string) string {
	var b []byte
	up := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			up = true
			continue
		}
		if up && c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		b = append(b, c)
		up = false
	}
	return string(b)
}

// alarm raises at threshold percent of a quota. A period without a
// datapoint keeps the alarm's state: the Errors alarm reports a silent watcher.
func (q *QuotaWatch) alarm(id string, metric awscloudwatch.IMetric, threshold float64, actions []awscloudwatch.IAlarmAction, description string) {
	a := awscloudwatch.NewAlarm(q.Construct, jsii.String(id), &awscloudwatch.AlarmProps{
		Metric:             metric,
		Threshold:          jsii.Number(threshold),
		ComparisonOperator: awscloudwatch.ComparisonOperator_GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
		EvaluationPeriods:  jsii.Number(1),
		TreatMissingData:   awscloudwatch.TreatMissingData_IGNORE,
		AlarmDescription:   jsii.String(description),
	})
	for _, action := range actions {
		a.AddAlarmAction(action)
	}
	q.Alarms = append(q.Alarms, a)
}

// MetricUtilization is the Utilization (percent) of one quota: quota is
// one of the Quota* constants; props.DimensionsMap adds to the Quota
// dimension (SubnetId for QuotaSubnetAddresses). Default: Maximum over the
// schedule's period.
func (q *QuotaWatch) MetricUtilization(quota string, props *awscloudwatch.MetricOptions) awscloudwatch.Metric {
	opts := awscloudwatch.MetricOptions{}
	if props != nil {
		opts = *props
	}
	dims := map[string]*string{}
	if opts.DimensionsMap != nil {
		for k, v := range *opts.DimensionsMap {
			dims[k] = v
		}
	}
	dims[awslimits.QuotaWatchDimensionQuota] = jsii.String(quota)
	return awscloudwatch.NewMetric(&awscloudwatch.MetricProps{
		Namespace:     jsii.String(q.namespace),
		MetricName:    jsii.String(awslimits.QuotaWatchMetricUtilization),
		DimensionsMap: &dims,
		Unit:          awscloudwatch.Unit_PERCENT,
		Statistic:     orString(opts.Statistic, "Maximum"),
		Period:        orDuration(opts.Period, q.period),
		Label:         opts.Label,
		Color:         opts.Color,
		Account:       opts.Account,
		Region:        opts.Region,
	})
}

func statement(sid string, actions []string, resource *string, condition map[string]any) awsiam.PolicyStatement {
	if resource == nil {
		resource = jsii.String("*")
	}
	props := &awsiam.PolicyStatementProps{
		Sid:       jsii.String(sid),
		Actions:   jsii.Strings(actions...),
		Resources: &[]*string{resource},
	}
	if condition != nil {
		props.Conditions = &condition
	}
	return awsiam.NewPolicyStatement(props)
}

var rateExpression = regexp.MustCompile(`^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$`)

// schedulePeriod is a rate schedule's interval, one hour for others.
func schedulePeriod(s awsevents.Schedule) awscdk.Duration {
	m := rateExpression.FindStringSubmatch(*s.ExpressionString())
	if m == nil {
		return awscdk.Duration_Hours(jsii.Number(1))
	}
	n, _ := strconv.ParseFloat(m[1], 64)
	switch m[2][0] {
	case 'm':
		return awscdk.Duration_Minutes(jsii.Number(n))
	case 'h':
		return awscdk.Duration_Hours(jsii.Number(n))
	}
	return awscdk.Duration_Days(jsii.Number(n))
}

var nonAlnum = regexp.MustCompile(`[^A-Za-z0-9]`)

func sanitizeID(s string) string { return nonAlnum.ReplaceAllString(s, "") }
