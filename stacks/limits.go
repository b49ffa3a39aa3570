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

// checkLimits adds one validation to the stack that checks it and each
// nested stack: CDK runs it on every synth, after references between
// stacks became parameters and outputs, so what is counted is what
// CloudFormation gets.
func checkLimits(s *MigrationStack) {
	fixes := map[awscdk.Stack]func(int) string{s.Stack: func(int) string {
		return "the stack itself holds the network, the REST API's resource tree, CloudFront and monitoring: serve a subtree with one {proxy+} route to need fewer API Gateway resources"
	}}
	byStack := map[awscdk.Stack][]string{} // by Go value: a path is two more round trips to Node
	for fname, stack := range s.functionStacks {
		byStack[stack] = append(byStack[stack], fname)
	}
	for _, name := range slices.Sorted(maps.Keys(s.RouteStacks)) {
		ns := s.RouteStacks[name]
		functions := byStack[ns]
		slices.Sort(functions)
		fixes[ns] = func(resources int) string { return splitFix(name, functions, resources) }
	}
	s.Node().AddValidation(&stackLimits{root: s.Stack, fixes: fixes})
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

// stackLimits is a CDK validation of the template size of a stack and
// of the nested stacks under it that have a fix. One validation for all:
// each stack's constructs are asked for once (a validation per stack
// asked for a nested stack's twice, a third of a 150-route synth's
// validation time).
type stackLimits struct {
	root  awscdk.Stack
	fixes map[awscdk.Stack]func(resources int) string // what to do, given the resource count
}

// Validate implements constructs.IValidation.
func (v *stackLimits) Validate() *[]*string {
	counts := countElements(v.root)
	var errs []*string
	for _, stack := range slices.SortedFunc(maps.Keys(v.fixes), func(a, b awscdk.Stack) int { return counts[a].order - counts[b].order }) {
		c := counts[stack]
		where := ""
		if stack != v.root {
			where = *stack.Node().Path() + ": " // the error is the root's: say which template
		}
		for _, l := range []struct {
			what   string
			n, max int
		}{
			{"resources", c.resources, MaxResourcesPerStack},
			{"parameters", c.parameters, MaxParametersPerStack},
			{"outputs", c.outputs, MaxOutputsPerStack},
		} {
			if l.n > l.max {
				errs = append(errs, jsii.String(fmt.Sprintf("%s%d %s in one template; CloudFormation allows %d per stack: %s%s",
					where, l.n, l.what, l.max, why[l.what], v.fixes[stack](c.resources))))
			}
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

// elementCount is what one template holds; order is the stack's place in
// the tree (preorder), so errors come in a stable order.
type elementCount struct {
	resources, parameters, outputs, order int
}

// countElements counts the CloudFormation elements of the template of
// root and of each stack nested under it: a nested stack's elements are
// its own template's, and its AWS::CloudFormation::Stack resource is
// counted in its parent.
//
// Each stack's constructs come in one call and their kinds are told
// apart by Go type (each proxy's type is its JavaScript class): walking
// the tree with a call per construct and question took three quarters of
// a 150-route synth, over 20,000 round trips to Node.
func countElements(root awscdk.Stack) map[awscdk.Stack]elementCount {
	counts := map[awscdk.Stack]elementCount{}
	var count func(stack awscdk.Stack, all []awsconstructs.IConstruct)
	count = func(stack awscdk.Stack, all []awsconstructs.IConstruct) {
		c := elementCount{order: len(counts)}
		counts[stack] = c // its place taken before its nested stacks'
		nested := map[awsconstructs.IConstruct]bool{}
		for _, construct := range all[1:] { // all[0] is the stack itself
			if nested[construct] {
				continue
			}
			switch construct := construct.(type) {
			case awscdk.Stack:
				inner := *construct.Node().FindAll(awsconstructs.ConstructOrder_PREORDER)
				for _, x := range inner {
					nested[x] = true
				}
				count(construct, inner)
			case awscdk.CfnResource:
				c.resources++
			case awscdk.CfnParameter:
				c.parameters++
			case awscdk.CfnOutput:
				c.outputs++
			}
		}
		counts[stack] = c
	}
	count(root, *root.Node().FindAll(awsconstructs.ConstructOrder_PREORDER))
	return counts
}
