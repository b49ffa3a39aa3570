package stacks

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"
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
		stack.Node().AddValidation(&stackLimits{stack: stack, fix: func(n int) string { return fmt.Sprintf("fix for %d", n) }})
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
