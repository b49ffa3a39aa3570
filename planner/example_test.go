package planner_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/strangler-fig/strangler/planner"
	"github.com/strangler-fig/strangler/planner/cflog"
	"github.com/strangler-fig/strangler/planner/cflog/cflogtest"
	"github.com/strangler-fig/strangler/planner/stats"
)

// Read a folder of CloudFront logs and print the routes, hottest first.
func ExampleAnalyze() {
	dir, _ := os.MkdirTemp("", "cflogs")
	defer os.RemoveAll(dir)
	t0 := time.Date(2025, 3, 3, 10, 0, 0, 0, time.UTC)
	var lines []cflogtest.Line
	for i := range 6 {
		lines = append(lines, cflogtest.Line{Time: t0, Path: fmt.Sprintf("/user/%d", i), TimeTakenMs: 500})
	}
	lines = append(lines, cflogtest.Line{Time: t0, Path: "/products", TimeTakenMs: 40})
	cflogtest.WriteFile(filepath.Join(dir, "E2EXAMPLE.2025-03-03-10.abcd1234.gz"), lines)

	sources, _ := cflog.LocalSources([]string{dir})
	res, err := planner.Analyze(context.Background(), sources, planner.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range res.Routes {
		p := r.Stats.Peaks(stats.Duration{Source: "time-taken"})
		fmt.Printf("%s: %d requests, peak %d/s, ~%.1f concurrent Lambdas\n", r.Template, r.Stats.Requests, p.RPS, p.Concurrency)
	}
	// Output:
	// /user/{id}: 6 requests, peak 6/s, ~3.0 concurrent Lambdas
	// /products: 1 requests, peak 1/s, ~0.0 concurrent Lambdas
}
