package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/strangler-fig/strangler/internal/jsiidirect"
	"github.com/strangler-fig/strangler/internal/routegen"
)

// BenchmarkSynth runs the floor app (internal/floorapp: one SNS topic,
// validation off; what it costs is Node, aws-cdk-lib and jsii starting)
// and this app as `cdk synth` does: on routes.yaml, with and without
// `-c validate=true`, and on generated manifests of 10, 50 and 150 routes
// (a function each). Two cases show what the jsii transport is worth
// (internal/jsiidirect): the floor app through it (floor-direct), and
// routes.yaml through jsii's relay (routes.yaml-relay). The Lambdas are built before timing: the figures are
// for a warm machine, where `cdk synth` / `cdk diff` spend their time.
//
// As `cdk synth` into cdk.out, the synths of a case write into one cloud
// assembly folder (the floor's into another): the functions' code is
// staged into it once, as in the loop of `cdk diff` a developer sits in
// (the copy, ~0.4 s at 150 functions, is paid on a fresh checkout only).
//
// Each timed synth is followed by an untimed synth of the floor app, so
// x-floor (median wall time over the floor's median in the same
// iterations) holds on a machine shared with other work; peak-MiB is the
// largest resident set of the app's process tree (its Node child), and
// x-floor-MiB that over the floor's.
//
//	go test -run '^$' -bench Synth -benchtime 5x .
func BenchmarkSynth(b *testing.B) {
	floor := floorApp(b)
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
	manifest := func(n int) map[string]string {
		yaml, _ := routegen.Manifest(n, abs, "")
		path := filepath.Join(b.TempDir(), "routes.yaml")
		if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
			b.Fatal(err)
		}
		return map[string]string{"manifest": path}
	}
	// The floor through internal/jsiidirect, as the app runs: what of the
	// app's ratio is the kernel's transport, and what is the app's work.
	direct, err := jsiidirect.Wrapper()
	if err != nil {
		b.Fatalf("jsiidirect: %v", err)
	}
	cases := []struct {
		name    string
		context map[string]string
		bin     string   // default: the app
		env     []string // more environment
	}{
		{"floor-direct", nil, floor, []string{"JSII_NODE=" + direct}},
		{"routes.yaml", nil, "", nil},
		{"routes.yaml-relay", nil, "", []string{"STRANGLER_JSII_RELAY=1"}}, // the kernel behind jsii's relay, as before
		{"routes.yaml-validate", map[string]string{"validate": "true"}, "", nil},
		{"routes=10", manifest(10), "", nil},
		{"routes=50", manifest(50), "", nil},
		{"routes=150", manifest(150), "", nil},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			bin := c.bin
			if bin == "" {
				bin = app(b)
			}
			outdir, floorOutdir := b.TempDir(), b.TempDir()
			synthMeasured(b, bin, c.context, outdir, c.env...) // warm-up: builds the Lambdas, stages their code
			synthMeasured(b, floor, nil, floorOutdir)
			var times, floorTimes []time.Duration
			var peak, floorPeak int64
			b.ResetTimer()
			for range b.N {
				start := time.Now()
				rss := synthMeasured(b, bin, c.context, outdir, c.env...)
				times = append(times, time.Since(start))
				peak = max(peak, rss)
				b.StopTimer()
				start = time.Now()
				rss = synthMeasured(b, floor, nil, floorOutdir)
				floorTimes = append(floorTimes, time.Since(start))
				floorPeak = max(floorPeak, rss)
				b.StartTimer()
			}
			resources := countResources(b, outdir)
			b.ReportMetric(float64(median(times))/float64(median(floorTimes)), "x-floor")
			b.ReportMetric(float64(peak)/1024, "peak-MiB")
			b.ReportMetric(float64(peak)/float64(floorPeak), "x-floor-MiB")
			b.ReportMetric(median(floorTimes).Seconds(), "floor-s")
			b.ReportMetric(float64(resources), "resources")
		})
	}
}

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}

// floorApp builds internal/floorapp once.
func floorApp(b *testing.B) string {
	b.Helper()
	bin := filepath.Join(b.TempDir(), "floorapp")
	if out, err := exec.Command("go", "build", "-o", bin, "./internal/floorapp").CombinedOutput(); err != nil {
		b.Fatalf("building the floor app: %v\n%s", err, out)
	}
	return bin
}

// synthMeasured runs a CDK app binary once as the CDK CLI would, into
// outdir, and returns the peak resident set (KiB) of its process tree:
// Linux reports, for a waited-for child, the largest of it and its own
// waited-for children (the Node process jsii starts).
func synthMeasured(b *testing.B, bin string, context map[string]string, outdir string, env ...string) int64 {
	ctx, _ := json.Marshal(cliContext(context))
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), "CDK_OUTDIR="+outdir, "CDK_CONTEXT_JSON="+string(ctx))
	cmd.Env = append(cmd.Env, env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("synth: %v\n%s", err, out)
	}
	return cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss
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
