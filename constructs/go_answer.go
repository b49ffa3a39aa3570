package constructs

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

// The go command takes 0.3-1 s to start, load modules and answer `go list`
// or `go env`; a synth asks it three times. goAnswer keeps each answer on
// disk with the files it was derived from and gives it again, without
// running go, while none of them changed (same size, times, inode): what
// build tools call a stat cache. Any change, or any doubt, runs go again.

// goAnswerVersion changes when what a record holds, or means, does.
const goAnswerVersion = "strangler-goanswer-1"

// buildCacheRoot is the folder of built Lambdas and of the go command's
// recorded answers: STRANGLER_BUILD_CACHE, else strangler-lambda-build in
// the user's cache folder. A variable so tests can use a folder of their own.
var buildCacheRoot = func() string {
	if dir := os.Getenv("STRANGLER_BUILD_CACHE"); dir != "" {
		return dir
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	return filepath.Join(cache, "strangler-lambda-build")
}

// goRuns counts go commands run by goAnswer (for tests: synths build
// Lambdas in parallel).
var goRuns atomic.Int64

// goAnswerRecord is one recorded answer.
type goAnswerRecord struct {
	Stdout []byte
	// Watch maps each path the answer depends on to its stat signature
	// ("" for a path that did not exist).
	Watch map[string]string
}

// goAnswer runs `go args...` in dir with env and returns its standard
// output, or gives the recorded output of an earlier run with the same
// dir, args and go environment while every path that run depended on is
// unchanged. depends lists, from the output, the files and folders it
// came from; the go.mod, go.sum, go.work and go.work.sum files of dir and
// its parents, the go env file and the go binary are always watched.
func goAnswer(dir string, env []string, args []string, depends func(stdout []byte) ([]string, error)) ([]byte, error) {
	key := goAnswerKey(dir, env, args)
	path := filepath.Join(buildCacheRoot(), "go-answers", key)
	if raw, err := os.ReadFile(path); err == nil {
		var rec goAnswerRecord
		if json.Unmarshal(raw, &rec) == nil && unchanged(rec.Watch) {
			now := time.Now()
			os.Chtimes(path, now, now) // recently used: kept by evictAnswers
			return rec.Stdout, nil
		}
	}
	start := time.Now()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = env
	goRuns.Add(1)
	out, err := cmd.Output()
	if err != nil {
		return nil, err
	}
	paths, err := depends(out)
	if err != nil {
		return out, nil // answer this time; with no list of what it depends on, never again
	}
	paths = append(paths, moduleFiles(dir)...)
	paths = append(paths, goEnvFile(env))
	if goBin, err := exec.LookPath("go"); err == nil {
		paths = append(paths, goBin)
	}
	watch, fresh := signatures(paths, start)
	if fresh {
		recordAnswer(path, goAnswerRecord{Stdout: out, Watch: watch})
	}
	return out, nil
}

// goAnswerKey names a record: what was asked, where, and the go
// environment (the variables the go command reads; the binary is watched).
func goAnswerKey(dir string, env []string, args []string) string {
	effective := map[string]string{}
	for _, kv := range env { // the last of duplicates wins, as in exec.Cmd
		name, value, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "GO") || strings.HasPrefix(name, "CGO_") || name == "HOME" || name == "XDG_CONFIG_HOME" {
			effective[name] = value
		}
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%q\x00", goAnswerVersion, dir, args)
	for _, name := range slices.Sorted(maps.Keys(effective)) {
		fmt.Fprintf(h, "%s=%s\x00", name, effective[name])
	}
	return hex.EncodeToString(h.Sum(nil))
}

// moduleFiles are the files that decide the module and workspace of dir
// and their requirements: go.mod, go.sum, go.work and go.work.sum in dir
// and every parent (a go.mod or go.work created above changes them too).
func moduleFiles(dir string) []string {
	var paths []string
	for d := dir; ; d = filepath.Dir(d) {
		for _, name := range []string{"go.mod", "go.sum", "go.work", "go.work.sum"} {
			paths = append(paths, filepath.Join(d, name))
		}
		if filepath.Dir(d) == d {
			return paths
		}
	}
}

// goEnvFile is the file `go env -w` writes, read by every go command.
func goEnvFile(env []string) string {
	for i := len(env) - 1; i >= 0; i-- {
		if v, ok := strings.CutPrefix(env[i], "GOENV="); ok {
			return v
		}
	}
	config, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	return filepath.Join(config, "go", "env")
}

// packageFiles are the folder of a package and every entry in it: a file
// added, removed or renamed changes the folder, an edited one itself.
func packageFiles(dir string) []string {
	paths := []string{dir}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Type().IsRegular() {
			paths = append(paths, filepath.Join(dir, e.Name()))
		}
	}
	return paths
}

// signature is what changes when a file or folder does: type, size,
// modification and change times, inode. Change time and inode cannot be
// set back by tools that preserve modification times (cp -p, rsync -t).
func signature(path string) (sig string, modified time.Time) {
	info, err := os.Stat(path)
	if err != nil {
		return "", time.Time{}
	}
	sig = fmt.Sprintf("%v %d %d", info.Mode(), info.Size(), info.ModTime().UnixNano())
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		sig += fmt.Sprintf(" %d.%d %d %d", st.Ctim.Sec, st.Ctim.Nsec, st.Ino, st.Dev)
	}
	return sig, info.ModTime()
}

// signatures of paths, and whether every one was last modified well
// before start: a file saved while go read it may hold other bytes than go
// read, with a time that would not change again, so such an answer is
// not recorded (the next synth asks go again).
func signatures(paths []string, start time.Time) (map[string]string, bool) {
	watch := map[string]string{}
	fresh := true
	for _, p := range paths {
		if p == "" {
			continue
		}
		sig, modified := signature(p)
		watch[p] = sig
		if sig != "" && !modified.Before(start.Add(-time.Second)) {
			fresh = false
		}
	}
	return watch, fresh
}

// unchanged is true when every watched path still has its signature.
func unchanged(watch map[string]string) bool {
	if len(watch) == 0 {
		return false
	}
	for p, want := range watch {
		if sig, _ := signature(p); sig != want {
			return false
		}
	}
	return true
}

// maxGoAnswers is how many answers are kept: one per place and question
// (test runs ask from new temporary folders), the least recently used go.
var maxGoAnswers = 256

// recordAnswer writes rec atomically: other synths may read it meanwhile.
func recordAnswer(path string, rec goAnswerRecord) {
	defer evictAnswers(filepath.Dir(path))
	raw, err := json.Marshal(rec)
	if err != nil || os.MkdirAll(filepath.Dir(path), 0o755) != nil {
		return
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-")
	if err != nil {
		return
	}
	_, werr := tmp.Write(raw)
	if cerr := tmp.Close(); werr != nil || cerr != nil || os.Rename(tmp.Name(), path) != nil {
		os.Remove(tmp.Name())
	}
}

// evictAnswers removes the least recently used records beyond maxGoAnswers.
func evictAnswers(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) <= maxGoAnswers {
		return
	}
	type record struct {
		name string
		used time.Time
	}
	var records []record
	for _, e := range entries {
		if info, err := e.Info(); err == nil {
			records = append(records, record{e.Name(), info.ModTime()})
		}
	}
	slices.SortFunc(records, func(a, b record) int { return b.used.Compare(a.used) })
	for _, r := range records[min(len(records), maxGoAnswers):] {
		os.Remove(filepath.Join(dir, r.name))
	}
}

// PackageDir is the folder of the Go package importPath as `go list`
// finds it from the current directory (this module, or a module that
// requires it), asked once and then remembered while go.mod, go.sum,
// go.work and the folder are unchanged.
func PackageDir(importPath string) (string, error) {
	cwd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	out, err := goAnswer(cwd, os.Environ(), []string{"list", "-f", "{{.Dir}}", importPath}, func(out []byte) ([]string, error) {
		dir := strings.TrimSpace(string(out))
		return append(moduleFiles(dir), packageFiles(dir)...), nil
	})
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = bytes.TrimSpace(ee.Stderr)
		}
		return "", fmt.Errorf("finding %s with go list: %v %s", importPath, err, stderr)
	}
	return strings.TrimSpace(string(out)), nil
}
