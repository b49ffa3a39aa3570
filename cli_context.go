package main

import (
	"encoding/json"
	"os"
)

// contextFromCLI is the context the CDK CLI hands the app, read as aws-cdk-lib's
// App reads it (CDK_CONTEXT_JSON, merged with the file named by
// CONTEXT_OVERFLOW_LOCATION_ENV, where the CLI puts context too long for
// the environment), for the settings needed before the App exists.
// Unreadable context reads as none: the App itself then reports it.
func contextFromCLI() map[string]any {
	out := map[string]any{}
	_ = json.Unmarshal([]byte(os.Getenv("CDK_CONTEXT_JSON")), &out)
	if path := os.Getenv("CONTEXT_OVERFLOW_LOCATION_ENV"); path != "" {
		if raw, err := os.ReadFile(path); err == nil {
			_ = json.Unmarshal(raw, &out)
		}
	}
	return out
}

// truthy is true for `-c key=true` (a string) or `"key": true` in cdk.json.
func truthy(v any) bool {
	switch v := v.(type) {
	case bool:
		return v
	case string:
		return v == "true"
	}
	return false
}
