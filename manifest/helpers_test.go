package manifest_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/strangler-fig/strangler/manifest"
)

// testFile is the name every in-memory manifest is parsed under.
const testFile = "routes.yaml"

// head starts most test manifests: a valid legacy origin, then routes from
// line 4 on.
const head = `legacy:
  domainName: legacy-api.example.com
routes:
`

// doc returns a YAML document written as a raw string literal: the newline
// after the opening backquote is dropped, so the next line is line 1.
func doc(s string) string { return strings.TrimPrefix(s, "\n") }

// withRoutes is head followed by routes; the first route is on line 4.
func withRoutes(routes string) string { return head + doc(routes) }

// prob builds an expected problem.
func prob(line int, where, msg string) manifest.Problem {
	return manifest.Problem{Line: line, Where: where, Message: msg}
}

// authFixture decides how the routes of a test manifest are authenticated
// (every manifest must): appended after the last line, it moves no line.
const authFixture = "\nauth: {default: jwt, jwt: {issuer: \"https://login.example.com/\", audiences: [api], jwksUrl: \"https://login.example.com/jwks.json\"}}\n"

// withAuth appends authFixture to src unless src says auth itself or is
// not a plain YAML mapping at the top.
func withAuth(src string) string {
	if strings.Contains(src, "\nauth:") || strings.HasPrefix(src, "auth:") || !strings.Contains(src, "routes:") ||
		strings.HasPrefix(strings.TrimSpace(src), "{") {
		return src
	}
	return strings.TrimRight(src, "\n") + authFixture
}

// parse parses src (withAuth) as testFile without checking Lambda folders.
func parse(t *testing.T, src string) *manifest.Manifest {
	t.Helper()
	m, err := manifest.Parse([]byte(withAuth(src)), testFile, "")
	if err != nil {
		t.Fatalf("Parse: unexpected error:\n%v\nmanifest:\n%s", err, src)
	}
	return m
}

// problemsOf parses src and returns the problems it is refused for.
func problemsOf(t *testing.T, src string) []manifest.Problem {
	t.Helper()
	m, err := manifest.Parse([]byte(withAuth(src)), testFile, "")
	return problemsFrom(t, m, err, testFile, src)
}

func problemsFrom(t *testing.T, m *manifest.Manifest, err error, file, src string) []manifest.Problem {
	t.Helper()
	if err == nil {
		t.Fatalf("no error for a manifest with problems:\n%s", src)
	}
	if m != nil {
		t.Errorf("a manifest was returned with the error %v", err)
	}
	var me *manifest.Error
	if !errors.As(err, &me) {
		t.Fatalf("error is %T, not *manifest.Error: %v", err, err)
	}
	if me.File != file {
		t.Errorf("Error.File = %q, want %q", me.File, file)
	}
	return me.Problems
}

// checkProblems compares problems exactly, in order, and prints both lists
// in full when they differ.
func checkProblems(t *testing.T, got, want []manifest.Problem) {
	t.Helper()
	if len(got) == len(want) {
		same := true
		for i := range got {
			same = same && got[i] == want[i]
		}
		if same {
			return
		}
	}
	t.Errorf("problems differ\ngot:\n%s\nwant:\n%s", formatProblems(got), formatProblems(want))
}

func formatProblems(ps []manifest.Problem) string {
	if len(ps) == 0 {
		return "\t(none)"
	}
	var b strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&b, "\tline %d | %s | %s\n", p.Line, p.Where, p.Message)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// project writes a manifest and Lambda folders (each with a main.go) into
// a temporary directory and returns the manifest's path, for Load.
func project(t *testing.T, src string, lambdas ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range lambdas {
		d := filepath.Join(dir, "lambdas", name)
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "main.go"), []byte("package main\n\nfunc main() {}\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(dir, "routes.yaml")
	if err := os.WriteFile(path, []byte(withAuth(src)), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func ptr[T any](v T) *T { return &v }

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
