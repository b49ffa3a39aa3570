package stacks

import (
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/constructs"
)

// suppressStackFindings records the cdk-nag suppressions that belong to
// the stack's own wiring (constructs record theirs), each with its reason.
func suppressStackFindings(s *MigrationStack) {
	// The CodeDeploy role shared by every function's deployment group.
	if role := s.Node().TryFindChild(jsii.String("DeploymentRole")); role != nil {
		constructs.SuppressNag(role, constructs.CodeDeployRoleSuppression)
	}
}
