package manifest_test

import (
	"strings"
	"testing"

	"github.com/strangler-fig/strangler/manifest"
)

func TestOriginKeyRotationDays(t *testing.T) {
	if d := *parse(t, withRoutes("  - path: /a\n")).APIGateway.OriginKeyRotationDays; d != manifest.DefaultOriginKeyRotationDays {
		t.Errorf("default %d", d)
	}
	src := strings.Replace(withRoutes("  - path: /a\n"), "routes:", "apiGateway: {originKeyRotationDays: -1}\nroutes:", 1)
	checkProblems(t, problemsOf(t, src), []manifest.Problem{prob(3, "apiGateway.originKeyRotationDays", "-1; give a number of days, or 0 to rotate only by originKeyGeneration")})
	off := strings.Replace(withRoutes("  - path: /a\n"), "routes:", "apiGateway: {originKeyRotationDays: 0}\nroutes:", 1)
	if d := *parse(t, off).APIGateway.OriginKeyRotationDays; d != 0 {
		t.Errorf("0 (off) became %d", d)
	}
}
