package constructs_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/jsii-runtime-go"
)

// validationReport is what synth wrote in validation-report.json: each
// finding's rule, severity and construct path.
func validationReport(t *testing.T, app awscdk.App) map[string]string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(*app.Outdir(), "validation-report.json"))
	if err != nil {
		t.Fatalf("no validation report: %v", err)
	}
	var report struct {
		PluginReports []struct {
			Violations []struct {
				RuleName            string
				Severity            string
				ViolatingConstructs []struct{ ConstructPath string }
			}
		}
	}
	if err := json.Unmarshal(raw, &report); err != nil {
		t.Fatal(err)
	}
	found := map[string]string{}
	for _, p := range report.PluginReports {
		for _, v := range p.Violations {
			for _, c := range v.ViolatingConstructs {
				found[v.RuleName+" "+c.ConstructPath] = v.Severity
			}
		}
	}
	return found
}

// A log group in the stack and one in a nested stack, each given a
// property through the escape hatch.
func logGroupsWith(t *testing.T, property string, value any) awscdk.App {
	t.Helper()
	app := newTestApp(t)
	stack := awscdk.NewStack(app, jsii.String("Stack"), nil)
	nested := awscdk.NewNestedStack(stack, jsii.String("Nested"), nil)
	for _, scope := range []awscdk.Stack{stack, nested} {
		group := awslogs.NewLogGroup(scope, jsii.String("Logs"), nil)
		group.Node().DefaultChild().(awscdk.CfnResource).AddPropertyOverride(jsii.String(property), value)
	}
	return app
}

// What CloudFormation would refuse fails synth, in a nested stack's
// template as well as the stack's (the built-in validation reads only the
// latter), and a value outside the allowed ones (a warning to the
// built-in validation) is an error here.
func TestValidateTemplatesFailsOnWhatCloudFormationRefuses(t *testing.T) {
	for _, c := range []struct {
		name, property string
		value          any
		rule           string
	}{
		{"wrong type", "RetentionInDays", "forever", "F3012"},
		{"value not allowed", "LogGroupClass", "CHEAP", "W3030"},
	} {
		t.Run(c.name, func(t *testing.T) {
			app := logGroupsWith(t, c.property, c.value)
			if _, panicked := catchPanic(func() { app.Synth(nil) }); !panicked {
				t.Fatalf("synth passed with %s: %v", c.property, c.value)
			}
			found := validationReport(t, app)
			for _, path := range []string{"Stack/Logs/Resource", "Stack/Nested/Logs/Resource"} {
				if got := found[c.rule+" "+path]; got != "error" {
					t.Errorf("%s on %s: severity %q, want error; report: %v", c.rule, path, got, found)
				}
			}
		})
	}
}

// A best-practice warning is reported and does not fail synth.
func TestValidateTemplatesKeepsBestPracticeWarningsWarnings(t *testing.T) {
	stack := newTestStack(t, nil)
	awscdk.NewCfnResource(stack, jsii.String("Subnet"), &awscdk.CfnResourceProps{Type: jsii.String("AWS::EC2::Subnet"),
		Properties: &map[string]any{"VpcId": "vpc-12345678", "CidrBlock": "10.0.0.0/24", "AvailabilityZone": "eu-west-1a"}})
	app := stack.Node().Root().(awscdk.App)
	if msg, panicked := catchPanic(func() { app.Synth(nil) }); panicked {
		t.Fatalf("synth failed on a warning: %s", msg)
	}
	if got := validationReport(t, app)["W3010 Stack/Subnet"]; got != "warning" {
		t.Errorf("hard-coded availability zone: severity %q, want warning", got)
	}
}
