package constructs_test

import (
	"testing"

	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/constructs"
)

// SecretsManagerEndpoint: an interface endpoint in the private subnets,
// private DNS on, reachable on 443 from the functions' group only.
func TestLambdaNetworkSecretsManagerEndpoint(t *testing.T) {
	stack := newTestStack(t, nil)
	net := constructs.NewLambdaNetwork(stack, jsii.String("Net"), &constructs.LambdaNetworkProps{SecretsManagerEndpoint: jsii.Bool(true)})
	tpl := templateOf(t, stack)
	_, ep := tpl.only("AWS::EC2::VPCEndpoint", nil)
	p := properties(ep)
	if p["VpcEndpointType"] != "Interface" || p["PrivateDnsEnabled"] != true || len(p["SubnetIds"].([]any)) != 2 ||
		jsonString(p["ServiceName"]) != `{"Fn::Join":["",["com.amazonaws.",{"Ref":"AWS::Region"},".secretsmanager"]]}` {
		t.Errorf("endpoint %s", jsonString(p))
	}
	fromFunctions := tpl.find("AWS::EC2::SecurityGroupIngress", map[string]any{
		"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
		"SourceSecurityGroupId": getAtt(logicalID(stack, net.SecurityGroup), "GroupId"),
	})
	if len(fromFunctions) != 1 {
		t.Errorf("ingress to the endpoint from the functions' group: %d rules, want 1", len(fromFunctions))
	}
	// Not open to the whole VPC (CDK's default for an interface endpoint).
	for _, sg := range tpl.find("AWS::EC2::SecurityGroup", nil) {
		if in, ok := properties(sg)["SecurityGroupIngress"]; ok {
			t.Errorf("a security group admits %s", jsonString(in))
		}
	}
	none := newTestStack(t, nil)
	constructs.NewLambdaNetwork(none, jsii.String("Net"), nil)
	templateOf(t, none).count("AWS::EC2::VPCEndpoint", 0)
}
