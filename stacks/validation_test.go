package stacks_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/constructs"
	"github.com/strangler-fig/strangler/internal/cdkjson"
	"github.com/strangler-fig/strangler/manifest"
	"github.com/strangler-fig/strangler/stacks"
)

// validatedApp is an app whose synth fails on any finding of aws-cdk-lib's
// CloudFormation validation (see constructs.ValidateTemplates): the
// templates of routes.yaml and of every fixture go through it, so a
// property CloudFormation would refuse fails the suite, not a deploy.
func validatedApp(t *testing.T) awscdk.App {
	t.Helper()
	app := newApp(t)
	constructs.ValidateTemplates(app)
	return app
}

// unvalidatedApp is for tests about something else (cdk-nag, template
// limits, generated manifests of 150 routes) whose constructs the
// validated fixtures already cover: validating 1,900 generated resources
// again would cost seconds and could find nothing new.
func unvalidatedApp(t *testing.T) awscdk.App {
	t.Helper()
	return newApp(t)
}

// newApp is an app with the context `cdk synth` gives this project's app:
// cdk.json's feature flags. Validation is the caller's choice.
func newApp(t *testing.T) awscdk.App {
	t.Helper()
	ctx := cdkjson.MustContext()
	return awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(t.TempDir()), BuiltinCloudFormationValidation: jsii.Bool(false), Context: &ctx})
}

// The validation the fixtures run is not a formality: routes.yaml's stack
// with one property CloudFormation would refuse, set through the escape
// hatch where no Go type checks it, fails synth with the rule, the
// property and the resource. Without ValidateTemplates the same stack
// synthesizes: only a deploy would have said no.
func TestValidationRefusesATemplateCloudFormationWould(t *testing.T) {
	m, err := manifest.Load("../routes.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, property string
		value          any
		want           []string
	}{
		{"enum", "Architectures", []string{"arm"}, []string{`"ruleName": "W3030"`, "Architectures.0: 'arm' is not one of ['x86_64', 'arm64']"}},
		{"type", "MemorySize", "lots", []string{`"ruleName": "F3012"`, "MemorySize: 'lots' is not of type 'integer'"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			broken := func(app awscdk.App) {
				s := stacks.NewMigrationStack(app, "ApiMigration", &stacks.MigrationStackProps{Manifest: m})
				fn := s.Functions["api-user-id"].Function.Node().DefaultChild().(awscdk.CfnResource)
				fn.AddPropertyOverride(jsii.String(c.property), c.value)
			}
			app := validatedApp(t)
			broken(app)
			msg, panicked := catchPanic(func() { app.Synth(nil) })
			if !panicked || !strings.Contains(msg, "Validation failed") {
				t.Fatalf("synth with %s: %v on a Lambda function: panicked %v (%s), want a failed validation", c.property, c.value, panicked, msg)
			}
			// The report, also printed on stderr, names the rule, the
			// property and the construct of the nested stack's resource.
			report, err := os.ReadFile(filepath.Join(*app.Outdir(), "validation-report.json"))
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range append(c.want, `"severity": "error"`, `"constructPath": "ApiMigration/RoutesUser/ApiUserId/Function/Resource"`,
				`"templatePath": "ApiMigrationRoutesUserB12CB4B3.nested.template.json"`) {
				if !strings.Contains(string(report), want) {
					t.Errorf("validation report lacks %s:\n%s", want, report)
				}
			}
			app = unvalidatedApp(t)
			broken(app)
			if msg, panicked := catchPanic(func() { app.Synth(nil) }); panicked {
				t.Errorf("without validation, synth failed too (so the test above proves nothing): %s", msg)
			}
		})
	}
}
