// Package cdkjson reads the context of the project's cdk.json, the feature
// flags above all, so that tests synthesize with the flags `cdk synth`
// passes to the app, not with aws-cdk-lib's legacy defaults.
//
// The CDK CLI merges cdk.json's "context" into the context it hands the app
// (CDK_CONTEXT_JSON); an app created in a Go test gets none of it unless the
// test asks. cdk.json is the one place the flags are written.
package cdkjson

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// Name is the file the CDK CLI reads in the app's directory.
const Name = "cdk.json"

// Context is cdk.json's "context" object, found in dir or the nearest
// directory above it (a test runs in its package's directory).
func Context(dir string) (map[string]any, error) {
	path, err := find(dir)
	if err != nil {
		return nil, err
	}
	return read(path)
}

// MustContext is Context of the working directory, for tests: a missing or
// malformed cdk.json is a broken checkout, not a case to handle.
func MustContext() map[string]any {
	wd, err := os.Getwd()
	if err != nil {
		panic(err)
	}
	c, err := Context(wd)
	if err != nil {
		panic(err)
	}
	return c
}

func find(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := dir; ; d = filepath.Dir(d) {
		p := filepath.Join(d, Name)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no %s in %s or any directory above it", Name, dir)
		}
	}
}

func read(path string) (map[string]any, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f struct {
		Context map[string]any `json:"context"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("%s: %v: fix the JSON", path, err)
	}
	if f.Context == nil {
		f.Context = map[string]any{}
	}
	return f.Context, nil
}
