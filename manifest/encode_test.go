package manifest_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/strangler-fig/strangler/manifest"
)

// TestEncodeRoundTrip: Encode writes what Parse reads back unchanged.
func TestEncodeRoundTrip(t *testing.T) {
	for _, name := range []string{"minimal.yaml", "full.yaml", "existing-vpc.yaml"} {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", name))
			if err != nil {
				t.Fatal(err)
			}
			m := parse(t, string(data))
			out, err := manifest.Encode(m)
			if err != nil {
				t.Fatal(err)
			}
			again := parse(t, string(out))
			// Warnings name lines, which differ between the two files.
			if len(m.Warnings()) != len(again.Warnings()) {
				t.Errorf("warnings differ:\n%q\n%q", m.Warnings(), again.Warnings())
			}
			manifest.ClearWarnings(m)
			manifest.ClearWarnings(again)
			if !reflect.DeepEqual(m, again) {
				t.Errorf("round trip changed the manifest\nencoded:\n%s", out)
			}
			if !strings.HasPrefix(string(out), "legacy:\n  domainName: legacy-api.example.com\n") {
				t.Errorf("Encode does not start with legacy, indented by 2:\n%s", out)
			}
			// Encoding is stable: a second round gives the same bytes.
			out2, err := manifest.Encode(again)
			if err != nil {
				t.Fatal(err)
			}
			if string(out) != string(out2) {
				t.Errorf("second Encode differs:\n%s\nvs\n%s", out, out2)
			}
		})
	}
}

// TestEncodeDraft: a planner's draft built in Go, without defaults, encodes
// to a manifest that parses into the same routes.
func TestEncodeDraft(t *testing.T) {
	draft := &manifest.Manifest{
		Legacy: manifest.Legacy{DomainName: "legacy-api.example.com"},
		Routes: []manifest.Route{
			{Path: "/user/{id}", Methods: []string{"GET"}},
			{Path: "/user/{id}/orders", Target: manifest.TargetLegacy},
			{Path: "/search", Auth: manifest.AuthNone, Cache: manifest.CachePublic, CacheQueryKeys: manifest.QueryKeys{}, CacheTTLSeconds: ptr(5), Environment: map[string]string{"MODE": "yes"}},
		},
	}
	out, err := manifest.Encode(draft)
	if err != nil {
		t.Fatal(err)
	}
	want := doc(`
legacy:
  domainName: legacy-api.example.com
routes:
  - path: /user/{id}
    methods:
      - GET
  - path: /user/{id}/orders
    target: legacy
  - path: /search
    auth: none
    cache: public
    cacheTtlSeconds: 5
    cacheQueryKeys: []
    environment:
      MODE: "yes"
`)
	if string(out) != want {
		t.Errorf("Encode =\n%s\nwant\n%s", out, want)
	}
	m := parse(t, string(out))
	if m.Routes[2].Environment["MODE"] != "yes" || m.Routes[0].Function != "api-user-id" {
		t.Errorf("parsed draft = %+v", m.Routes)
	}
}
