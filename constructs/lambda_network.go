package constructs

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	awsconstructs "github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/awslimits"
)

// LambdaNetworkProps configures a LambdaNetwork. All are optional.
type LambdaNetworkProps struct {
	// Vpc to use instead of creating one; give an existing VPC by IDs with
	// awsec2.Vpc_FromVpcAttributes (no account lookup). Default: a new VPC.
	Vpc awsec2.IVpc
	// Cidr of a new VPC. Default: "10.0.0.0/16".
	Cidr *string
	// MaxAzs of a new VPC. Default: 2.
	MaxAzs *float64
	// PrivateSubnetCidrMask is the prefix length of each private subnet.
	// Default: 19 (8,187 addresses per AZ: a VPC Lambda needs a free address
	// for each network interface it creates, and a /24 runs out).
	PrivateSubnetCidrMask *float64
	// NatGateways of a new VPC. Default: one per AZ, so one AZ failing does
	// not cut the others off from AWS APIs.
	NatGateways *float64
	// SecurityGroup shared by the functions. Default: a new one allowing
	// all outbound traffic and no inbound.
	SecurityGroup awsec2.ISecurityGroup
	// FlowLogs records a new VPC's traffic, accepted and rejected, in a
	// CloudWatch Logs group: what a function reached or was refused (a
	// database, an AWS API through the NAT) is otherwise invisible. It costs
	// CloudWatch Logs ingestion per GB of records (one record per flow per
	// 10 minutes, not per packet). Default: true; ignored with Vpc (an
	// existing VPC's flow logs are its owner's).
	FlowLogs *bool
	// FlowLogRetention of the flow log group. Default: one month.
	FlowLogRetention awslogs.RetentionDays
	// SecretsManagerEndpoint adds an interface endpoint for Secrets
	// Manager in the private subnets, with private DNS, open to the
	// functions' security group: secret reads then stay inside the VPC
	// instead of going out through a NAT gateway. It costs an hourly price
	// per AZ (https://aws.amazon.com/privatelink/pricing/). With an existing
	// VPC, first make sure it has none: two endpoints with private DNS for
	// one service in a VPC conflict. Default: false.
	SecretsManagerEndpoint *bool
}

// LambdaNetwork is where VPC Lambdas run: large private subnets in at least
// two AZs and one security group shared by every function. Lambda creates
// one network interface per subnet and security group combination, so a
// shared group keeps the interface count (a regional quota) small. A new
// VPC records its flow logs (FlowLogs).
type LambdaNetwork struct {
	awsconstructs.Construct
	// Vpc the functions run in.
	Vpc awsec2.IVpc
	// SecurityGroup shared by the functions.
	SecurityGroup awsec2.ISecurityGroup
	// Subnets to place functions in.
	Subnets *awsec2.SubnetSelection
	// FlowLogGroup receives the new VPC's flow logs; nil for an existing
	// VPC or with FlowLogs false.
	FlowLogGroup awslogs.LogGroup
	// SecretsManager is the Secrets Manager endpoint (nil without
	// SecretsManagerEndpoint).
	SecretsManager awsec2.InterfaceVpcEndpoint
}

// NewLambdaNetwork creates (or adopts) the VPC and the shared security group.
func NewLambdaNetwork(scope awsconstructs.Construct, id *string, props *LambdaNetworkProps) *LambdaNetwork {
	if props == nil {
		props = &LambdaNetworkProps{}
	}
	this := &LambdaNetwork{Construct: awsconstructs.NewConstruct(scope, id)}
	this.Vpc = props.Vpc
	if this.Vpc == nil {
		maxAzs := orNumber(props.MaxAzs, 2)
		mask := orNumber(props.PrivateSubnetCidrMask, 19)
		this.Vpc = awsec2.NewVpc(this.Construct, jsii.String("Vpc"), &awsec2.VpcProps{
			IpAddresses: awsec2.IpAddresses_Cidr(orString(props.Cidr, "10.0.0.0/16")),
			MaxAzs:      maxAzs,
			NatGateways: orNumber(props.NatGateways, *maxAzs),
			// The large private subnets first, so they sit aligned at the start
			// of the range; the small public ones (only the NAT gateways) after.
			SubnetConfiguration: &[]*awsec2.SubnetConfiguration{
				{Name: jsii.String("Lambda"), SubnetType: awsec2.SubnetType_PRIVATE_WITH_EGRESS, CidrMask: mask},
				{Name: jsii.String("Public"), SubnetType: awsec2.SubnetType_PUBLIC, CidrMask: jsii.Number(max(24, *mask))},
			},
		})
		this.Subnets = &awsec2.SubnetSelection{SubnetType: awsec2.SubnetType_PRIVATE_WITH_EGRESS}
		if props.FlowLogs == nil || *props.FlowLogs {
			this.addFlowLog(props.FlowLogRetention)
		}
	} else {
		this.Subnets = &awsec2.SubnetSelection{Subnets: this.Vpc.PrivateSubnets()}
	}
	this.SecurityGroup = props.SecurityGroup
	if this.SecurityGroup == nil {
		this.SecurityGroup = awsec2.NewSecurityGroup(this.Construct, jsii.String("FunctionSecurityGroup"), &awsec2.SecurityGroupProps{
			Vpc:              this.Vpc,
			Description:      jsii.String("Shared by the API Lambdas - one group keeps Lambda network interfaces few"),
			AllowAllOutbound: jsii.Bool(true),
		})
	}
	if props.SecretsManagerEndpoint != nil && *props.SecretsManagerEndpoint {
		this.SecretsManager = awsec2.NewInterfaceVpcEndpoint(this.Construct, jsii.String("SecretsManager"), &awsec2.InterfaceVpcEndpointProps{
			Vpc:               this.Vpc,
			Service:           awsec2.InterfaceVpcEndpointAwsService_SECRETS_MANAGER(),
			Subnets:           this.Subnets,
			PrivateDnsEnabled: jsii.Bool(true),
			// Only the functions may reach it, not the whole VPC (CDK's default).
			Open: jsii.Bool(false),
		})
		this.SecretsManager.Connections().AllowDefaultPortFrom(this.SecurityGroup, jsii.String("API Lambdas reading their secrets"))
	}
	return this
}

// addFlowLog sends the VPC's flow logs to a log group with a retention
// (CDK's default group would keep them two years).
func (n *LambdaNetwork) addFlowLog(retention awslogs.RetentionDays) {
	retention = orOneMonth(retention)
	n.FlowLogGroup = awslogs.NewLogGroup(n.Construct, jsii.String("FlowLogs"), &awslogs.LogGroupProps{
		Retention:     retention,
		RemovalPolicy: awscdk.RemovalPolicy_RETAIN_ON_UPDATE_OR_DELETE,
	})
	// The flow logs service may take the role only for this account's
	// flow logs (AWS's confused-deputy guard), which CDK's own role omits:
	// https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html
	stack := awscdk.Stack_Of(n.Construct)
	role := awsiam.NewRole(n.Construct, jsii.String("FlowLogRole"), &awsiam.RoleProps{
		Description: jsii.String("VPC flow logs: write to the flow log group"),
		AssumedBy: awsiam.NewServicePrincipal(jsii.String(awslimits.VPCFlowLogsServicePrincipal), &awsiam.ServicePrincipalOpts{
			Conditions: &map[string]any{
				"StringEquals": map[string]any{"aws:SourceAccount": stack.Account()},
				"ArnLike": map[string]any{"aws:SourceArn": stack.FormatArn(&awscdk.ArnComponents{
					Service: jsii.String("ec2"), Resource: jsii.String("vpc-flow-log"), ResourceName: jsii.String("*"),
				})},
			},
		}),
	})
	awsec2.NewFlowLog(n.Construct, jsii.String("FlowLog"), &awsec2.FlowLogProps{
		ResourceType: awsec2.FlowLogResourceType_FromVpc(n.Vpc),
		Destination:  awsec2.FlowLogDestination_ToCloudWatchLogs(n.FlowLogGroup, role),
		TrafficType:  awsec2.FlowLogTrafficType_ALL,
	})
}
