package constructs

import (
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	awsconstructs "github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// toolFunction is the shape of this project's own Go Lambdas that call
// AWS APIs rather than serve routes (the quota watch, the cut-over
// fallback, the caller authorizer): provided.al2023 on arm64, outside any
// VPC, JSON logs into their own log group, the given role.
type toolFunction struct {
	description string
	code        awslambda.Code
	memoryMiB   float64
	timeout     float64 // seconds
	env         map[string]*string
	role        awsiam.IRole
	logGroup    awslogs.ILogGroup
}

func (t toolFunction) make(scope awsconstructs.Construct) awslambda.Function {
	return awslambda.NewFunction(scope, jsii.String("Function"), &awslambda.FunctionProps{
		Description:   jsii.String(t.description),
		Runtime:       providedAl2023(),
		Architecture:  arm64Architecture(),
		Handler:       jsii.String("bootstrap"),
		Code:          t.code,
		MemorySize:    jsii.Number(t.memoryMiB),
		Timeout:       seconds(t.timeout),
		Environment:   &t.env,
		Role:          t.role,
		LoggingFormat: awslambda.LoggingFormat_JSON,
		LogGroup:      t.logGroup,
	})
}
