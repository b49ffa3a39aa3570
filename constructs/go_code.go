package constructs

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3assets"
	"github.com/aws/jsii-runtime-go"
)

// GoBuild describes how a Go main package is compiled for Lambda.
type GoBuild struct {
	// Entry is the folder of the main package, e.g. "lambdas/api-user-id". Required.
	Entry string
	// Arch is GOARCH: "arm64" or "amd64". Default: "arm64" (Graviton: cheaper per ms).
	Arch string
	// Toolchain is GOTOOLCHAIN for the build. The Go version is written into
	// every binary, so it is part of the asset hash: pinning it keeps hashes
	// equal across machines with other Go patch releases (the go command
	// fetches the pinned one from the module proxy if it is not installed).
	// "local" uses the go on PATH. Default: DefaultGoToolchain.
	Toolchain string
	// OutDir receives <OutDir>/bootstrap (and nothing else). Default: a
	// folder under the user's cache directory named after Entry, Arch and the
	// binary's hash.
	OutDir string
}

// buildFlags make the binary depend only on the source and the Go version:
// no paths of this machine (-trimpath), no VCS stamp, no build ID, no cgo.
// Two machines with the same source and toolchain get the same bytes, so
// the asset hash, and so `cdk diff`, change only when the code does.
// DefaultGoToolchain is the Go release the Lambdas of this project are
// built and their golden template hashed with.
const DefaultGoToolchain = "go1.26.8"

var buildFlags = []string{"build", "-trimpath", "-buildvcs=false", "-tags", "lambda.norpc", "-ldflags=-s -w -buildid=", "-o"}

// Build compiles the package and returns the folder holding "bootstrap".
// Builds of one entry are done once per process. Without OutDir the folder
// is named after the binary's hash and never rewritten, so processes that
// synthesize at the same time (go test ./... runs packages in parallel)
// cannot clear a folder another one is still hashing.
func (b GoBuild) Build() (string, error) {
	if b.Arch == "" {
		b.Arch = "arm64"
	}
	if b.Toolchain == "" {
		b.Toolchain = DefaultGoToolchain
	}
	entry, err := filepath.Abs(b.Entry)
	if err != nil {
		return "", err
	}
	key := entry + "\x00" + b.Arch + "\x00" + b.Toolchain + "\x00" + b.OutDir
	v, _ := builds.LoadOrStore(key, &buildOnce{})
	once := v.(*buildOnce)
	once.Do(func() { once.dir, once.err = b.run(entry) })
	return once.dir, once.err
}

type buildOnce struct {
	sync.Once
	dir string
	err error
}

var builds sync.Map

// buildEnv is the environment of every go command a build runs.
func buildEnv(arch, toolchain string) []string {
	return append(os.Environ(), targetEnv(arch, toolchain)...)
}

func targetEnv(arch, toolchain string) []string {
	return []string{
		"CGO_ENABLED=0", "GOOS=linux", "GOARCH=" + arch,
		"GOARM64=v8.0", "GOAMD64=v1", // fix the ISA level: no machine-dependent default
		"GOFLAGS=-mod=readonly", "GOEXPERIMENT=", "GOTOOLCHAIN=" + toolchain,
	}
}

// keys holds the input keys BuildAll computed, by build key.
var keys sync.Map

func (b GoBuild) run(entry string) (string, error) {
	parent := b.OutDir
	var inputs string
	if parent == "" {
		parent = buildCacheRoot()
		pruneBuildCacheOnce(parent)
		if k, ok := keys.Load(entry + "\x00" + b.Arch + "\x00" + b.Toolchain); ok {
			inputs = k.(string)
		} else {
			inputs = inputKeys([]string{entry}, b.Arch, b.Toolchain)[entry]
		}
		if inputs != "" {
			if dir, ok := cachedBuild(parent, inputs); ok {
				return dir, nil // built before from the same inputs
			}
		}
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp(parent, ".build-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	out := filepath.Join(tmp, "bootstrap")
	args := append(append([]string{}, buildFlags...), out, ".")
	cmd := exec.Command("go", args...)
	cmd.Dir = entry
	cmd.Env = buildEnv(b.Arch, b.Toolchain)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.Stdout = &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("building Lambda %s (GOOS=linux GOARCH=%s go %v): %v\n%s", b.Entry, b.Arch, args, err, stderr.String())
	}
	// A fixed mode keeps the zip CDK makes from this folder stable.
	if err := os.Chmod(out, 0o755); err != nil {
		return "", err
	}
	if b.OutDir != "" {
		// The caller's folder: only bootstrap may be in it, since all of it is zipped.
		entries, _ := os.ReadDir(b.OutDir)
		for _, e := range entries {
			if e.Name() != filepath.Base(tmp) {
				os.RemoveAll(filepath.Join(b.OutDir, e.Name()))
			}
		}
		return b.OutDir, os.Rename(out, filepath.Join(b.OutDir, "bootstrap"))
	}
	data, err := os.ReadFile(out)
	if err != nil {
		return "", err
	}
	final := filepath.Join(parent, filepath.Base(entry)+"-"+b.Arch+"-"+binaryHash(data))
	// Same hash, same bytes: whoever renames first wins and the rest reuse it.
	if err := os.Rename(tmp, final); err != nil {
		if _, statErr := os.Stat(filepath.Join(final, "bootstrap")); statErr != nil {
			return "", err
		}
		markUsed(final, time.Now())
	}
	// Remember only if nothing changed while go build read the files: a
	// file saved meanwhile would tie the old inputs to new bytes.
	if inputs != "" && inputs == inputKeys([]string{entry}, b.Arch, b.Toolchain)[entry] {
		rememberBuild(parent, inputs, final)
	}
	return final, nil
}

// BuildAll builds several entries for arm64 at once, one `go build` per
// core, so a stack with many functions pays the link steps in parallel;
// GoCode then finds them built. It returns every build error, joined.
func BuildAll(entries []string) error {
	abs := make([]string, 0, len(entries))
	for _, e := range entries {
		if a, err := filepath.Abs(e); err == nil {
			abs = append(abs, a)
		}
	}
	// One go list for all: which builds can be skipped.
	for entry, k := range inputKeys(abs, "arm64", DefaultGoToolchain) {
		keys.Store(entry+"\x00arm64\x00"+DefaultGoToolchain, k)
	}
	errs := make([]error, len(entries))
	sem := make(chan struct{}, runtime.NumCPU())
	var wg sync.WaitGroup
	for i, e := range entries {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			_, errs[i] = GoBuild{Entry: e}.Build()
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// GoCode compiles a Go main package (see GoBuild) and returns it as Lambda
// code. It panics with the compiler's output when the build fails, which
// stops synth with the reason, as CDK's own bundling does.
func GoCode(entry string) awslambda.Code { return GoBuild{Entry: entry}.Code() }

// Code builds b and returns its folder as a Lambda asset hashed by the
// binary's bytes, which Go already knows: left to CDK, Node would read and
// hash every binary again on every synth (a fifth of a 150-function
// synth's time went to fingerprinting 1 GB of binaries). The folder holds
// bootstrap alone, mode 0755, so its bytes are all that can differ.
// It panics with the compiler's output when the build fails.
func (b GoBuild) Code() awslambda.Code {
	dir, err := b.Build()
	if err != nil {
		panic(err)
	}
	hash, err := assetHash(dir)
	if err != nil {
		panic(err)
	}
	return awslambda.Code_FromAsset(jsii.String(dir), &awss3assets.AssetOptions{
		AssetHashType: awscdk.AssetHashType_CUSTOM, AssetHash: jsii.String(hash),
	})
}

// binaryHash names a binary by its bytes: the build cache's folder names
// and the asset hash (96 bits of SHA-256).
func binaryHash(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:12])
}

// assetHash is the binary's hash: read from the name of a build-cache
// folder (named after its bytes, never rewritten), else computed.
func assetHash(dir string) (string, error) {
	if filepath.Dir(dir) == buildCacheRoot() {
		name := filepath.Base(dir)
		if i := strings.LastIndexByte(name, '-'); i >= 0 && len(name)-i-1 == 24 {
			if _, err := hex.DecodeString(name[i+1:]); err == nil {
				return name[i+1:], nil
			}
		}
	}
	data, err := os.ReadFile(filepath.Join(dir, "bootstrap"))
	if err != nil {
		return "", err
	}
	return binaryHash(data), nil
}

// entryDir is the folder of a main package given as a folder or as an
// import path (found with go list from the working directory's module).
func entryDir(entry string) (string, error) {
	if st, err := os.Stat(entry); err == nil && st.IsDir() {
		return entry, nil
	}
	if strings.HasPrefix(entry, ".") || filepath.IsAbs(entry) || !strings.Contains(strings.SplitN(entry, "/", 2)[0], ".") {
		return "", fmt.Errorf("%q: no such folder (give the main package's folder, or its import path such as example.com/app/lambdas/users)", entry)
	}
	dir, err := PackageDir(entry)
	if err != nil {
		return "", fmt.Errorf("%q: %v", entry, err)
	}
	return dir, nil
}
