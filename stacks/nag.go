package stacks

// suppressStackFindings records the cdk-nag suppressions that belong to
// the stack's own wiring (constructs record theirs), each with its reason.
func suppressStackFindings(s *MigrationStack) {}
