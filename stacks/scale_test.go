package stacks_test

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"

	"github.com/strangler-fig/strangler/internal/jsiidirect"
	"github.com/strangler-fig/strangler/internal/jsiitest"
	"github.com/strangler-fig/strangler/internal/routegen"
	"github.com/strangler-fig/strangler/manifest"
	"github.com/strangler-fig/strangler/stacks"
)

// Node runs the jsii kernel itself: each call from Go costs about half
// (internal/jsiidirect). Before any test makes the first call.
var _, _ = jsiidirect.Enable()

var (
	scaleOnce    sync.Once
	scaleLambdas string
	scaleErr     error
)

// scaleManifest loads a generated manifest of n routes (each with its own
// function), extra appended to every route. The stand-in Lambdas are
// written once, inside the module (go build needs go.mod), and removed by
// TestMain.
func scaleManifest(t *testing.T, n int, extra string) *manifest.Manifest {
	t.Helper()
	scaleOnce.Do(func() {
		scaleLambdas, scaleErr = os.MkdirTemp(".", ".scale-lambdas-")
		if scaleErr == nil {
			scaleLambdas, scaleErr = filepath.Abs(scaleLambdas)
		}
		if scaleErr == nil {
			_, functions := routegen.Manifest(150, "", "")
			scaleErr = routegen.WriteLambdas(scaleLambdas, functions)
		}
	})
	if scaleErr != nil {
		t.Fatal(scaleErr)
	}
	yaml, _ := routegen.Manifest(n, scaleLambdas, extra)
	path := filepath.Join(t.TempDir(), "routes.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := manifest.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestMain(m *testing.M) {
	code := jsiitest.Run(m) // and jsii's copy of its runtime leaves the temporary folder
	if scaleLambdas != "" {
		os.RemoveAll(scaleLambdas)
	}
	os.Exit(code)
}

// elements counts a template's resources, parameters and outputs.
func elements(t *testing.T, s awscdk.Stack) (resources, parameters, outputs int) {
	t.Helper()
	j := *assertions.Template_FromStack(s, nil).ToJSON()
	count := func(k string) int { m, _ := j[k].(map[string]any); return len(m) }
	return count("Resources"), count("Parameters"), count("Outputs")
}

// 150 routes, each with its own function (the worst case), deploy as one
// stack: every template stays under CloudFormation's limits.
func TestOneHundredFiftyRoutesFitCloudFormation(t *testing.T) {
	m := scaleManifest(t, 150, "")
	s := stacks.NewMigrationStack(unvalidatedApp(t), "ApiMigration", &stacks.MigrationStackProps{Manifest: m})
	total, _, _ := elements(t, s.Stack)
	report := []string{fmt.Sprintf("root: %d resources", total)}
	rootResources := total
	if rootResources > stacks.MaxResourcesPerStack {
		t.Errorf("the stack has %d resources, over %d", rootResources, stacks.MaxResourcesPerStack)
	}
	for _, name := range slices.Sorted(maps.Keys(s.RouteStacks)) {
		r, p, o := elements(t, s.RouteStacks[name])
		total += r
		report = append(report, fmt.Sprintf("%s: %d resources, %d parameters", name, r, p))
		if r > stacks.MaxResourcesPerStack || p > stacks.MaxParametersPerStack || o > stacks.MaxOutputsPerStack {
			t.Errorf("nested stack %s: %d resources, %d parameters, %d outputs: over CloudFormation's limits", name, r, p, o)
		}
	}
	if len(s.Functions) != 150 {
		t.Errorf("%d functions, want 150", len(s.Functions))
	}
	t.Logf("150 routes: %d resources in all, %.1f per route; %s", total, float64(total)/150, strings.Join(report, "; "))
}

// One nested stack holding all 150 functions is over 500 resources: synth
// fails, naming the stack, the count, the limit and the manifest fix.
func TestNestedStackOverTheResourceLimitFailsSynth(t *testing.T) {
	m := scaleManifest(t, 150, "    stack: everything\n")
	app := unvalidatedApp(t)
	stacks.NewMigrationStack(app, "ApiMigration", &stacks.MigrationStackProps{Manifest: m})
	msg, panicked := catchPanic(func() { app.Synth(nil) })
	if !panicked {
		t.Fatal("synth passed with 150 functions in one nested stack")
	}
	for _, want := range []string{
		"ApiMigration/RoutesEverything",
		"resources in one template; CloudFormation allows 500 per stack",
		`manifest stack "everything" holds 150 functions (api-svc01, api-svc01-id, api-svc01-id-sub01, api-svc01-id-sub02, … 146 more), about 13 resources each, so about 33 fit in one: split it into at least 5 by giving their routes other ` + "`stack:`" + ` names (e.g. "everything-2")`,
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("synth error lacks %q:\n%s", want, msg)
		}
	}
}
