package stacks_test

import "testing"

// The rotating origin secret (slots, the rotation function and role, a
// stage variable, the delegate authorizer reading both slots) leaves
// cdk-nag nothing unsuppressed, and its waivers are all used.
func TestNagOriginSecretRotation(t *testing.T) {
	requireNoMigrationFindings(t, fixture(t, rotatingOriginSecretManifest))
}
