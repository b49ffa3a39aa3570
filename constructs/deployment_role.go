package constructs

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	awsconstructs "github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/awslimits"
)

// LambdaDeploymentRoleProps configures NewLambdaDeploymentRole.
type LambdaDeploymentRoleProps struct {
	// FunctionNames whose live alias CodeDeploy may move. Required.
	FunctionNames []string
	// Description of the role. Default: what it does.
	Description *string
}

// NewLambdaDeploymentRole is the role CodeDeploy shifts Lambda aliases
// as (ApiFunctionProps.DeploymentRole). CDK's LambdaDeploymentGroup always
// attaches AWSCodeDeployRoleForLambdaLimited, which allows
// lambda:UpdateAlias on every function of the account; a permissions
// boundary narrows that to the named functions (their ARNs while they fit
// half a managed policy, else their common name prefix) and lets through
// the rest of what the managed policy allows, unchanged.
func NewLambdaDeploymentRole(scope awsconstructs.Construct, id *string, props *LambdaDeploymentRoleProps) awsiam.Role {
	names := props.FunctionNames
	stack := awscdk.Stack_Of(scope)
	function := func(name string) *string {
		return stack.FormatArn(&awscdk.ArnComponents{Service: jsii.String("lambda"), Resource: jsii.String("function"),
			ResourceName: jsii.String(name), ArnFormat: awscdk.ArnFormat_COLON_RESOURCE_NAME})
	}
	var functions []*string
	var waivedFunctions []string
	waive := func(name string) {
		waivedFunctions = append(waivedFunctions, "Resource::arn:<AWS::Partition>:lambda:<AWS::Region>:<AWS::AccountId>:function:"+name)
	}
	if arnsFit(names, len("arn:aws-us-gov:lambda:ap-southeast-2:123456789012:function:"), 2, awslimits.IAMManagedPolicySizeMaxChars/2) {
		for _, n := range sortedStrings(jsii.Strings(names...)) {
			functions = append(functions, function(n), function(n+":*"))
			waive(n + ":*")
		}
	} else {
		p := commonPrefix(names)
		functions = []*string{function(p + "*")}
		waive(p + "*")
	}
	// What AWSCodeDeployRoleForLambdaLimited allows
	// (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSCodeDeployRoleForLambdaLimited.html),
	// lambda:UpdateAlias narrowed to the functions.
	boundary := awsiam.NewManagedPolicy(scope, jsii.String(*id+"Boundary"), &awsiam.ManagedPolicyProps{
		Description: jsii.String("Permissions boundary of the CodeDeploy role: AWSCodeDeployRoleForLambdaLimited, with lambda:UpdateAlias only on this stack's API functions"),
		Statements: &[]awsiam.PolicyStatement{
			awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{Sid: jsii.String("ReadAlarmsAndAliases"),
				Actions:   jsii.Strings("cloudwatch:DescribeAlarms", "lambda:GetAlias", "lambda:GetProvisionedConcurrencyConfig"),
				Resources: jsii.Strings("*")}),
			awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{Sid: jsii.String("MoveOwnAliases"),
				Actions: jsii.Strings("lambda:UpdateAlias"), Resources: &functions}),
			awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{Sid: jsii.String("ReadCodeDeployRevisions"),
				Actions:   jsii.Strings("s3:GetObject", "s3:GetObjectVersion"),
				Resources: &[]*string{stack.FormatArn(&awscdk.ArnComponents{Service: jsii.String("s3"), Region: jsii.String(""), Account: jsii.String(""), Resource: jsii.String("*/CodeDeploy/*")})}}),
			awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{Sid: jsii.String("ReadTaggedRevisions"),
				Actions:    jsii.Strings("s3:GetObject", "s3:GetObjectVersion"),
				Resources:  jsii.Strings("*"),
				Conditions: &map[string]any{"StringEquals": map[string]any{"s3:ExistingObjectTag/UseWithCodeDeploy": "true"}}}),
			awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{Sid: jsii.String("InvokeHooks"),
				Actions:   jsii.Strings("lambda:InvokeFunction"),
				Resources: &[]*string{function("CodeDeployHook_*")}}),
		},
	})
	SuppressNag(boundary, NagSuppression{ID: "AwsSolutions-IAM5",
		Reason: "A permissions boundary: it grants nothing, it only caps the AWS managed policy CDK attaches. Its wildcards are that policy's (read-only actions, " +
			"CodeDeploy's revision objects, CodeDeployHook_* functions) except lambda:UpdateAlias, narrowed to this stack's functions and their aliases (:*).",
		AppliesTo: append([]string{"Resource::*", "Resource::arn:<AWS::Partition>:s3:::*/CodeDeploy/*",
			"Resource::arn:<AWS::Partition>:lambda:<AWS::Region>:<AWS::AccountId>:function:CodeDeployHook_*"}, waivedFunctions...)})
	return awsiam.NewRole(scope, id, &awsiam.RoleProps{
		AssumedBy:           awsiam.NewServicePrincipal(jsii.String(awslimits.CodeDeployServicePrincipal), nil),
		Description:         orString(props.Description, "CodeDeploy shifting each API Lambda's live alias to a new version"),
		PermissionsBoundary: boundary,
	})
}

// arnsFit: ARNs of names (perName each, prefixLen before the name, with
// quotes and commas) fit in budget characters.
func arnsFit(names []string, prefixLen, perName, budget int) bool {
	n := 0
	for _, name := range names {
		n += perName * (prefixLen + len(name) + len(`:*"",`))
	}
	return n <= budget
}
