package constructs

import (
	"sync"

	"github.com/aws/aws-cdk-go/awscdk/v2/awscodedeploy"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
)

// Reading an aws-cdk-lib static (Architecture_ARM_64, Runtime_PROVIDED_AL2023)
// is a round trip to Node that returns the same object each time; a
// 150-function stack read these ~900 times. Read once per process.
var (
	arm64Architecture   = sync.OnceValue(awslambda.Architecture_ARM_64)
	x86Architecture     = sync.OnceValue(awslambda.Architecture_X86_64)
	providedAl2023      = sync.OnceValue(awslambda.Runtime_PROVIDED_AL2023)
	canary10Percent5Mi  = sync.OnceValue(awscodedeploy.LambdaDeploymentConfig_CANARY_10PERCENT_5MINUTES)
	x86ArchitectureName = sync.OnceValue(func() string { return *x86Architecture().Name() })
)

// goArch is the GOARCH building for arch: amd64 for x86_64, else arm64.
// The two statics are told apart without asking Node; another object
// (one a caller made with Architecture_Custom) by its name.
func goArch(arch awslambda.Architecture) string {
	switch arch {
	case arm64Architecture():
		return "arm64"
	case x86Architecture():
		return "amd64"
	}
	if *arch.Name() == x86ArchitectureName() {
		return "amd64"
	}
	return "arm64"
}
