package manifest_test

import (
	"strings"
	"testing"

	"github.com/strangler-fig/strangler/manifest"
)

// withOriginSecret puts an originSecret mapping under legacy (line 3).
func withOriginSecret(o string) string {
	return strings.Replace(withRoutes("  - path: /a\n"), "routes:", "  originSecret: "+o+"\nroutes:", 1)
}

func TestOriginSecretRotationDefaults(t *testing.T) {
	if m := parse(t, withRoutes("  - path: /a\n")); m.RotatesOriginSecret() || m.Legacy.OriginSecret.RefreshHours != 0 {
		t.Errorf("rotation on by default: %+v", m.Legacy.OriginSecret)
	}
	m := parse(t, withOriginSecret("{rotationDays: 30}"))
	if !m.RotatesOriginSecret() || m.Legacy.OriginSecret.RefreshHours != manifest.DefaultOriginSecretRefreshHours {
		t.Errorf("rotationDays 30: %+v", m.Legacy.OriginSecret)
	}
	if h := parse(t, withOriginSecret("{rotationDays: 1, refreshHours: 12}")).Legacy.OriginSecret.RefreshHours; h != 12 {
		t.Errorf("refreshHours %d", h)
	}
}

func TestOriginSecretRotationProblems(t *testing.T) {
	for _, c := range []struct{ o, where, msg string }{
		{"{rotationDays: -1}", "legacy.originSecret.rotationDays", "-1; give a number of days, or 0 to rotate only by generation and a deploy"},
		{"{refreshHours: 2}", "legacy.originSecret.refreshHours", "2 without rotationDays: it is the wait inside a scheduled rotation; set rotationDays too, or remove it"},
		{"{rotationDays: 1, refreshHours: -3}", "legacy.originSecret.refreshHours", "-3; give the hours the monolith needs to accept a new value (its secret fetcher's interval with a margin), at least 1"},
		{"{rotationDays: 1, refreshHours: 13}", "legacy.originSecret.refreshHours", "13 h is over half of rotationDays (1 days = 24 h): the previous value must stay valid long after CloudFront switched; raise rotationDays or lower refreshHours"},
	} {
		checkProblems(t, problemsOf(t, withOriginSecret(c.o)), []manifest.Problem{prob(3, c.where, c.msg)})
	}
}
