package cdkjson

import (
	"archive/tar"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestContextIsFoundAboveTheWorkingDirectory(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, Name), []byte(`{"app":"go run .","context":{"@aws-cdk/core:checkSecretUsage":true,"n":["aws"]}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Context(deep)
	if err != nil {
		t.Fatal(err)
	}
	if c["@aws-cdk/core:checkSecretUsage"] != true || len(c) != 2 {
		t.Errorf("context = %v", c)
	}
}

func TestMalformedCDKJSONNamesTheFile(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, Name), []byte(`{"context":`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Context(root)
	if err == nil || !strings.Contains(err.Error(), filepath.Join(root, Name)) {
		t.Errorf("err = %v, want the path named", err)
	}
}

// The project's cdk.json carries every flag the pinned aws-cdk-lib
// recommends (the file `cdk init` writes them from), with the recommended
// value: after an aws-cdk-lib upgrade this fails until cdk.json has the new
// flags, and each flag's template changes have been read.
func TestProjectCDKJSONHasTheRecommendedFlags(t *testing.T) {
	want := recommendedFlags(t)
	got := MustContext()
	for flag, value := range want {
		if v, ok := got[flag]; !ok {
			t.Errorf("cdk.json lacks %s (recommended: %v)", flag, value)
		} else if !reflect.DeepEqual(v, value) {
			t.Errorf("cdk.json sets %s to %v; aws-cdk-lib recommends %v", flag, v, value)
		}
	}
}

// recommendedFlags reads recommended-feature-flags.json from the
// aws-cdk-lib tarball inside the pinned aws-cdk-go module.
func recommendedFlags(t *testing.T) map[string]any {
	t.Helper()
	dir, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/aws/aws-cdk-go/awscdk/v2").Output()
	if err != nil {
		t.Fatal(err)
	}
	tgz, err := filepath.Glob(filepath.Join(strings.TrimSpace(string(dir)), "jsii", "aws-cdk-lib-*.tgz"))
	if err != nil || len(tgz) != 1 {
		t.Fatalf("aws-cdk-lib tarball: %v %v", tgz, err)
	}
	f, err := os.Open(tgz[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			t.Fatal("no package/recommended-feature-flags.json in " + tgz[0])
		}
		if err != nil {
			t.Fatal(err)
		}
		if h.Name == "package/recommended-feature-flags.json" {
			var flags map[string]any
			if err := json.NewDecoder(tr).Decode(&flags); err != nil {
				t.Fatal(err)
			}
			return flags
		}
	}
}
