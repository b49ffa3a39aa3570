package constructs_test

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/constructs"
)

// buildSum builds b and returns the sha256 of the bootstrap it made.
func buildSum(t *testing.T, b constructs.GoBuild) string {
	t.Helper()
	dir, err := b.Build()
	if err != nil {
		t.Fatalf("Build(%+v): %v", b, err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "bootstrap" {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("%s holds %v, want only bootstrap (everything in it is zipped)", dir, names)
	}
	data, err := os.ReadFile(filepath.Join(dir, "bootstrap"))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

func TestGoBuildIsReproducible(t *testing.T) {
	first := t.TempDir()
	// Leftovers in OutDir would end up in the asset: the build clears them.
	if err := os.WriteFile(filepath.Join(first, "stale.txt"), []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	a := buildSum(t, constructs.GoBuild{Entry: helloEntry, OutDir: first})
	b := buildSum(t, constructs.GoBuild{Entry: helloEntry, OutDir: t.TempDir()})
	if a != b {
		t.Errorf("two builds of %s differ: %s and %s", helloEntry, a, b)
	}
	info, err := os.Stat(filepath.Join(first, "bootstrap"))
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o755 {
		t.Errorf("bootstrap mode = %v, want 0755", info.Mode().Perm())
	}
	// The default OutDir (under the user cache) gives the same bytes too.
	if c := buildSum(t, constructs.GoBuild{Entry: helloEntry}); c != a {
		t.Errorf("build into the default OutDir = %s, want %s", c, a)
	}
}

// The same module at two absolute paths builds to the same bytes: no path of
// this machine is in the binary (-trimpath).
//
// Note: a copy of the package at another path *inside* this module does not
// work for this: its import path differs (…/testdata/hello vs …/testdata/x),
// and the import path is in the binary (build info, file names in the
// pclntab), with or without -trimpath. So the copies here are one small
// module placed in two folders.
func TestGoBuildTrimsPaths(t *testing.T) {
	source, err := os.ReadFile(filepath.Join(helloEntry, "main.go"))
	if err != nil {
		t.Fatal(err)
	}
	var sums []string
	for _, dir := range []string{filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "deeper", "b", "c")} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/hello\n\ngo 1.26\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "main.go"), source, 0o644); err != nil {
			t.Fatal(err)
		}
		sums = append(sums, buildSum(t, constructs.GoBuild{Entry: dir, OutDir: t.TempDir()}))
	}
	if sums[0] != sums[1] {
		t.Errorf("the same module at two paths builds to %s and %s: the binary depends on where it was built", sums[0], sums[1])
	}
}

func TestGoBuildSourceChangeChangesBytes(t *testing.T) {
	a := buildSum(t, constructs.GoBuild{Entry: writeMainPackage(t, "hello", ""), OutDir: t.TempDir()})
	b := buildSum(t, constructs.GoBuild{Entry: writeMainPackage(t, "hello, world", ""), OutDir: t.TempDir()})
	if a == b {
		t.Errorf("builds of different sources are identical (%s)", a)
	}
	// Both arm64 and amd64 build; they differ.
	entry := writeMainPackage(t, "hello", "")
	arm := buildSum(t, constructs.GoBuild{Entry: entry, OutDir: t.TempDir()})
	amd := buildSum(t, constructs.GoBuild{Entry: entry, Arch: "amd64", OutDir: t.TempDir()})
	if arm == amd {
		t.Errorf("arm64 and amd64 builds are identical")
	}
}

func TestGoBuildErrorNamesEntryAndCompilerMessage(t *testing.T) {
	entry := writeMainPackage(t, "", "package main\n\nfunc main() {\n\tfmt.Println(\"no import\")\n}\n")
	_, err := constructs.GoBuild{Entry: entry, OutDir: t.TempDir()}.Build()
	if err == nil {
		t.Fatal("Build of a broken package succeeded")
	}
	for _, want := range []string{entry, "main.go:4", "undefined: fmt"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not contain %q:\n%v", want, err)
		}
	}

	syntax := writeMainPackage(t, "", "package main\n\nfunc main() {\n")
	_, err = constructs.GoBuild{Entry: syntax, OutDir: t.TempDir()}.Build()
	if err == nil || !strings.Contains(err.Error(), syntax) || !strings.Contains(err.Error(), "syntax error") {
		t.Errorf("error of a syntax error = %v, want the entry and the compiler's syntax error", err)
	}

	// GoCode stops synth with the same message.
	mustPanic(t, func() { constructs.GoCode(syntax) }, syntax, "syntax error")
}

// The asset hash (the function code's S3 key) depends only on the source.
func TestGoCodeAssetHashIsStable(t *testing.T) {
	s3Key := func(t *testing.T, props *constructs.ApiFunctionProps) string {
		t.Helper()
		stack := newTestStack(t, nil)
		constructs.NewApiFunction(stack, jsii.String("Fn"), props)
		_, fn := templateOf(t, stack).only("AWS::Lambda::Function", nil)
		key, _ := properties(fn)["Code"].(map[string]any)["S3Key"].(string)
		if !strings.HasSuffix(key, ".zip") {
			t.Fatalf("Code.S3Key = %q, want <hash>.zip", key)
		}
		return key
	}
	fromOutDir := func(t *testing.T, entry string) *constructs.ApiFunctionProps {
		t.Helper()
		return &constructs.ApiFunctionProps{Code: constructs.GoBuild{Entry: entry, OutDir: t.TempDir()}.Code()}
	}

	first := s3Key(t, &constructs.ApiFunctionProps{Entry: jsii.String(helloEntry)})
	second := s3Key(t, &constructs.ApiFunctionProps{Entry: jsii.String(helloEntry)})
	if first != second {
		t.Errorf("two synths of %s: S3Key %s then %s", helloEntry, first, second)
	}
	// A fresh build (another OutDir, so not memoized) hashes the same.
	if rebuilt := s3Key(t, fromOutDir(t, helloEntry)); rebuilt != first {
		t.Errorf("a rebuild of %s: S3Key %s, want %s", helloEntry, rebuilt, first)
	}
	// A changed source changes the hash.
	changed := s3Key(t, fromOutDir(t, writeMainPackage(t, "hello, changed", "")))
	if changed == first {
		t.Errorf("a changed source kept the S3Key %s", first)
	}
}
