package constructs

import (
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/awslimits"
)

// X-Ray active tracing of this project's request-path functions (API
// functions, the caller authorizer) and the API stage. Set on the
// CloudFormation function rather than with the L2 Tracing prop, which
// would add the X-Ray actions to a separate default policy: the roles
// here keep everything in their one inline policy (xrayStatement).

// tracingOn reads a Tracing prop: on unless set false.
func tracingOn(b *bool) bool { return b == nil || *b }

// xrayStatement lets a function's role send its trace segments.
func xrayStatement() awsiam.PolicyStatement {
	return awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid:       jsii.String("WriteTraces"),
		Actions:   jsii.Strings(awslimits.XRayWriteActions...),
		Resources: jsii.Strings("*"), // X-Ray has no resource-level permissions for these
	})
}

// traceActively turns on X-Ray active tracing of fn.
func traceActively(fn awslambda.Function) {
	fn.Node().DefaultChild().(awslambda.CfnFunction).SetTracingConfig(&awslambda.CfnFunction_TracingConfigProperty{Mode: jsii.String("Active")})
}

// xrayNagReason says why the X-Ray actions are on "*".
const xrayNagReason = "xray:PutTraceSegments and xray:PutTelemetryRecords accept only \"*\" (X-Ray has no resource-level permissions for them); they are what Lambda's active tracing needs, as in AWSXRayDaemonWriteAccess."
