package constructs

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	awsconstructs "github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/awslimits"
)

// newSelfUpdateRole is the role of a function that starts updates of its
// own stack with the previous template (the rotations): its own logs,
// DescribeStacks and UpdateStack on the stack, never naming a role
// (CloudFormation reuses the stack's service role) nor a template URL.
func newSelfUpdateRole(scope awsconstructs.Construct, logGroup awslogs.ILogGroup, description string) awsiam.Role {
	stackArn := awscdk.Stack_Of(scope).StackId()
	statements := []awsiam.PolicyStatement{
		statement("WriteOwnLogs", []string{"logs:CreateLogStream", "logs:PutLogEvents"}, logGroup.LogGroupArn(), nil),
		statement("UpdateOwnStack", []string{"cloudformation:DescribeStacks", "cloudformation:UpdateStack"}, stackArn, nil),
	}
	// No other role than the stack's own, no template from elsewhere.
	statements = append(statements, awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid: jsii.String("OnlyThePreviousTemplateAndRole"), Effect: awsiam.Effect_DENY,
		Actions: jsii.Strings("cloudformation:UpdateStack"), Resources: jsii.Strings(*stackArn),
		Conditions: &map[string]any{"Null": map[string]any{"cloudformation:RoleArn": "false"}},
	}), awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid: jsii.String("NoTemplateUrl"), Effect: awsiam.Effect_DENY,
		Actions: jsii.Strings("cloudformation:UpdateStack"), Resources: jsii.Strings(*stackArn),
		Conditions: &map[string]any{"Null": map[string]any{"cloudformation:TemplateUrl": "false"}},
	}))
	return awsiam.NewRole(scope, jsii.String("Role"), &awsiam.RoleProps{
		AssumedBy:   awsiam.NewServicePrincipal(jsii.String(awslimits.LambdaServicePrincipal), nil),
		Description: jsii.String(description),
		InlinePolicies: &map[string]awsiam.PolicyDocument{
			"Rotate": awsiam.NewPolicyDocument(&awsiam.PolicyDocumentProps{Statements: &statements}),
		},
	})
}
