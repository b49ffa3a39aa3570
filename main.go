// Command strangler is the CDK app: it loads the route manifest (routes.yaml,
// or the file named by `-c manifest=PATH`) and synthesizes one stack.
//
// aws-cdk-lib's CloudFormation validation is off for the everyday synth
// and diff (creating its engine is most of a synth's time) and on, with
// findings as errors, with `-c validate=true`; the test suite runs it on the
// templates of routes.yaml and of every fixture (see README, "Validation").
package main

import (
	"fmt"
	"os"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/constructs"
	"github.com/strangler-fig/strangler/internal/jsiidirect"
	"github.com/strangler-fig/strangler/manifest"
	"github.com/strangler-fig/strangler/stacks"
)

func main() {
	// Before the first call to Node: each call costs half as much (see
	// internal/jsiidirect); if it cannot, synth works as before, slower.
	jsiidirect.Enable()
	// A construct that cannot be built (a Lambda that does not compile, a
	// prop CDK refuses) panics with the reason; print that, not a stack trace.
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(os.Stderr, "synth failed: %v\n", r)
			jsii.Close()
			os.Exit(1)
		}
	}()
	app := awscdk.NewApp(&awscdk.AppProps{
		BuiltinCloudFormationValidation: jsii.Bool(false),
		// No creation stack trace per CloudFormation element: in a Go app it
		// shows jsii's kernel, never the Go line, and cost ~0.5 s at 150
		// functions; `cdk synth --debug` still records them. Set here, not
		// in cdk.json, where the CLI warns about any "aws:" key.
		Context: &map[string]any{"aws:cdk:disable-creation-stack-traces": true},
	})
	if contextBool(app, "validate") {
		constructs.ValidateTemplates(app)
	}
	path := contextString(app, "manifest", "routes.yaml")
	m, err := manifest.Load(path)
	if err != nil {
		// A manifest problem is the user's to fix: say what, not a stack trace.
		fmt.Fprintln(os.Stderr, err)
		jsii.Close()
		os.Exit(1)
	}
	// The stack is environment-agnostic: it deploys to the account and
	// region of the credentials `cdk deploy` runs with, and synth needs none.
	stacks.NewMigrationStack(app, contextString(app, "stackName", "ApiMigration"), &stacks.MigrationStackProps{Manifest: m})
	app.Synth(nil)
	jsii.Close()
}

// contextBool is true for `-c key=true` (a string) or `"key": true` in cdk.json.
func contextBool(app awscdk.App, key string) bool {
	switch v := app.Node().TryGetContext(jsii.String(key)).(type) {
	case bool:
		return v
	case string:
		return v == "true"
	}
	return false
}

func contextString(app awscdk.App, key, def string) string {
	if v, ok := app.Node().TryGetContext(jsii.String(key)).(string); ok && v != "" {
		return v
	}
	return def
}
