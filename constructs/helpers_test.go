package constructs_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	awsconstructs "github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/constructs"
	"github.com/strangler-fig/strangler/internal/cdkjson"
	"github.com/strangler-fig/strangler/internal/jsiidirect"
	"github.com/strangler-fig/strangler/internal/jsiitest"
)

// Node runs the jsii kernel itself: each call from Go costs about half
// (internal/jsiidirect). Before any test makes the first call.
var _, _ = jsiidirect.Enable()

// jsiitest stops the kernel when the tests are done: jsii-runtime-go
// removes its copy of the runtime from the temporary folder only then.
func TestMain(m *testing.M) { os.Exit(jsiitest.Run(m)) }

// Helpers shared by the construct tests. jsii is not safe for parallel use:
// no test here calls t.Parallel.

// helloEntry is the cheapest Go main package to build as Lambda code.
const helloEntry = "testdata/hello"

// Managed CloudFront policy IDs (the same in every account).
const (
	cachingDisabledID             = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
	allViewerExceptHostHeaderID   = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
	lambdaBasicExecutionPolicyArn = "service-role/AWSLambdaBasicExecutionRole"
)

// newTestStack is a stack alone in a new app, with env (nil: env-agnostic).
// The app writes its cloud assembly into a temporary folder of the test, so
// synthesized assets do not pile up in the system's temp folder.
func newTestStack(t *testing.T, env *awscdk.Environment) awscdk.Stack {
	t.Helper()
	return awscdk.NewStack(newTestApp(t), jsii.String("Stack"), &awscdk.StackProps{Env: env})
}

// newTestApp is an app whose synth fails on any CloudFormation validation
// finding (constructs.ValidateTemplates), so every construct test also
// checks that what its props make is a template CloudFormation accepts.
func newTestApp(t *testing.T) awscdk.App {
	t.Helper()
	// cdk.json's feature flags: those `cdk init` gives a new app today.
	flags := cdkjson.MustContext()
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(t.TempDir()), BuiltinCloudFormationValidation: jsii.Bool(false), Context: &flags})
	constructs.ValidateTemplates(app)
	return app
}

// testTemplate is a synthesized template with assertions that report
// failures through t instead of panicking out of the test binary.
type testTemplate struct {
	t        *testing.T
	template assertions.Template
	json     map[string]any
}

// templateOf synthesizes stack (once) and returns its template.
func templateOf(t *testing.T, stack awscdk.Stack) *testTemplate {
	t.Helper()
	var template assertions.Template
	if msg, panicked := catchPanic(func() { template = assertions.Template_FromStack(stack, nil) }); panicked {
		t.Fatalf("synth failed: %s", msg)
	}
	return &testTemplate{t: t, template: template, json: *template.ToJSON()}
}

// has asserts a resource of type typ whose Properties match props (object-like).
func (tt *testTemplate) has(typ string, props any) {
	tt.t.Helper()
	if msg, panicked := catchPanic(func() { tt.template.HasResourceProperties(jsii.String(typ), props) }); panicked {
		tt.t.Errorf("no %s with the expected properties:\n%s", typ, msg)
	}
}

// hasResource asserts a resource of type typ matching the whole resource
// definition (Properties, Condition, DeletionPolicy...).
func (tt *testTemplate) hasResource(typ string, resource any) {
	tt.t.Helper()
	if msg, panicked := catchPanic(func() { tt.template.HasResource(jsii.String(typ), resource) }); panicked {
		tt.t.Errorf("no %s matching the expected resource:\n%s", typ, msg)
	}
}

// count asserts the number of resources of type typ.
func (tt *testTemplate) count(typ string, n int) {
	tt.t.Helper()
	if msg, panicked := catchPanic(func() { tt.template.ResourceCountIs(jsii.String(typ), jsii.Number(float64(n))) }); panicked {
		tt.t.Errorf("%s", msg)
	}
}

// find returns the resources of type typ matching props (nil: all), by logical ID.
func (tt *testTemplate) find(typ string, props any) map[string]map[string]any {
	tt.t.Helper()
	var matcher any
	if props != nil {
		matcher = map[string]any{"Properties": props}
	}
	found := tt.template.FindResources(jsii.String(typ), matcher)
	out := map[string]map[string]any{}
	for id, r := range *found {
		out[id] = *r
	}
	return out
}

// only returns the one resource of type typ matching props, or fails the test.
func (tt *testTemplate) only(typ string, props any) (string, map[string]any) {
	tt.t.Helper()
	found := tt.find(typ, props)
	if len(found) != 1 {
		tt.t.Fatalf("want exactly one %s matching %s, found %d: %s", typ, jsonString(props), len(found), jsonString(found))
	}
	for id, r := range found {
		return id, r
	}
	panic("unreachable")
}

// properties returns the Properties of a resource as a map.
func properties(resource map[string]any) map[string]any {
	p, _ := resource["Properties"].(map[string]any)
	return p
}

// logicalID is the logical ID of the CloudFormation resource behind an L2 construct.
func logicalID(stack awscdk.Stack, c awsconstructs.IConstruct) string {
	return *stack.GetLogicalId(c.Node().DefaultChild().(awscdk.CfnElement))
}

// ref is {"Ref": id}.
func ref(id string) map[string]any { return map[string]any{"Ref": id} }

// getAtt is {"Fn::GetAtt": [id, attr]}.
func getAtt(id, attr string) map[string]any { return map[string]any{"Fn::GetAtt": []any{id, attr}} }

// catchPanic runs f and returns the panic's message if it panicked (jsii
// turns errors thrown in CDK into Go panics).
func catchPanic(f func()) (msg string, panicked bool) {
	defer func() {
		if r := recover(); r != nil {
			msg, panicked = fmt.Sprint(r), true
		}
	}()
	f()
	return "", false
}

// mustPanic runs f, fails the test unless it panics with a message
// containing every one of wants, and returns the message.
func mustPanic(t *testing.T, f func(), wants ...string) string {
	t.Helper()
	msg, panicked := catchPanic(f)
	if !panicked {
		t.Errorf("did not panic; want a panic mentioning %q", wants)
		return ""
	}
	for _, w := range wants {
		if !strings.Contains(msg, w) {
			t.Errorf("panic message %q does not contain %q", msg, w)
		}
	}
	return msg
}

// jsonString is v as JSON, for messages and substring checks.
func jsonString(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%#v", v)
	}
	return string(b)
}

// writeMainPackage writes a Go main package printing message into a new
// folder under testdata (inside the module, so go build finds go.mod) and
// returns its path relative to the package folder. The folder is removed
// when the test ends. body replaces the whole main.go when not empty.
func writeMainPackage(t *testing.T, message, body string) string {
	t.Helper()
	dir, err := os.MkdirTemp("testdata", "gobuild-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if body == "" {
		body = fmt.Sprintf("package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(%q) }\n", message)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// functionAlarmWants are the properties of an ApiFunction's three alarms
// with a 29 s timeout, by metric name: fresh maps, for the caller to add to.
func functionAlarmWants() map[string]map[string]any {
	wants := map[string]map[string]any{
		"Throttles": {"Statistic": "Sum", "Threshold": 0, "EvaluationPeriods": 1, "DatapointsToAlarm": 1},
		"Errors":    {"Statistic": "Sum", "Threshold": 0, "EvaluationPeriods": 3, "DatapointsToAlarm": 2},
		"Duration":  {"ExtendedStatistic": "p99", "Threshold": 23200, "EvaluationPeriods": 5, "DatapointsToAlarm": 3},
	}
	for name, want := range wants {
		want["Namespace"] = "AWS/Lambda"
		want["MetricName"] = name
	}
	return wants
}
