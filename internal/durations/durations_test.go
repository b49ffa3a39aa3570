package durations

import (
	"os"
	"testing"

	"github.com/strangler-fig/strangler/internal/jsiitest"
)

// The package links aws-cdk-go: jsiitest removes what jsii leaves in the
// temporary folder.
func TestMain(m *testing.M) { os.Exit(jsiitest.Run(m)) }

// One object per value (the point: no second round trip), the right value.
func TestSecondsMadeOncePerValue(t *testing.T) {
	a, b, c := Seconds(29), Seconds(29), Seconds(30)
	if a != b {
		t.Error("two objects for 29 s")
	}
	if a == c {
		t.Error("one object for 29 s and 30 s")
	}
	if got := *a.ToSeconds(nil); got != 29 {
		t.Errorf("Seconds(29) = %v s", got)
	}
	// Minutes are their own objects: 1 minute is not Seconds(1).
	if m := Minutes(1); m != Minutes(1) || m == Seconds(1) || *m.ToSeconds(nil) != 60 {
		t.Errorf("Minutes(1) = %v s, one object per value", *m.ToSeconds(nil))
	}
}
