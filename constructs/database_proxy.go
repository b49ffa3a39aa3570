package constructs

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsrds"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssecretsmanager"
	awsconstructs "github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/awslimits"
)

// DefaultProxyBorrowTimeoutSeconds is how long a client waits for a
// database connection from a full pool: well under API Gateway's 29 s, so
// a function answers (503) before API Gateway does (504). AWS's default
// is 120 s.
const DefaultProxyBorrowTimeoutSeconds = 10

// DatabaseProxyProps configures a DatabaseProxy. Vpc, Secret and one of
// Instance or Cluster are required.
type DatabaseProxyProps struct {
	// Vpc the proxy runs in: the functions'. Required.
	Vpc awsec2.IVpc
	// VpcSubnets of the proxy. Default: the private subnets with egress.
	VpcSubnets *awsec2.SubnetSelection
	// Instance (an RDS DB instance) or Cluster (an Aurora cluster) the
	// proxy connects to; one is required. Import yours with
	// awsrds.DatabaseInstance_FromDatabaseInstanceAttributes and no
	// SecurityGroups (CDK would add rules of its own beside those of
	// DatabaseSecurityGroup).
	Instance awsrds.IDatabaseInstance
	Cluster  awsrds.IDatabaseCluster
	// Secret the proxy logs in to the database with (username, password).
	// Required.
	Secret awssecretsmanager.ISecret
	// Port of the database and the proxy. Default: 3306.
	Port *float64
	// ClientSecurityGroups may connect to the proxy on Port: the
	// functions'. Default: none.
	ClientSecurityGroups []awsec2.ISecurityGroup
	// DatabaseSecurityGroup is the database's: the proxy may go out to it,
	// and only to it, on Port, and an ingress rule added to it lets the
	// proxy in. Default: none, and then the proxy may go out nowhere:
	// allow SecurityGroup out to the database and into it yourself.
	DatabaseSecurityGroup awsec2.ISecurityGroup
	// IamAuth requires IAM authentication from clients (grant it with
	// GrantConnect). Default: false (the secret's password).
	IamAuth *bool
	// MaxConnectionsPercent of the database's max_connections the proxy
	// may open. Default: 100 (AWS's), all of them.
	MaxConnectionsPercent *float64
	// MaxIdleConnectionsPercent of max_connections kept open while idle.
	// Default: 50 (AWS's), or MaxConnectionsPercent when lower.
	MaxIdleConnectionsPercent *float64
	// IdleClientTimeout closes a client connection idle this long.
	// Default: 30 minutes (AWS's).
	IdleClientTimeout awscdk.Duration
	// BorrowTimeout a client waits for a connection when the pool is
	// full. Default: 10 seconds (see DefaultProxyBorrowTimeoutSeconds).
	BorrowTimeout awscdk.Duration
	// MaxConnections is the database's max_connections: with it, an alarm
	// fires when the proxy's connections to the database pass AlarmPercent
	// of its share. Default: none (no alarm).
	MaxConnections *float64
	// AlarmPercent of the proxy's share that raises its alarm. Default: 80.
	AlarmPercent *float64
}

// DatabaseProxy is an RDS Proxy in front of a MySQL database: the
// functions connect to it, and however many run it keeps at most
// MaxConnectionsPercent of the database's max_connections open, pooling
// and multiplexing their sessions (a session that changes its state is
// pinned to one connection: see lambdas/api-user-id). Its own security
// group lets in only ClientSecurityGroups, and lets out only to
// DatabaseSecurityGroup on Port: functions -> proxy -> database.
type DatabaseProxy struct {
	awsconstructs.Construct
	// Proxy is the RDS Proxy (escape hatch).
	Proxy awsrds.DatabaseProxy
	// SecurityGroup of the proxy.
	SecurityGroup awsec2.SecurityGroup
	// Endpoint clients connect to.
	Endpoint *string
	// Port clients connect to.
	Port float64
	// ConnectionsAlarm fires when the proxy's connections to the database
	// pass AlarmPercent of its share; nil without MaxConnections.
	ConnectionsAlarm awscloudwatch.Alarm
}

// NewDatabaseProxy creates the proxy, its security group and rules.
func NewDatabaseProxy(scope awsconstructs.Construct, id *string, props *DatabaseProxyProps) *DatabaseProxy {
	if props == nil || props.Vpc == nil || props.Secret == nil || (props.Instance == nil) == (props.Cluster == nil) {
		panic(fmt.Sprintf("%s: DatabaseProxyProps needs Vpc, Secret and one of Instance or Cluster", constructPath(scope, id)))
	}
	this := &DatabaseProxy{Construct: awsconstructs.NewConstruct(scope, id)}
	this.Port = *orNumber(props.Port, 3306)
	port := awsec2.Port_Tcp(jsii.Number(this.Port))
	maxPct := *orNumber(props.MaxConnectionsPercent, awslimits.RDSProxyDefaultMaxConnectionsPercent)
	idlePct := orNumber(props.MaxIdleConnectionsPercent, min(awslimits.RDSProxyDefaultMaxIdleConnectionsPercent, maxPct))

	this.SecurityGroup = awsec2.NewSecurityGroup(this.Construct, jsii.String("SecurityGroup"), &awsec2.SecurityGroupProps{
		Vpc:              props.Vpc,
		Description:      jsii.String("RDS Proxy: in from the functions, out to the database only"),
		AllowAllOutbound: jsii.Bool(false),
	})
	for _, sg := range props.ClientSecurityGroups {
		this.SecurityGroup.AddIngressRule(sg, port, jsii.String("Functions to the proxy"), nil)
	}
	if db := props.DatabaseSecurityGroup; db != nil {
		// Inline, replacing CDK's "no traffic" placeholder: AddEgressRule
		// would make a separate AWS::EC2::SecurityGroupEgress for a
		// security group peer and drop the placeholder, and a group with
		// no inline egress gets EC2's default allow-all rule.
		this.SecurityGroup.Node().DefaultChild().(awsec2.CfnSecurityGroup).AddPropertyOverride(jsii.String("SecurityGroupEgress"), []map[string]any{{
			"Description": "Proxy to the database", "DestinationSecurityGroupId": db.SecurityGroupId(),
			"FromPort": this.Port, "ToPort": this.Port, "IpProtocol": "tcp",
		}})
		db.AddIngressRule(this.SecurityGroup, port, jsii.String("RDS Proxy of the API functions"), nil)
	}

	var target awsrds.ProxyTarget
	if props.Cluster != nil {
		target = awsrds.ProxyTarget_FromCluster(props.Cluster)
	} else {
		target = awsrds.ProxyTarget_FromInstance(props.Instance)
	}
	subnets := props.VpcSubnets
	if subnets == nil {
		subnets = &awsec2.SubnetSelection{SubnetType: awsec2.SubnetType_PRIVATE_WITH_EGRESS}
	}
	this.Proxy = awsrds.NewDatabaseProxy(this.Construct, jsii.String("Proxy"), &awsrds.DatabaseProxyProps{
		ProxyTarget:               target,
		Secrets:                   &[]awssecretsmanager.ISecret{props.Secret},
		Vpc:                       props.Vpc,
		VpcSubnets:                subnets,
		SecurityGroups:            &[]awsec2.ISecurityGroup{this.SecurityGroup},
		IamAuth:                   props.IamAuth,
		RequireTLS:                jsii.Bool(true),
		MaxConnectionsPercent:     jsii.Number(maxPct),
		MaxIdleConnectionsPercent: idlePct,
		IdleClientTimeout:         orDuration(props.IdleClientTimeout, awscdk.Duration_Seconds(jsii.Number(awslimits.RDSProxyDefaultIdleClientTimeoutSeconds))),
		BorrowTimeout:             orDuration(props.BorrowTimeout, awscdk.Duration_Seconds(jsii.Number(DefaultProxyBorrowTimeoutSeconds))),
	})
	this.Endpoint = this.Proxy.Endpoint()
	// The role CDK makes reads exactly the secret; a secret imported by a
	// partial ARN (no random suffix) is granted as ARN-?????? by CDK.
	if props.Secret.SecretFullArn() == nil && !*awscdk.Token_IsUnresolved(props.Secret.SecretArn()) {
		SuppressNag(this.Proxy, NagSuppression{
			ID:        "AwsSolutions-IAM5",
			Reason:    "The proxy's role may read only its one login secret: the wildcard is Secrets Manager's 6-character random suffix of a secret named by a partial ARN, which CDK appends itself.",
			AppliesTo: []string{"Resource::" + *props.Secret.SecretArn() + "-??????"},
		})
	}

	if props.MaxConnections != nil {
		share := *props.MaxConnections * maxPct / 100
		pct := *orNumber(props.AlarmPercent, 80)
		this.ConnectionsAlarm = newAlarm(this.Construct, "ConnectionsAlarm", this.MetricDatabaseConnections(nil), share*pct/100, 3, 2,
			fmt.Sprintf("The RDS Proxy holds over %g%% of the %g connections it may open to the database (MaxConnectionsPercent %g%% of max_connections %g). "+
				"At 100%% requests wait up to the borrow timeout for a connection and then fail.", pct, share, maxPct, *props.MaxConnections))
	}
	return this
}

// GrantConnect lets grantee connect as dbUser with IAM authentication
// (rds-db:connect).
func (p *DatabaseProxy) GrantConnect(grantee awsiam.IGrantable, dbUser *string) awsiam.Grant {
	return p.Proxy.GrantConnect(grantee, dbUser)
}

// Alarms are the proxy's own alarms (none without MaxConnections).
func (p *DatabaseProxy) Alarms() []awscloudwatch.Alarm {
	if p.ConnectionsAlarm == nil {
		return nil
	}
	return []awscloudwatch.Alarm{p.ConnectionsAlarm}
}

// metric is one of the proxy's AWS/RDS metrics. The proxy's nodes each
// publish their own values: Sum per minute is the proxy's.
func (p *DatabaseProxy) metric(name string, props *awscloudwatch.MetricOptions) awscloudwatch.Metric {
	props = withDefaults(props, "Sum")
	return awscloudwatch.NewMetric(&awscloudwatch.MetricProps{
		Namespace:     jsii.String(awslimits.RDSMetricNamespace),
		MetricName:    jsii.String(name),
		DimensionsMap: &map[string]*string{awslimits.RDSDimensionProxyName: p.Proxy.DbProxyName()},
		Statistic:     props.Statistic,
		Period:        props.Period,
		Label:         props.Label,
		Color:         props.Color,
		Unit:          props.Unit,
		Region:        props.Region,
		Account:       props.Account,
	})
}

// MetricDatabaseConnections is the proxy's connections to the database.
func (p *DatabaseProxy) MetricDatabaseConnections(props *awscloudwatch.MetricOptions) awscloudwatch.Metric {
	return p.metric(awslimits.RDSMetricDatabaseConnections, props)
}

// MetricClientConnections is the clients' (functions') connections to the proxy.
func (p *DatabaseProxy) MetricClientConnections(props *awscloudwatch.MetricOptions) awscloudwatch.Metric {
	return p.metric(awslimits.RDSProxyMetricClientConnections, props)
}
