package stacks

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	awsconstructs "github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// CloudFormation's per-template limits this app can reach.
const (
	MaxResourcesPerStack  = 500
	MaxParametersPerStack = 200
	MaxOutputsPerStack    = 200
)

// checkLimits adds a validation to the stack and to each nested stack:
// CDK runs it on every synth, after references between stacks became
// parameters and outputs, so what is counted is what CloudFormation gets.
func checkLimits(s *MigrationStack) {
	s.Node().AddValidation(&stackLimits{stack: s.Stack, fix: func(int) string {
		return "the stack itself holds the network, the REST API's resource tree, CloudFront and monitoring: serve a subtree with one {proxy+} route to need fewer API Gateway resources"
	}})
	byStack := map[awscdk.Stack][]string{} // by Go value: a path is two more round trips to Node
	for fname, fn := range s.Functions {
		stack := awscdk.Stack_Of(fn.Construct)
		byStack[stack] = append(byStack[stack], fname)
	}
	for _, name := range slices.Sorted(maps.Keys(s.RouteStacks)) {
		ns := s.RouteStacks[name]
		functions := byStack[ns]
		slices.Sort(functions)
		ns.Node().AddValidation(&stackLimits{stack: ns, fix: func(resources int) string {
			return splitFix(name, functions, resources)
		}})
	}
}

// splitFix says how to split a nested stack of resources that holds functions.
func splitFix(name string, functions []string, resources int) string {
	listed := functions
	if len(listed) > 4 {
		listed = append(slices.Clone(functions[:4]), fmt.Sprintf("… %d more", len(functions)-4))
	}
	if len(functions) == 0 {
		return fmt.Sprintf("manifest stack %q holds no function", name)
	}
	per := float64(resources) / float64(len(functions))
	fit := max(1, int(float64(MaxResourcesPerStack)*0.9/per)) // room for growth
	return fmt.Sprintf("manifest stack %q holds %d functions (%s), about %.0f resources each, so about %d fit in one: split it into at least %d by giving their routes other `stack:` names (e.g. %q)",
		name, len(functions), strings.Join(listed, ", "), per, fit, (len(functions)+fit-1)/fit, name+"-2")
}

// stackLimits is a CDK validation of one stack's template size.
type stackLimits struct {
	stack awscdk.Stack
	fix   func(resources int) string // what to do, given the resource count
}

// Validate implements constructs.IValidation.
func (v *stackLimits) Validate() *[]*string {
	var resources, parameters, outputs int
	countElements(v.stack, &resources, &parameters, &outputs)
	var errs []*string
	for _, c := range []struct {
		what   string
		n, max int
	}{
		{"resources", resources, MaxResourcesPerStack},
		{"parameters", parameters, MaxParametersPerStack},
		{"outputs", outputs, MaxOutputsPerStack},
	} {
		if c.n > c.max {
			errs = append(errs, jsii.String(fmt.Sprintf("%d %s in one template; CloudFormation allows %d per stack: %s%s",
				c.n, c.what, c.max, why[c.what], v.fix(resources))))
		}
	}
	return &errs
}

// why says where each kind of element comes from, before the fix.
var why = map[string]string{
	"resources":  "",
	"parameters": "a nested stack gets a parameter for each value of its parent it uses, mostly the API Gateway path nodes its methods hang on (serving a subtree with one {proxy+} route needs fewer); ",
	"outputs":    "a nested stack gets an output for each of its values its parent uses; ",
}

// countElements counts the CloudFormation elements of stack's own
// template: not those of nested stacks (each has its own), whose
// AWS::CloudFormation::Stack resource is counted in the parent.
//
// It asks for the stack's constructs in one call and tells their kinds
// apart by Go type (each proxy's type is its JavaScript class): walking
// the tree with a call per construct and question took three quarters of
// a 150-route synth, over 20,000 round trips to Node.
func countElements(stack awscdk.Stack, resources, parameters, outputs *int) {
	all := *stack.Node().FindAll(awsconstructs.ConstructOrder_PREORDER)
	nested := map[awsconstructs.IConstruct]bool{}
	for _, c := range all[1:] { // all[0] is the stack itself
		if s, ok := c.(awscdk.Stack); ok && !nested[c] {
			for _, inner := range *s.Node().FindAll(awsconstructs.ConstructOrder_PREORDER) {
				nested[inner] = true
			}
		}
	}
	for _, c := range all[1:] {
		if nested[c] {
			continue
		}
		switch c.(type) {
		case awscdk.CfnResource:
			*resources++
		case awscdk.CfnParameter:
			*parameters++
		case awscdk.CfnOutput:
			*outputs++
		}
	}
}
