package constructs

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Go does not cache linked binaries, so without this every synth would
// link every Lambda again: ~0.2 s each, 30 s of a 150-function `cdk diff`.
// inputKeys says, from one `go list`, what each build would read; a build
// whose inputs were built before is found by that key and skipped.
//
// The key covers: the toolchain (a pinned version, never "local"), GOARCH,
// the build flags and environment, and for every package in the binary
// either its module path and version (immutable in the module cache) or,
// for the main module and local replacements, the bytes of its files and
// the main go.mod. Standard library packages are covered by the toolchain.
// Any doubt (go list failing, an unknown shape) means no key: a plain build.
// go list's and go env's answers are remembered (goAnswer) while no file
// they came from changed, so a synth where nothing changed runs no go
// command at all; the key is still computed from the files' bytes.

// buildCacheVersion changes when the key's recipe does.
const buildCacheVersion = "strangler-gobuild-1"

type listedPackage struct {
	Dir        string
	ImportPath string
	Standard   bool
	Deps       []string
	GoFiles    []string
	CgoFiles   []string
	SFiles     []string
	HFiles     []string
	SysoFiles  []string
	EmbedFiles []string
	Module     *listedModule
}

type listedModule struct {
	Path    string
	Version string
	Main    bool
	Dir     string
	GoMod   string
	Replace *listedModule
}

// inputKeys returns a key per entry folder (absolute), or nil when go list
// cannot say.
func inputKeys(entries []string, arch, toolchain string) map[string]string {
	if toolchain == "" || toolchain == "local" || len(entries) == 0 {
		return nil
	}
	args := []string{"list", "-deps", "-tags", "lambda.norpc",
		"-json=Dir,ImportPath,Standard,Deps,GoFiles,CgoFiles,SFiles,HFiles,SysoFiles,EmbedFiles,Module"}
	for _, e := range entries {
		args = append(args, e)
	}
	// Run inside the module of the Lambdas; remembered while no file it
	// read changed (goAnswer).
	out, err := goAnswer(entries[0], buildEnv(arch, toolchain), args, listedFiles)
	if err != nil {
		return nil
	}
	settings, err := buildSettings(entries[0], arch, toolchain)
	if err != nil {
		return nil
	}
	packages := map[string]*listedPackage{}
	roots := map[string]*listedPackage{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p listedPackage
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			return nil
		}
		packages[p.ImportPath] = &p
		roots[p.Dir] = &p
	}
	keys := map[string]string{}
	for _, e := range entries {
		root, ok := roots[e]
		if !ok {
			return nil
		}
		h := sha256.New()
		fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00%q\x00%s\x00", buildCacheVersion, toolchain, arch, strings.Join(buildFlags, " "), targetEnv(arch, toolchain), settings)
		for _, path := range append(slices.Sorted(slices.Values(root.Deps)), root.ImportPath) {
			p, ok := packages[path]
			if !ok {
				return nil
			}
			if err := hashPackage(h, p); err != nil {
				return nil
			}
		}
		keys[e] = hex.EncodeToString(h.Sum(nil))
	}
	return keys
}

// listedFiles are the files and folders a `go list -deps` answer came
// from, beyond the module files goAnswer always watches: every package
// not in the module cache (main module, local replacements) with each
// file in its folder and its embedded files' folders, and the module
// files above it. Packages of the standard library and of versioned
// modules do not change under the same toolchain and version.
func listedFiles(out []byte) ([]string, error) {
	var paths []string
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p listedPackage
		if err := dec.Decode(&p); err == io.EOF {
			return paths, nil
		} else if err != nil {
			return nil, err
		}
		if p.Standard {
			continue
		}
		if p.Module == nil || p.Dir == "" {
			return nil, fmt.Errorf("%s has no module or folder", p.ImportPath)
		}
		m := p.Module
		if m.Replace != nil {
			m = m.Replace
		}
		if !p.Module.Main && m.Version != "" {
			continue
		}
		paths = append(paths, packageFiles(p.Dir)...)
		paths = append(paths, moduleFiles(p.Dir)...)
		for _, f := range p.EmbedFiles {
			for d := filepath.Dir(filepath.Join(p.Dir, f)); len(d) > len(p.Dir); d = filepath.Dir(d) {
				paths = append(paths, d)
			}
		}
	}
}

func hashPackage(h io.Writer, p *listedPackage) error {
	fmt.Fprintf(h, "package %s\x00", p.ImportPath)
	if p.Standard {
		return nil
	}
	m := p.Module
	if m == nil {
		return fmt.Errorf("%s has no module", p.ImportPath)
	}
	if r := m.Replace; r != nil {
		m = r
	}
	if !p.Module.Main && m.Version != "" {
		fmt.Fprintf(h, "module %s@%s\x00", m.Path, m.Version)
		return nil
	}
	// Files that may change under the same version: hash their bytes.
	files := slices.Concat(p.GoFiles, p.CgoFiles, p.SFiles, p.HFiles, p.SysoFiles, p.EmbedFiles)
	slices.Sort(files)
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(p.Dir, f))
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "file %s %d\x00", f, len(data))
		h.Write(data)
	}
	if m.GoMod != "" {
		data, err := os.ReadFile(m.GoMod)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "go.mod %d\x00", len(data))
		h.Write(data)
	}
	return nil
}

// buildSettings is what else the environment gives a build: the FIPS
// module setting, and a go.work (its go and godebug lines change the
// binary; its modules are hashed as main-module files by go list).
func buildSettings(dir, arch, toolchain string) (string, error) {
	out, err := goAnswer(dir, buildEnv(arch, toolchain), []string{"env", "GOFIPS140", "GOWORK"}, func(out []byte) ([]string, error) {
		var work []string // the go.work file in use, if any
		if lines := strings.Split(strings.TrimSpace(string(out)), "\n"); filepath.IsAbs(lines[len(lines)-1]) {
			work = lines[len(lines)-1:]
		}
		return work, nil
	})
	if err != nil {
		return "", err
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	settings := string(out)
	if work := lines[len(lines)-1]; len(lines) == 2 && work != "" && work != "off" {
		data, err := os.ReadFile(work)
		if err != nil {
			return "", err
		}
		settings += string(data)
	}
	return settings, nil
}

// cachedBuild returns the folder an earlier build with these inputs made.
func cachedBuild(parent, key string) (string, bool) {
	name, err := os.ReadFile(filepath.Join(parent, "index", key))
	if err != nil {
		return "", false
	}
	dir := filepath.Join(parent, filepath.Base(string(name)))
	if _, err := os.Stat(filepath.Join(dir, "bootstrap")); err != nil {
		return "", false
	}
	markUsed(dir, time.Now())
	return dir, true
}

// rememberBuild records that inputs key built dir (atomically: other
// processes may read the index at the same time).
func rememberBuild(parent, key, dir string) {
	index := filepath.Join(parent, "index")
	if os.MkdirAll(index, 0o755) != nil {
		return
	}
	tmp, err := os.CreateTemp(index, ".tmp-")
	if err != nil {
		return
	}
	tmp.WriteString(filepath.Base(dir))
	tmp.Close()
	if os.Rename(tmp.Name(), filepath.Join(index, key)) != nil {
		os.Remove(tmp.Name())
	}
}
