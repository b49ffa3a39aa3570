package constructs

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// ownBuildCache gives the test a build cache (built Lambdas, recorded go
// answers) of its own, so what it sees is what it did.
func ownBuildCache(t *testing.T) {
	t.Helper()
	dir := t.TempDir()
	old := buildCacheRoot
	buildCacheRoot = func() string { return dir }
	t.Cleanup(func() { buildCacheRoot = old })
}

// settle dates every file and folder under root an hour back, as if
// written long before the synth: goAnswer does not record an answer read
// from files saved a moment ago (they may have changed while go read them).
func settle(t *testing.T, root string) {
	t.Helper()
	hourAgo := time.Now().Add(-time.Hour)
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Chtimes(path, hourAgo, hourAgo)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// newModule writes a module outside this one: cmd (the Lambda) imports
// lib; both settled.
func newModule(t *testing.T) (root, entry string) {
	t.Helper()
	root = t.TempDir()
	writePackage(t, root, map[string]string{"go.mod": "module example.com/m\n\ngo 1.26\n"})
	writePackage(t, filepath.Join(root, "lib"), map[string]string{"lib.go": "package lib\n\nconst Greeting = \"hello\"\n"})
	entry = filepath.Join(root, "cmd")
	writePackage(t, entry, map[string]string{"main.go": "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/m/lib\"\n)\n\nfunc main() { fmt.Println(lib.Greeting) }\n"})
	settle(t, root)
	return root, entry
}

// keyAndRuns is the entry's input key and how many go commands it took.
func keyAndRuns(t *testing.T, entry string) (string, int64) {
	t.Helper()
	before := goRuns.Load()
	k := inputKeys([]string{entry}, "arm64", DefaultGoToolchain)[entry]
	if k == "" {
		t.Fatal("no key for a plain main package")
	}
	return k, goRuns.Load() - before
}

// coldKey is the key computed with an empty cache: the truth a recorded
// answer must agree with.
func coldKey(t *testing.T, entry string) string {
	t.Helper()
	old := buildCacheRoot
	dir := t.TempDir()
	buildCacheRoot = func() string { return dir }
	defer func() { buildCacheRoot = old }()
	k, runs := keyAndRuns(t, entry)
	if runs == 0 {
		t.Fatal("an empty cache answered without the go command")
	}
	return k
}

// A synth where nothing changed runs no go command; one after any change
// to what a binary depends on asks go again and gets the key a cold cache
// gets, and the next synth is quick again.
func TestInputKeysSkipTheGoCommandUntilSomethingChanges(t *testing.T) {
	for _, c := range []struct {
		name       string
		change     func(t *testing.T, root, entry string)
		keyChanges bool // false: go must be asked, but the binary's inputs are the same
	}{
		{"the entry's source", func(t *testing.T, root, entry string) {
			writePackage(t, entry, map[string]string{"main.go": "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/m/lib\"\n)\n\nfunc main() { fmt.Println(lib.Greeting, 2) }\n"})
		}, true},
		{"a file added to an imported package", func(t *testing.T, root, entry string) {
			writePackage(t, filepath.Join(root, "lib"), map[string]string{"more.go": "package lib\n\nconst Farewell = \"bye\"\n"})
		}, true},
		{"a new import of a new package", func(t *testing.T, root, entry string) {
			writePackage(t, filepath.Join(root, "lib", "inner"), map[string]string{"inner.go": "package inner\n\nconst X = 1\n"})
			writePackage(t, filepath.Join(root, "lib"), map[string]string{"lib.go": "package lib\n\nimport \"example.com/m/lib/inner\"\n\nconst Greeting = \"hello\"\n\nvar _ = inner.X\n"})
		}, true},
		{"go.mod", func(t *testing.T, root, entry string) {
			writePackage(t, root, map[string]string{"go.mod": "module example.com/m\n\ngo 1.26\n\ngodebug default=go1.25\n"})
		}, true},
		{"a go.sum created", func(t *testing.T, root, entry string) {
			writePackage(t, root, map[string]string{"go.sum": ""})
		}, false},
		{"a go.work created above", func(t *testing.T, root, entry string) {
			writePackage(t, root, map[string]string{"go.work": "go 1.26\n\nuse .\n"})
		}, true},
		{"the go environment", func(t *testing.T, root, entry string) {
			t.Setenv("GOFIPS140", "latest")
		}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			ownBuildCache(t)
			root, entry := newModule(t)
			first, runs := keyAndRuns(t, entry)
			if runs == 0 {
				t.Fatal("the first key ran no go command: the cache was not empty")
			}
			again, runs := keyAndRuns(t, entry)
			if runs != 0 {
				t.Errorf("nothing changed, yet %d go command(s) ran", runs)
			}
			if again != first {
				t.Errorf("nothing changed, yet the key changed: %s then %s", first, again)
			}

			c.change(t, root, entry)
			changed, runs := keyAndRuns(t, entry)
			if runs == 0 {
				t.Error("after the change, no go command ran: a stale answer was used")
			}
			if want := coldKey(t, entry); changed != want {
				t.Errorf("after the change, key %s; a cold cache gives %s", changed, want)
			}
			if c.keyChanges && changed == first {
				t.Error("the change kept the key: the old binary would be deployed")
			}

			settle(t, root)
			if _, runs := keyAndRuns(t, entry); runs != 1 && runs != 2 {
				t.Errorf("first synth after settling ran %d go command(s), want the list (and env) again", runs)
			}
			if k, runs := keyAndRuns(t, entry); runs != 0 || k != changed {
				t.Errorf("settled: %d go command(s), key %s; want none and %s", runs, k, changed)
			}
		})
	}
}

// A file outside every package the build reads changes nothing.
func TestInputKeysIgnoreFilesOutsideThePackages(t *testing.T) {
	ownBuildCache(t)
	root, entry := newModule(t)
	first, _ := keyAndRuns(t, entry)
	writePackage(t, filepath.Join(root, "docs"), map[string]string{"README.md": "notes\n"})
	writePackage(t, root, map[string]string{"notes.txt": "more notes\n"})
	if k, runs := keyAndRuns(t, entry); runs != 0 || k != first {
		t.Errorf("after unrelated files: %d go command(s), key %s; want none and %s", runs, k, first)
	}
}

// A file saved just before go read it is not trusted: the answer is used
// once and not recorded, so the next synth asks go again.
func TestInputKeysDoNotRecordAnswersFromFilesJustSaved(t *testing.T) {
	ownBuildCache(t)
	_, entry := newModule(t)
	writePackage(t, entry, map[string]string{"main.go": "package main\n\nfunc main() {}\n"}) // now
	keyAndRuns(t, entry)
	if _, runs := keyAndRuns(t, entry); runs == 0 {
		t.Error("an answer read from a file saved a moment ago was recorded")
	}
}

// PackageDir asks go once, and again when the module changes.
func TestPackageDirIsRememberedUntilTheModuleChanges(t *testing.T) {
	ownBuildCache(t)
	root, _ := newModule(t)
	t.Chdir(root)
	dir := func() (string, int64) {
		t.Helper()
		before := goRuns.Load()
		d, err := PackageDir("example.com/m/lib")
		if err != nil {
			t.Fatal(err)
		}
		return d, goRuns.Load() - before
	}
	want := filepath.Join(root, "lib")
	if d, runs := dir(); d != want || runs != 1 {
		t.Errorf("first: %s with %d go command(s), want %s with 1", d, runs, want)
	}
	if d, runs := dir(); d != want || runs != 0 {
		t.Errorf("again: %s with %d go command(s), want %s with none", d, runs, want)
	}
	writePackage(t, root, map[string]string{"go.mod": "module example.com/other\n\ngo 1.26\n"})
	before := goRuns.Load()
	if d, err := PackageDir("example.com/m/lib"); err == nil || goRuns.Load() == before {
		t.Errorf("after the module was renamed: %s, %v; want go asked again and an error", d, err)
	}
}

// The records kept are the most recently used ones, up to maxGoAnswers.
func TestGoAnswersKeepTheMostRecentlyUsed(t *testing.T) {
	ownBuildCache(t)
	old := maxGoAnswers
	maxGoAnswers = 3
	t.Cleanup(func() { maxGoAnswers = old })
	dir := filepath.Join(buildCacheRoot(), "go-answers")
	for i, name := range []string{"a", "b", "c", "d", "e"} {
		recordAnswer(filepath.Join(dir, name), goAnswerRecord{Stdout: []byte(name)})
		used := time.Now().Add(time.Duration(i-10) * time.Minute)
		if name == "a" {
			used = time.Now() // used just now: kept
		}
		os.Chtimes(filepath.Join(dir, name), used, used)
	}
	recordAnswer(filepath.Join(dir, "f"), goAnswerRecord{Stdout: []byte("f")})
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var kept []string
	for _, e := range entries {
		kept = append(kept, e.Name())
	}
	if want := []string{"a", "e", "f"}; !slices.Equal(kept, want) {
		t.Errorf("kept %v, want %v", kept, want)
	}
}
