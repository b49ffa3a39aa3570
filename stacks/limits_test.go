package stacks

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/internal/cdkjson"
	"github.com/strangler-fig/strangler/manifest"
)

// The template-size validation trips one over each CloudFormation limit
// and passes at the limit.
func TestStackLimits(t *testing.T) {
	synth := func(resources, parameters, outputs int) (string, bool) {
		app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(t.TempDir()), BuiltinCloudFormationValidation: jsii.Bool(false)})
		stack := awscdk.NewStack(app, jsii.String("S"), &awscdk.StackProps{Synthesizer: awscdk.NewLegacyStackSynthesizer()})
		for i := range resources {
			awscdk.NewCfnWaitConditionHandle(stack, jsii.String(fmt.Sprint("R", i)), nil)
		}
		for i := range parameters {
			awscdk.NewCfnParameter(stack, jsii.String(fmt.Sprint("P", i)), &awscdk.CfnParameterProps{Type: jsii.String("String"), Default: jsii.String("x")})
		}
		for i := range outputs {
			awscdk.NewCfnOutput(stack, jsii.String(fmt.Sprint("O", i)), &awscdk.CfnOutputProps{Value: jsii.String("x")})
		}
		stack.Node().AddValidation(&stackLimits{root: stack, fixes: map[awscdk.Stack]func(int) string{stack: func(n int) string { return fmt.Sprintf("fix for %d", n) }}})
		var msg string
		failed := func() (failed bool) {
			defer func() {
				if r := recover(); r != nil {
					msg, failed = fmt.Sprint(r), true
				}
			}()
			app.Synth(nil)
			return false
		}()
		return msg, failed
	}
	if msg, failed := synth(MaxResourcesPerStack, MaxParametersPerStack, MaxOutputsPerStack); failed {
		t.Errorf("at the limits, synth failed: %s", msg)
	}
	msg, failed := synth(MaxResourcesPerStack+1, MaxParametersPerStack+1, MaxOutputsPerStack+1)
	if !failed {
		t.Fatal("one over each limit, synth passed")
	}
	for _, want := range []string{
		"501 resources in one template; CloudFormation allows 500 per stack: fix for 501",
		"201 parameters in one template; CloudFormation allows 200 per stack: a nested stack gets a parameter for each value of its parent it uses",
		"{proxy+} route needs fewer); fix for 501",
		"201 outputs in one template; CloudFormation allows 200 per stack: a nested stack gets an output for each of its values its parent uses; fix for 501",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("synth error lacks %q:\n%s", want, msg)
		}
	}
}

// The counts are those of the templates CloudFormation gets, for the stack
// and each nested stack (with its parameters and outputs, made when
// references between stacks are resolved), and a nested stack's
// resources are not counted in its parent.
func TestCountElementsMatchesTheTemplates(t *testing.T) {
	m, err := manifest.Load("../routes.yaml")
	if err != nil {
		t.Fatal(err)
	}
	flags := cdkjson.MustContext()
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(t.TempDir()), BuiltinCloudFormationValidation: jsii.Bool(false), Context: &flags})
	s := NewMigrationStack(app, "ApiMigration", &MigrationStackProps{Manifest: m})
	// A nested stack inside a nested stack: its resources are its own.
	deeper := awscdk.NewNestedStack(s.RouteStacks["user"], jsii.String("Deeper"), nil)
	awscdk.NewCfnWaitConditionHandle(deeper, jsii.String("Handle"), nil)
	assembly := app.Synth(nil)
	stacks := []awscdk.Stack{s.Stack, deeper}
	for _, ns := range s.RouteStacks {
		stacks = append(stacks, ns)
	}
	counts := countElements(s.Stack)
	for _, stack := range stacks {
		raw, err := os.ReadFile(filepath.Join(*assembly.Directory(), *stack.TemplateFile()))
		if err != nil {
			t.Fatal(err)
		}
		var template struct{ Resources, Parameters, Outputs map[string]any }
		if err := json.Unmarshal(raw, &template); err != nil {
			t.Fatal(err)
		}
		c := counts[stack]
		got := fmt.Sprint(c.resources, c.parameters, c.outputs)
		want := fmt.Sprint(len(template.Resources), len(template.Parameters), len(template.Outputs))
		if got != want {
			t.Errorf("%s: counted resources, parameters, outputs %s; the template has %s", *stack.Node().Path(), got, want)
		}
	}
}
