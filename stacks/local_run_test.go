package stacks

import (
	"slices"
	"testing"

	"github.com/strangler-fig/strangler/constructs"
	"github.com/strangler-fig/strangler/manifest"
)

// The local run gets exactly what the stack compiles and defines.
func TestLocalRunHelpers(t *testing.T) {
	w := 10
	m := &manifest.Manifest{Routes: []manifest.Route{
		{Path: "/user/{id}", Function: "api-user-id", Target: manifest.TargetLambda, Weight: &w},
		{Path: "/user/{id}/orders", Target: manifest.TargetLegacy},
		{Path: "/user/{id}/consents", Target: manifest.TargetLegacy, Via: manifest.ViaAPIGateway},
	}}
	want := []constructs.CutoverRoute{{Template: "/user/{id}", Weight: 10}, {Template: "/user/{id}/consents", Weight: -1}}
	if got := CutoverRoutes(m); !slices.Equal(got, want) {
		t.Errorf("CutoverRoutes = %v, want %v", got, want)
	}
	if got := APIMethods([]string{"GET"}); !slices.Equal(got, []string{"GET", "HEAD"}) {
		t.Errorf("APIMethods(GET) = %v, want GET HEAD", got)
	}
}
