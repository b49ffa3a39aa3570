package manifest_test

import (
	"strings"
	"testing"
)

// With the defaults a read that fails over answers within 60 s (29 s of
// API Gateway, or 3 x 10 s of connection attempts, then 30 s of the
// monolith); a monolith allowed 60 s makes synth warn.
func TestFailoverTimeoutChain(t *testing.T) {
	m := parse(t, withRoutes("  - path: /a\n"))
	if got := m.FailoverWorstSeconds(); got != 60 {
		t.Errorf("worst case %d s, want 60", got)
	}
	if len(m.Warnings()) != 0 {
		t.Errorf("warnings %q", m.Warnings())
	}
	m = parse(t, "legacy:\n  domainName: legacy-api.example.com\n  readTimeoutSeconds: 60\nroutes:\n  - path: /a\n")
	if w := m.Warnings(); len(w) != 1 || !strings.Contains(w[0], "can take up to 90 s") {
		t.Errorf("warnings %q, want one saying up to 90 s", w)
	}
}
