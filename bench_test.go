package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/strangler-fig/strangler/internal/routegen"
)

// BenchmarkSynth runs the app as `cdk synth` does on generated manifests of
// 10, 50 and 150 routes (a function each) and reports, per synth, the peak
// resident memory of the app with its Node child (max RSS over the process
// tree), the resources synthesized, and resources per route. The Lambdas
// are built once before timing: the figures are for a warm machine, where
// `cdk synth` / `cdk diff` spend their time.
//
//	go test -run '^$' -bench Synth -benchtime 3x .
func BenchmarkSynth(b *testing.B) {
	lambdas, err := os.MkdirTemp(".", ".bench-lambdas-")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { os.RemoveAll(lambdas) })
	abs, _ := filepath.Abs(lambdas)
	_, functions := routegen.Manifest(150, "", "")
	if err := routegen.WriteLambdas(abs, functions); err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{10, 50, 150} {
		b.Run(fmt.Sprintf("routes=%d", n), func(b *testing.B) {
			yaml, _ := routegen.Manifest(n, abs, "")
			path := filepath.Join(b.TempDir(), "routes.yaml")
			if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
				b.Fatal(err)
			}
			ctx := map[string]string{"manifest": path}
			if _, stderr, err := synthCLI(b, ctx); err != nil { // warm-up: builds the Lambdas
				b.Fatalf("synth: %v\n%s", err, stderr)
			}
			var peak int64
			var out string
			for b.Loop() {
				dir, rss := synthMeasured(b, ctx)
				out = dir
				peak = max(peak, rss)
			}
			resources := countResources(b, out)
			b.ReportMetric(float64(peak)/1024, "peak-MiB")
			b.ReportMetric(float64(resources), "resources")
			b.ReportMetric(float64(resources)/float64(n), "resources/route")
		})
	}
}

// synthMeasured runs the app once as the CDK CLI would and returns the
// cloud assembly and the peak resident set (KiB) of the app's process tree:
// Linux reports, for a waited-for child, the largest of it and its own
// waited-for children (the Node process jsii starts).
func synthMeasured(b *testing.B, context map[string]string) (string, int64) {
	outdir := b.TempDir()
	ctx, _ := json.Marshal(context)
	cmd := exec.Command(app(b))
	cmd.Env = append(os.Environ(), "CDK_OUTDIR="+outdir, "CDK_CONTEXT_JSON="+string(ctx))
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("synth: %v\n%s", err, out)
	}
	return outdir, cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss
}

// countResources adds up the resources of every template in a cloud assembly.
func countResources(b *testing.B, outdir string) int {
	paths, _ := filepath.Glob(filepath.Join(outdir, "*.template.json"))
	total := 0
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		var t struct{ Resources map[string]any }
		if err := json.Unmarshal(raw, &t); err != nil {
			b.Fatal(err)
		}
		total += len(t.Resources)
	}
	return total
}
