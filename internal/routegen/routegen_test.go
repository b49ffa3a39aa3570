package routegen_test

import (
	"testing"

	"github.com/strangler-fig/strangler/internal/routegen"
	"github.com/strangler-fig/strangler/manifest"
)

// The generated manifests load: every check passes, the behaviours fit the
// default quota, and every route has its own function.
func TestManifestsLoad(t *testing.T) {
	for _, n := range []int{10, 50, 150} {
		yaml, functions := routegen.Manifest(n, "lambdas", "")
		m, err := manifest.Parse([]byte(yaml), "gen.yaml", "")
		if err != nil {
			t.Fatalf("%d routes: %v", n, err)
		}
		if len(m.Routes) != n || len(m.Functions()) != n || len(functions) != n {
			t.Errorf("%d routes: got %d routes, %d functions (%d listed)", n, len(m.Routes), len(m.Functions()), len(functions))
		}
		bs, _ := m.EdgeBehaviors()
		if len(bs) > manifest.DefaultCacheBehaviorQuota {
			t.Errorf("%d routes need %d behaviours, over the default quota", n, len(bs))
		}
		t.Logf("%d routes: %d behaviours", n, len(bs))
	}
}
