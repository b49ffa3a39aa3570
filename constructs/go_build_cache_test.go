package constructs

import (
	"os"
	"path/filepath"
	"testing"
)

// writePackage writes files (name -> source) into a new folder under
// testdata (inside the module, so go finds go.mod).
func writePackage(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// The key follows every input of the build and nothing else: the entry's
// files, a main-module package it imports, the target; not a file the
// build does not read.
func TestInputKeysFollowTheInputs(t *testing.T) {
	root, err := os.MkdirTemp("testdata", "gobuild-keys-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(root) })
	root, _ = filepath.Abs(root)
	entry, lib := filepath.Join(root, "cmd"), filepath.Join(root, "lib")
	importPath := "github.com/strangler-fig/strangler/constructs/testdata/" + filepath.Base(root) + "/lib"
	writePackage(t, lib, map[string]string{"lib.go": "package lib\n\nconst Greeting = \"hello\"\n"})
	writePackage(t, entry, map[string]string{"main.go": "package main\n\nimport (\n\t\"fmt\"\n\n\t\"" + importPath + "\"\n)\n\nfunc main() { fmt.Println(lib.Greeting) }\n"})
	key := func() string {
		t.Helper()
		k := inputKeys([]string{entry}, "arm64", DefaultGoToolchain)[entry]
		if k == "" {
			t.Fatal("no key for a plain main package")
		}
		return k
	}
	first := key()
	if again := key(); again != first {
		t.Errorf("key changed with nothing changed: %s then %s", first, again)
	}
	writePackage(t, entry, map[string]string{"README.md": "not Go\n", "main_test.go": "package main\n"})
	if k := key(); k != first {
		t.Error("a file the build does not read changed the key")
	}
	writePackage(t, lib, map[string]string{"lib.go": "package lib\n\nconst Greeting = \"hello, world\"\n"})
	libChanged := key()
	if libChanged == first {
		t.Error("changing an imported main-module package kept the key: a stale binary would be deployed")
	}
	writePackage(t, entry, map[string]string{"extra.go": "package main\n\nvar _ = 1\n"})
	withExtra := key()
	if withExtra == libChanged {
		t.Error("adding a file to the entry kept the key")
	}
	libChanged = withExtra
	if amd := inputKeys([]string{entry}, "amd64", DefaultGoToolchain)[entry]; amd == "" || amd == key() {
		t.Error("another GOARCH gave the same key")
	}
	t.Setenv("GOFIPS140", "latest") // builds the FIPS module in: other bytes
	if k := inputKeys([]string{entry}, "arm64", DefaultGoToolchain)[entry]; k == "" || k == libChanged {
		t.Error("GOFIPS140 kept the key")
	}
	if k := inputKeys([]string{entry}, "arm64", "local"); k != nil {
		t.Error("toolchain local got a key: its version is not pinned")
	}
}

// A second build with the same inputs is skipped: with the key known and
// no go command on PATH, it still returns the first build's folder.
func TestBuildWithKnownInputsIsSkipped(t *testing.T) {
	entry, err := os.MkdirTemp("testdata", "gobuild-skip-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(entry) })
	entry, _ = filepath.Abs(entry)
	writePackage(t, entry, map[string]string{"main.go": "package main\n\nfunc main() { println(\"skip\") }\n"})
	b := GoBuild{Entry: entry, Arch: "arm64", Toolchain: DefaultGoToolchain}
	first, err := b.run(entry)
	if err != nil {
		t.Fatal(err)
	}
	keys.Store(entry+"\x00arm64\x00"+DefaultGoToolchain, inputKeys([]string{entry}, "arm64", DefaultGoToolchain)[entry])
	t.Setenv("PATH", "")
	second, err := b.run(entry)
	if err != nil {
		t.Fatalf("second build ran go again: %v", err)
	}
	if second != first {
		t.Errorf("second build %s, want the first's %s", second, first)
	}
}
