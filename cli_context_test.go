package main

import (
	"os"
	"path/filepath"
	"testing"
)

// The settings read before the App exists come from where the CLI puts
// context: the environment, and the overflow file for long context.
func TestContextFromCLI(t *testing.T) {
	overflow := filepath.Join(t.TempDir(), "context.json")
	if err := os.WriteFile(overflow, []byte(`{"treeMetadata": true, "stackName": "FromFile"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, env, file string
		want            bool
	}{
		{"none", "", "", false},
		{"-c treeMetadata=true", `{"treeMetadata":"true"}`, "", true},
		{"cdk.json true", `{"treeMetadata":true}`, "", true},
		{"-c treeMetadata=false", `{"treeMetadata":"false"}`, "", false},
		{"in the overflow file", `{"other":1}`, overflow, true},
		{"unreadable", `{not json`, "", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv("CDK_CONTEXT_JSON", c.env)
			t.Setenv("CONTEXT_OVERFLOW_LOCATION_ENV", c.file)
			if got := truthy(contextFromCLI()["treeMetadata"]); got != c.want {
				t.Errorf("treeMetadata %v, want %v (context %v)", got, c.want, contextFromCLI())
			}
		})
	}
}
