package constructs

import (
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	awsconstructs "github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// ValidateTemplates makes synth of app check every template it writes,
// nested stacks' included, against aws-cdk-lib's CloudFormation validation
// (resource schemas: property names, types and allowed values; cfn-lint's
// rules) and fail on any that CloudFormation would refuse, naming the rule, the property, the
// resource and its construct path. Call it right after NewApp on an app
// made with BuiltinCloudFormationValidation false.
//
// Why not the built-in validation: it reads only top-level stacks'
// templates (a nested stack's is an asset to it), and it reports a value
// outside a property's allowed values (W3030: e.g. Architectures ["arm"])
// as a warning, which no feature flag makes fail synth. Here that and
// every error fail synth; best-practice warnings (e.g. W3010, hard-coded
// availability zones) are reported and do not. Acknowledge a finding on
// purpose with Validations_Of(scope).Acknowledge.
//
// The validation engine (WASM) takes about 3 s of CPU and 400 MB to create;
// every app of a process shares one, so a test binary that synthesizes
// many apps pays it once.
func ValidateTemplates(app awscdk.App) {
	awscdk.Validations_Of(app).AddPlugins(&allTemplatesValidation{inner: sharedTemplateValidator()})
}

var sharedTemplateValidator = sync.OnceValue(func() awscdk.CloudFormationValidatePlugin {
	return awscdk.NewCloudFormationValidatePlugin(nil)
})

// allTemplatesValidation is the CloudFormation validation plugin given the
// nested stacks' templates too, failing on what CloudFormation refuses.
type allTemplatesValidation struct {
	inner awscdk.CloudFormationValidatePlugin
}

// TemplateValidationPluginName names the findings in synth's report (and
// so the acknowledgement: "StrictTemplateValidation::W3030").
const TemplateValidationPluginName = "StrictTemplateValidation"

func (v *allTemplatesValidation) Name() *string       { return jsii.String(TemplateValidationPluginName) }
func (v *allTemplatesValidation) Version() *string    { return v.inner.Version() }
func (v *allTemplatesValidation) RuleIds() *[]*string { return v.inner.RuleIds() }

func (v *allTemplatesValidation) Validate(ctx awscdk.IPolicyValidationContext) *awscdk.PolicyValidationPluginReport {
	report := v.inner.Validate(&withNestedTemplates{ctx: ctx, stacks: nestedTemplates(*ctx.StackTemplates())})
	failed := false
	for _, violation := range *report.Violations {
		if refused(violation) {
			violation.Severity = jsii.String("error")
		}
		failed = failed || *violation.Severity == "error"
	}
	report.Success = jsii.Bool(!failed)
	return report
}

// refused is true for a finding CloudFormation would refuse the template
// for: an error, or a value outside a property's allowed values (W3030,
// the one warning of the "Schema" category). Best-practice and security
// warnings stay warnings: printed and in the report, not failing synth.
func refused(v *awscdk.PolicyViolation) bool {
	if v.Severity != nil && (*v.Severity == "error" || *v.Severity == "fatal") {
		return true
	}
	if v.RuleMetadata != nil {
		if category := (*v.RuleMetadata)["category"]; category != nil && *category == "Schema" {
			return true
		}
	}
	return false
}

// nestedTemplates adds to the stacks' templates the nested stacks'
// templates beside them in the cloud assembly: <parent artifact
// ID><nested stack ID>.nested.template.json, validated in the parent's
// account and region.
func nestedTemplates(stacks []*awscdk.PolicyValidationStack) *[]*awscdk.PolicyValidationStack {
	all := slices.Clone(stacks)
	seen := map[string]bool{}
	for _, s := range stacks {
		seen[*s.TemplatePath] = true
	}
	for _, s := range stacks {
		dir := filepath.Dir(*s.TemplatePath)
		parent := strings.TrimSuffix(filepath.Base(*s.TemplatePath), ".template.json")
		nested, _ := filepath.Glob(filepath.Join(dir, parent+"*.nested.template.json"))
		for _, path := range nested {
			if seen[path] {
				continue
			}
			seen[path] = true
			all = append(all, &awscdk.PolicyValidationStack{StackConstructPath: s.StackConstructPath, TemplatePath: jsii.String(path), AccountId: s.AccountId, Region: s.Region})
		}
	}
	return &all
}

// withNestedTemplates is the validation context with more templates (a
// field, not embedded: jsii refuses a Go value embedding a JS object).
type withNestedTemplates struct {
	ctx    awscdk.IPolicyValidationContext
	stacks *[]*awscdk.PolicyValidationStack
}

func (c *withNestedTemplates) StackTemplates() *[]*awscdk.PolicyValidationStack { return c.stacks }
func (c *withNestedTemplates) AppConstruct() awsconstructs.IConstruct           { return c.ctx.AppConstruct() }
func (c *withNestedTemplates) AccountId() *string                               { return c.ctx.AccountId() }
func (c *withNestedTemplates) Region() *string                                  { return c.ctx.Region() }

func (c *withNestedTemplates) TemplatePaths() *[]*string {
	paths := make([]*string, 0, len(*c.stacks))
	for _, s := range *c.stacks {
		paths = append(paths, s.TemplatePath)
	}
	return &paths
}
