package awslimits_test

import (
	"testing"

	"github.com/strangler-fig/strangler/awslimits"
)

func TestRDSInstanceClassMemoryGiB(t *testing.T) {
	for class, want := range map[string]float64{
		"db.t3.micro": 1, "db.t4g.2xlarge": 32, "db.m6g.large": 8, "db.m7g.xlarge": 16, "db.m5.24xlarge": 384,
		"db.r6g.large": 16, "db.r6i.4xlarge": 128, "db.r7g.16xlarge": 512,
	} {
		if got, ok := awslimits.RDSInstanceClassMemoryGiB(class); !ok || got != want {
			t.Errorf("%s: %v %v, want %v GiB", class, got, ok, want)
		}
	}
	for _, class := range []string{"", "r6g.large", "db.x2g.large", "db.r6g.medium", "db.r6g.1xlarge", "db.r6g.64xlarge", "db.t3.nano", "db.r6g.large.extra"} {
		if got, ok := awslimits.RDSInstanceClassMemoryGiB(class); ok {
			t.Errorf("%q: %v GiB, want unknown", class, got)
		}
	}
}
