package manifest_test

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/strangler-fig/strangler/manifest"
)

// FuzzParse: Parse never panics; it returns either a manifest or an *Error
// naming at least one problem; and a manifest it returns survives
// Encode+Parse unchanged. CI runs the seeds only; locally:
//
//	go test ./manifest/ -run '^$' -fuzz FuzzParse -fuzztime 30s
func FuzzParse(f *testing.F) {
	for _, name := range []string{"minimal.yaml", "full.yaml", "existing-vpc.yaml", filepath.Join("..", "..", "routes.yaml")} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		"",
		"# only a comment\n",
		"---\n",
		"~\n",
		"[]\n",
		"just a string\n",
		head + "  - path: /a\n",
		head + "  - path: /a\n   methods: [GET]\n",
		head + "  - path: /a\n    funtion: x\n",
		head + "  - path: /a\n    memoryMiB: abc\n",
		head + "  - {path: /a, memoryMiB: abc, timeoutSeconds: 5}\n",
		head + "  - path: /user/{id}\n  - path: /user/{name}/orders\n",
		head + "  - path: /a/{id}\n  - path: /a/{x}\n    target: legacy\n",
		head + "  - path: /files/{proxy+}\n    methods: [ANY]\n  - path: /files/{proxy+}/x\n",
		head + "  - path: /a\n    cache: public\n    cacheQueryKeys: []\n    cacheTtlSeconds: 0\n    environment: {AWS_REGION: x, '1': y}\n    secrets: {S: nope}\n",
		head + "  - path: /a\n    environment: {}\n    secrets: {}\n    methods: []\n",
		head + "  - path: /a\n    reservedConcurrency: 9223372036854775807\n  - path: /b\n    reservedConcurrency: 9223372036854775807\n",
		head + "  - &r {path: /a}\n  - *r\n",
		head + "  - {<<: {path: /a}, methods: [GET]}\n",
		"legacy: {domainName: a.example.com}\nnetwork: {cidr: 10.0.0.0/28, maxAzs: 99, privateSubnetPrefix: 24, natGateways: -1}\nroutes: [{path: /}]\n",
		"legacy: {domainName: a.example.com}\nnetwork: {existing: {}}\nroutes: [{path: /}]\n",
		"legacy: {domainName: a.example.com}\nnetwork: {existing: null}\nroutes: [{path: /}]\n",
		"legacy: {domainName: a.example.com}\napiGateway: {throttleRateLimit: 1e3, integrationTimeoutSeconds: 300}\ncloudFront: {originResponseTimeoutSeconds: 180}\nroutes: [{path: /}]\n",
		`{"legacy": {"domainName": "legacy-api.example.com"}, "lambda": {"memoryMiB": "big"}, "routes": [{"path": "/a"}]}`,
		"legacy:\n  domainName: a.example.com\nlegacy:\n  domainName: b.example.com\nroutes: [{path: /a}]\n",
		"routes: [{path: /a}]\n---\nlegacy: {domainName: a.example.com}\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := manifest.Parse(data, "fuzz.yaml", "")
		if err != nil {
			var me *manifest.Error
			if !errors.As(err, &me) {
				t.Fatalf("error is %T, not *manifest.Error: %v", err, err)
			}
			if m != nil {
				t.Fatal("a manifest and an error")
			}
			if len(me.Problems) == 0 {
				t.Fatal("an *Error without problems")
			}
			for _, p := range me.Problems {
				if p.Message == "" || p.Line < 0 {
					t.Fatalf("problem without message or with a negative line: %+v", p)
				}
			}
			if strings.Count(err.Error(), "\n") != len(me.Problems) {
				t.Fatalf("Error() does not have one line per problem:\n%s", err)
			}
			return
		}
		out, err := manifest.Encode(m)
		if err != nil {
			t.Fatalf("Encode of a valid manifest: %v", err)
		}
		again, err := manifest.Parse(out, "encoded.yaml", "")
		if err != nil {
			t.Fatalf("Encode output does not parse: %v\nencoded:\n%s", err, out)
		}
		normalize(m)
		normalize(again)
		if !reflect.DeepEqual(m, again) {
			t.Fatalf("Encode+Parse changed the manifest\ninput:\n%s\nencoded:\n%s", data, out)
		}
		// Functions and EdgeBehaviors of a valid manifest never fail.
		m.Functions()
		if _, errs := m.EdgeBehaviors(); len(errs) > 0 {
			t.Fatalf("EdgeBehaviors of a valid manifest: %v", errs)
		}
	})
}

// normalize treats an empty map as no map: `environment: {}` means the
// same as leaving it out, which is what Encode writes; and drops the
// warnings, whose lines differ between the input and the encoded file.
func normalize(m *manifest.Manifest) {
	manifest.ClearWarnings(m)
	for i := range m.Routes {
		r := &m.Routes[i]
		if len(r.Environment) == 0 {
			r.Environment = nil
		}
		if len(r.Secrets) == 0 {
			r.Secrets = nil
		}
	}
}

// FuzzParseTemplate: ParseTemplate never panics; a template that parses
// prints back as written, parses again to the same segments, has an edge
// pattern without braces and a valid function name, and matches itself
// with every parameter given a value.
func FuzzParseTemplate(f *testing.F) {
	for _, s := range []string{
		"/", "", "/user/{id}", "/user/{id}/orders", "/files/{proxy+}", "/{proxy+}",
		"/v1.2/a_b:c~d@e-f", "user", "/user/", "//", "/a//b", "/a/{p+}/b", "/a/{id}/{id}",
		"/a/x{id}", "/a/{id", "/a/{}", "/a/{+}", "/a/{9}", "/a b", "/é", "/{a}{b}", "/{{a}}",
		"/{a+}/{b}", "/" + strings.Repeat("{a}", 3),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, path string) {
		tpl, err := manifest.ParseTemplate(path)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		if s := tpl.String(); s != path {
			t.Fatalf("String() = %q, want %q", s, path)
		}
		again, err := manifest.ParseTemplate(tpl.String())
		if err != nil || !reflect.DeepEqual(again, tpl) {
			t.Fatalf("reparse of %q = %+v, %v", path, again, err)
		}
		if p := tpl.EdgePattern(); strings.ContainsAny(p, "{}+") || !strings.HasPrefix(p, "/") {
			t.Fatalf("EdgePattern(%q) = %q", path, p)
		}
		if name := tpl.FunctionName(); !strings.HasPrefix(name, "api-") || strings.Trim(name, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" || strings.Contains(name, "--") || strings.HasSuffix(name, "-") {
			t.Fatalf("FunctionName(%q) = %q", path, name)
		}
		concrete := path
		want := map[string]string{}
		for _, s := range tpl.Segments {
			if s.Param != "" {
				concrete = strings.Replace(concrete, s.String(), "v"+s.Param, 1)
				want[s.Param] = "v" + s.Param
			}
		}
		if got, ok := tpl.Match(concrete); !ok || !reflect.DeepEqual(got, want) {
			t.Fatalf("%q Match(%q) = %v, %v; want %v", path, concrete, got, ok, want)
		}
	})
}
