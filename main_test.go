package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/strangler-fig/strangler/internal/cdkjson"
	"github.com/strangler-fig/strangler/internal/jsiitest"
)

// The package links aws-cdk-go: jsiitest removes what jsii leaves in the
// temporary folder.
func TestMain(m *testing.M) { os.Exit(jsiitest.Run(m)) }

var update = flag.Bool("update", false, "rewrite the golden template from this synth")

// golden holds the templates of routes.yaml: the stack's and its nested stacks'.
const golden = "stacks/testdata/golden"

var (
	buildOnce sync.Once
	appBinary string
	buildErr  error
)

// app builds this CDK app once, as `cdk synth` runs it.
func app(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "strangler-app")
		if err != nil {
			buildErr = err
			return
		}
		appBinary = filepath.Join(dir, "app")
		out, err := exec.Command("go", "build", "-o", appBinary, ".").CombinedOutput()
		if err != nil {
			buildErr = err
			t.Logf("%s", out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return appBinary
}

// synthCLI runs the app the way the CDK CLI does: outdir and context in
// the environment, the context being cdk.json's (the feature flags) with
// the command line's -c values over it.
func synthCLI(t testing.TB, context map[string]string, env ...string) (outdir string, stderr string, err error) {
	t.Helper()
	outdir = t.TempDir()
	ctx, _ := json.Marshal(cliContext(context))
	cmd := exec.Command(app(t))
	cmd.Env = append(append(os.Environ(), "CDK_OUTDIR="+outdir, "CDK_CONTEXT_JSON="+string(ctx)), env...)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	err = cmd.Run()
	return outdir, errb.String(), err
}

// The templates of routes.yaml are the golden ones, and pass the
// CloudFormation validation (`-c validate=true`: every template, every
// finding an error), which writes its report only when it ran.
func TestGoldenTemplate(t *testing.T) {
	out, stderr, err := synthCLI(t, map[string]string{"validate": "true"})
	if err != nil {
		t.Fatalf("synth: %v\n%s", err, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "validation-report.json")); err != nil {
		t.Errorf("-c validate=true did not validate: %v", err)
	}
	got := templates(t, out)
	if *update {
		os.RemoveAll(golden)
		if err := os.MkdirAll(golden, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, body := range got {
			if err := os.WriteFile(filepath.Join(golden, name), body, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	want := templates(t, golden)
	if len(want) == 0 {
		t.Fatalf("no templates in %s; create them with: go test . -run TestGoldenTemplate -update", golden)
	}
	for _, name := range slices.Sorted(maps.Keys(want)) {
		if _, ok := got[name]; !ok {
			t.Errorf("synth no longer writes %s", name)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(got)) {
		if w, ok := want[name]; !ok {
			t.Errorf("synth writes %s, which %s lacks", name, golden)
		} else if !bytes.Equal(got[name], w) {
			t.Errorf("%s differs from %s", name, filepath.Join(golden, name))
		}
	}
	if t.Failed() {
		t.Fatalf("the templates of routes.yaml changed.\nReview the change offline with:\n  cdk diff --app %s --template %s\n(or diff the folders: diff -r %s %s), then accept it with:\n  go test . -run TestGoldenTemplate -update",
			out, filepath.Join(golden, "ApiMigration.template.json"), golden, out)
	}
}

// templates reads every *.template.json in dir, by file name.
func templates(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*.template.json"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, p := range paths {
		body, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(p)] = body
	}
	return out
}

// Two synths, each building the Lambdas from scratch in its own process,
// give the same asset hashes: `cdk diff` shows code changes only when the
// code changed.
// Two synths, each building every Lambda from scratch in a build cache of
// its own (STRANGLER_BUILD_CACHE), give the same assets and templates:
// same source, same bytes. (Sharing a cache, the second would reuse the
// first's binaries and could not see a build that is not reproducible.)
func TestSynthIsReproducible(t *testing.T) {
	first, stderr, err := synthCLI(t, nil, "STRANGLER_BUILD_CACHE="+t.TempDir())
	if err != nil {
		t.Fatalf("synth: %v\n%s", err, stderr)
	}
	second, stderr, err := synthCLI(t, nil, "STRANGLER_BUILD_CACHE="+t.TempDir())
	if err != nil {
		t.Fatalf("synth: %v\n%s", err, stderr)
	}
	if diffs := synthDiffs(t, first, second); len(diffs) > 0 {
		t.Errorf("two synths from scratch differ:\n%s", strings.Join(diffs, "\n"))
	}
}

// The comparison sees a build that differs: the same manifest, one
// function's source changed between two synths from scratch.
func TestReproducibilityCheckSeesADifferentBuild(t *testing.T) {
	// Inside this module, so the build finds go.mod.
	lambdas, err := os.MkdirTemp(".", ".repro-lambdas-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(lambdas) })
	if lambdas, err = filepath.Abs(lambdas); err != nil {
		t.Fatal(err)
	}
	src := "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(%q) }\n"
	fn := filepath.Join(lambdas, "api-a")
	if err := os.MkdirAll(fn, 0o755); err != nil {
		t.Fatal(err)
	}
	manifest := filepath.Join(t.TempDir(), "routes.yaml")
	os.WriteFile(manifest, []byte("legacy: {domainName: legacy.example.com}\nlambdasDir: "+lambdas+"\nroutes:\n  - path: /a\n    function: api-a\n    auth: none\n"), 0o644)
	var outs []string
	for _, greeting := range []string{"one", "two"} {
		os.WriteFile(filepath.Join(fn, "main.go"), []byte(fmt.Sprintf(src, greeting)), 0o644)
		out, stderr, err := synthCLI(t, map[string]string{"manifest": manifest}, "STRANGLER_BUILD_CACHE="+t.TempDir())
		if err != nil {
			t.Fatalf("synth: %v\n%s", err, stderr)
		}
		outs = append(outs, out)
	}
	if diffs := synthDiffs(t, outs[0], outs[1]); len(diffs) == 0 {
		t.Error("two different builds of api-a compared equal")
	}
}

// synthDiffs lists how two cloud assemblies differ: asset hashes, and each
// template.
func synthDiffs(t *testing.T, first, second string) []string {
	t.Helper()
	var diffs []string
	a, b := assetHashes(t, first), assetHashes(t, second)
	if len(a) < 2 {
		t.Fatalf("want an asset per Lambda, got %v", a)
	}
	if strings.Join(a, ",") != strings.Join(b, ",") {
		diffs = append(diffs, fmt.Sprintf("asset hashes: %v / %v", a, b))
	}
	ta, tb := templates(t, first), templates(t, second)
	if len(ta) != len(tb) {
		diffs = append(diffs, fmt.Sprintf("templates: %d and %d", len(ta), len(tb)))
	}
	for name, body := range ta {
		if !bytes.Equal(body, tb[name]) {
			diffs = append(diffs, "template "+name)
		}
	}
	return diffs
}

func assetHashes(t *testing.T, outdir string) []string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(outdir, "ApiMigration.assets.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Files map[string]struct {
			Source struct{ Path string } `json:"source"`
		} `json:"files"`
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	var hashes []string
	for hash, f := range m.Files {
		if strings.HasPrefix(f.Source.Path, "asset.") {
			hashes = append(hashes, hash)
		}
	}
	slices.Sort(hashes)
	return hashes
}

// A bad manifest stops synth with the manifest's own message and exit
// status 1: no stack trace, nothing synthesized.
func TestBadManifestFailsSynthWithItsProblems(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(bad, []byte("legacy:\n  domainName: legacy.example.com\nroutes:\n  - path: /user/{id}\n    function: api-user-id\n    timeoutSeconds: 60\n    cahce: none\n"), 0o644)
	out, stderr, err := synthCLI(t, map[string]string{"manifest": bad})
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != 1 {
		t.Fatalf("exit %v, want status 1; stderr:\n%s", err, stderr)
	}
	for _, want := range []string{
		"route manifest " + bad + " has 1 problem(s):",
		bad + `:7: route /user/{id} (routes[0]): unknown field "cahce"; did you mean "cache"?`,
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, "goroutine") || strings.Contains(stderr, "panic") {
		t.Errorf("stderr has a stack trace:\n%s", stderr)
	}
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Errorf("synthesized %d files from a bad manifest", len(entries))
	}
}

// A Lambda that does not compile stops synth with the compiler's words and
// exit status 1, not a stack trace.
func TestBrokenLambdaFailsSynthWithCompilerOutput(t *testing.T) {
	lambdas, err := os.MkdirTemp(".", ".broken-lambdas-") // inside the module, so go build finds go.mod
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(lambdas) })
	os.MkdirAll(filepath.Join(lambdas, "api-broken"), 0o755)
	os.WriteFile(filepath.Join(lambdas, "api-broken", "main.go"), []byte("package main\n\nfunc main() { undefinedThing() }\n"), 0o644)
	abs, _ := filepath.Abs(lambdas)
	m := filepath.Join(t.TempDir(), "routes.yaml")
	os.WriteFile(m, []byte("legacy: {domainName: legacy.example.com}\nlambdasDir: "+abs+"\nroutes:\n  - path: /broken\n    function: api-broken\n    auth: none\n"), 0o644)
	_, stderr, err := synthCLI(t, map[string]string{"manifest": m})
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != 1 {
		t.Fatalf("exit %v, want status 1; stderr:\n%s", err, stderr)
	}
	for _, want := range []string{"synth failed: building Lambda " + filepath.Join(abs, "api-broken"), "undefined: undefinedThing"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, "goroutine ") {
		t.Errorf("stderr has a stack trace:\n%s", stderr)
	}
}

// cliContext is the context the CDK CLI hands the app: cdk.json's, with
// the -c values over it.
func cliContext(c map[string]string) map[string]any {
	all := cdkjson.MustContext()
	for k, v := range c {
		all[k] = v
	}
	return all
}
