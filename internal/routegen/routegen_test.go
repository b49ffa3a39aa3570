package routegen_test

import (
	"fmt"
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

// The shop-shaped manifests, the realistic case (deep paths, several
// variable names, shared functions, mixed cache modes, monolith paths
// under migrated prefixes, a {proxy+}), load and fit CloudFront's default
// quota of behaviours with room: about two per top-level resource, one
// more where the cache differs by depth, one per monolith path kept.
func TestShopManifestsFitTheBehaviourQuota(t *testing.T) {
	for _, c := range []struct {
		n   int
		via string
	}{{50, ""}, {100, ""}, {112, ""}, {150, ""}, {50, "api-gateway"}, {100, "api-gateway"}, {112, "api-gateway"}, {150, "api-gateway"}} {
		n := c.n
		yaml, _ := routegen.Shop(n, "lambdas", c.via)
		m, err := manifest.Parse([]byte(yaml), "shop.yaml", "")
		if err != nil {
			t.Fatalf("%d routes: %v", n, err)
		}
		bs, _ := m.EdgeBehaviors()
		legacy := 0
		for _, r := range m.Routes {
			if r.Target == manifest.TargetLegacy {
				legacy++
			}
		}
		t.Logf("%d routes (%d kept on the monolith via %q), %d functions: %d behaviours", len(m.Routes), legacy, c.via, len(m.Functions()), len(bs))
		if len(m.Routes) != n {
			t.Errorf("%d routes asked, %d made", n, len(m.Routes))
		}
		if len(bs) > manifest.DefaultCacheBehaviorQuota*85/100 {
			t.Errorf("%d routes need %d behaviours: not within 85%% of the default quota (%d)", n, len(bs), manifest.DefaultCacheBehaviorQuota)
		}
	}
}

// BenchmarkShopEdgeBehaviors: planning the CloudFront behaviours of a
// shop-shaped manifest, as every synth does once (go test -bench Shop
// ./internal/routegen). Each iteration parses anew; the plan cache is
// what makes the second and later plans of one manifest cheap.
func BenchmarkShopEdgeBehaviors(b *testing.B) {
	for _, n := range []int{50, 150} {
		yaml, _ := routegen.Shop(n, "lambdas", "")
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				m, err := manifest.Parse([]byte(yaml), "shop.yaml", "")
				if err != nil {
					b.Fatal(err)
				}
				m.EdgeBehaviors()
			}
		})
	}
}
