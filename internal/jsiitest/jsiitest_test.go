package jsiitest

import (
	"os"
	"os/exec"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
)

// Links aws-cdk-go, as the packages that use Run do.
var _ = awscdk.RemovalPolicy_DESTROY

func TestMain(m *testing.M) { os.Exit(Run(m)) }

// This test binary, run again with a temporary folder of its own, leaves
// nothing in it: without Run, jsii's copy of its runtime stays there.
func TestRunLeavesNoTemporaryFolder(t *testing.T) {
	if os.Getenv("JSIITEST_CHILD") == "1" {
		return
	}
	tmp := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestRunLeavesNoTemporaryFolder$")
	cmd.Env = append(os.Environ(), "JSIITEST_CHILD=1", "TMPDIR="+tmp)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Fatalf("left in the temporary folder: %v", left)
	}
}
