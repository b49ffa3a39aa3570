// Package jsiidirect halves the cost of each call from Go to the jsii
// kernel (where every aws-cdk-lib construct lives) by running the kernel
// in the Node process jsii-runtime-go starts, rather than in a second one
// behind a relay. A synth makes thousands of such calls: ~7,000 for a
// 150-route manifest, each ~280 µs through the relay and ~140 µs without
// it on this project's machine (see README, "Synth time").
//
// In that process the kernel's modules (aws-cdk-lib's, ~10 MB of
// JavaScript for routes.yaml) are compiled through a V8 code cache kept
// in the user's cache directory (codecache.js): ~0.4 s of a ~1.6 s synth.
// STRANGLER_CODE_CACHE=off turns the cache alone off.
//
// Enable must run before the first jsii call of the process (first in the
// app's main, in a test package's var initialiser): jsii-runtime-go reads
// JSII_NODE when its client is made, which the aws-cdk-go packages' own
// init functions do, so Enable closes that client, not yet started, and
// the next call makes a new one ("a new jsii kernel process will be
// initialized", jsii.Close's documentation). Called later, it would close
// a kernel holding the app's constructs.
//
// It changes nothing when JSII_NODE or JSII_RUNTIME is set (the user
// chose how Node starts), on Windows, when STRANGLER_JSII_RELAY=1 (the way
// out, should a jsii release break it), or when the wrapper cannot be
// written; the wrapper itself runs the relay when the kernel no longer
// talks on the file descriptor it expects.
package jsiidirect

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/aws/jsii-runtime-go"
)

//go:embed node.js
var nodeJS []byte

//go:embed codecache.js
var codeCacheJS []byte

// Enable points JSII_NODE at the wrapper (written once into the user's
// cache directory) and returns its path, or "" and why not.
func Enable() (string, error) {
	switch {
	case os.Getenv("JSII_NODE") != "" || os.Getenv("JSII_RUNTIME") != "":
		return "", errors.New("JSII_NODE or JSII_RUNTIME is set: Node starts as the user said")
	case os.Getenv("STRANGLER_JSII_RELAY") == "1":
		return "", errors.New("STRANGLER_JSII_RELAY=1")
	case runtime.GOOS == "windows":
		return "", errors.New("JSII_NODE must name an executable, and a script is not one on Windows")
	}
	node, err := Wrapper()
	if err != nil {
		return "", err
	}
	if err := os.Setenv("JSII_NODE", node); err != nil {
		return "", err
	}
	jsii.Close()
	return node, nil
}

// Wrapper writes the wrapper (once) into the user's cache directory and
// returns its path, for a JSII_NODE of another process; Enable uses it.
// The kernel's code cache (codecache.js) goes beside it, in code-cache.
func Wrapper() (string, error) {
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(cache, "strangler")
	return writeWrapper(dir, filepath.Join(dir, "code-cache"))
}

// writeWrapper writes node.js, codecache.js and the executable that starts
// them into a folder of dir named by their content, so versions never
// overwrite each other and a second process finds them already there.
// codeCache is the code cache's folder ("" for none).
func writeWrapper(dir, codeCache string) (string, error) {
	sum := sha256.Sum256(slices.Concat(nodeJS, codeCacheJS))
	folder := filepath.Join(dir, "jsii-node-"+hex.EncodeToString(sum[:6]))
	js := filepath.Join(folder, "node.js")
	// --preserve-symlinks as the relay starts the kernel: the kernel then
	// links its cached packages instead of copying them (~1 s per start).
	sh := fmt.Appendf(nil, "#!/bin/sh\nexec node --preserve-symlinks %s %s \"$@\"\n", shellQuote(js), shellQuote(codeCache))
	exe := filepath.Join(folder, "node")
	if err := os.MkdirAll(folder, 0o755); err != nil {
		return "", err
	}
	for _, f := range []struct {
		path    string
		content []byte
		mode    os.FileMode
	}{
		{js, nodeJS, 0o644},
		{filepath.Join(folder, "codecache.js"), codeCacheJS, 0o644},
		{exe, sh, 0o755},
	} {
		if err := writeOnce(f.path, f.content, f.mode); err != nil {
			return "", err
		}
	}
	return exe, nil
}

// writeOnce writes path unless it already holds content: into a temporary
// file renamed over it, so a concurrent reader sees all or nothing.
func writeOnce(path string, content []byte, mode os.FileMode) error {
	if old, err := os.ReadFile(path); err == nil && string(old) == string(content) {
		if info, err := os.Stat(path); err == nil && info.Mode().Perm() == mode {
			return nil
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(content); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// shellQuote quotes s for sh: between single quotes, where only ' is special.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
