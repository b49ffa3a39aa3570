package manifest

import "testing"

func TestLegacyLoggingStaysUnlessTurnedOff(t *testing.T) {
	off, on := false, true
	for _, c := range []struct {
		v    *bool
		want bool
	}{{nil, true}, {&on, true}, {&off, false}} {
		if got := (CloudFront{LegacyLogging: c.v}).KeepsLegacyLogging(); got != c.want {
			t.Errorf("LegacyLogging %v: KeepsLegacyLogging() = %v, want %v", c.v, got, c.want)
		}
	}
}

func TestLegacyLoggingIsAManifestField(t *testing.T) {
	m, err := Parse([]byte("legacy: {domainName: legacy.example.com}\ncloudFront: {legacyLogging: false}\nroutes: [{path: /a, target: legacy}]\n"), "m.yaml", "")
	if err != nil {
		t.Fatal(err)
	}
	if m.CloudFront.KeepsLegacyLogging() {
		t.Error("legacyLogging: false was not read")
	}
}
