package forecast_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/strangler-fig/strangler/manifest"
	"github.com/strangler-fig/strangler/planner"
	"github.com/strangler-fig/strangler/planner/cflog"
	"github.com/strangler-fig/strangler/planner/cflog/cflogtest"
	"github.com/strangler-fig/strangler/planner/forecast"
	"github.com/strangler-fig/strangler/planner/stats"
)

var t0 = time.Date(2025, 3, 3, 10, 0, 0, 0, time.UTC)

// result: /user/{id} 10 requests of 500 ms at t0 (5 concurrent), /products
// 3 of 2 s at t0+61 (6 concurrent), /health 1 of 1 ms at t0+30.
func result(t *testing.T) *planner.Result {
	dir := t.TempDir()
	var lines []cflogtest.Line
	for i := range 10 {
		lines = append(lines, cflogtest.Line{Time: t0, Path: fmt.Sprintf("/user/%d", i), TimeTakenMs: 500})
	}
	for range 3 {
		lines = append(lines, cflogtest.Line{Time: t0.Add(61 * time.Second), Path: "/products", TimeTakenMs: 2000})
	}
	lines = append(lines, cflogtest.Line{Time: t0.Add(30 * time.Second), Path: "/health", TimeTakenMs: 1})
	if err := cflogtest.WriteFile(filepath.Join(dir, "a.gz"), lines); err != nil {
		t.Fatal(err)
	}
	srcs, _ := cflog.LocalSources([]string{dir})
	res, err := planner.Analyze(context.Background(), srcs, planner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestOrderWaitsForQuota(t *testing.T) {
	q := forecast.DefaultQuotas()
	q.LambdaConcurrency = 5
	plan := forecast.Build(result(t), forecast.Options{Quotas: q, Duration: stats.Duration{Source: "time-taken"}})
	var order []string
	for _, r := range plan.Routes {
		order = append(order, fmt.Sprintf("%d:%s:w%d", r.Rank, r.Template, r.Wave))
	}
	// /products (3 requests) is hotter than /health (1) but would take the
	// region to 6 > 5 concurrent: it waits for the raise.
	if got := strings.Join(order, " "); got != "1:/user/{id}:w1 2:/health:w1 3:/products:w2" {
		t.Fatalf("order %s", got)
	}
	p := plan.Routes[2]
	if len(p.Before) != 1 || p.Before[0].Quota != forecast.QuotaLambdaConcurrency || p.Before[0].Needed != 6 || p.Before[0].RaiseTo != 8 {
		t.Fatalf("before %+v", p.Before)
	}
	if !strings.Contains(p.Why, "raise Lambda concurrent executions from 5 to 8") {
		t.Errorf("why %q", p.Why)
	}
	if plan.Routes[0].CumulativeConcurrency != 5 || plan.Routes[1].CumulativeConcurrency != 5 || p.CumulativeConcurrency != 6 {
		t.Errorf("cumulative %v %v %v", plan.Routes[0].CumulativeConcurrency, plan.Routes[1].CumulativeConcurrency, p.CumulativeConcurrency)
	}
	// The whole-distribution row says what to raise and to what.
	for _, qf := range plan.Quotas {
		if qf.Quota == forecast.QuotaLambdaConcurrency && (!qf.Crossed || qf.Needed != 6 || qf.RaiseTo != 8) {
			t.Errorf("quota row %+v", qf)
		}
		if qf.Quota == forecast.QuotaENIs && (qf.Needed != 2 || qf.Crossed) {
			t.Errorf("ENI row %+v", qf)
		}
	}
	// The reservation budget (quota - 100) is negative here: none suggested.
	for _, r := range plan.Routes {
		if r.SuggestedReserved != 0 {
			t.Errorf("%s reserved %d", r.Template, r.SuggestedReserved)
		}
	}
}

func TestDefaultQuotasFitAndReserve(t *testing.T) {
	plan := forecast.Build(result(t), forecast.Options{Quotas: forecast.DefaultQuotas()})
	got := map[string]int{}
	for _, r := range plan.Routes {
		if r.Wave != 1 {
			t.Errorf("%s wave %d", r.Template, r.Wave)
		}
		got[r.Template] = r.SuggestedReserved
	}
	// 1.5x the peak: 5 -> 8, 6 -> 9; /health peaks under 1: none.
	if got["/user/{id}"] != 8 || got["/products"] != 9 || got["/health"] != 0 {
		t.Errorf("reserved %v", got)
	}
}

func TestCacheBehavioursCountedLikeTheStack(t *testing.T) {
	q := forecast.DefaultQuotas()
	q.CacheBehaviors = 2
	m := &manifest.Manifest{Routes: []manifest.Route{{Path: "/user/{id}/orders", Target: manifest.TargetLegacy}}}
	plan := forecast.Build(result(t), forecast.Options{Quotas: q, Manifest: m})
	// Moving /user/{id} needs /user/* and, for the legacy /user/{id}/orders
	// it would swallow, /user/*/orders: 2 behaviours. /products would make 3.
	var b []string
	for _, r := range plan.Routes {
		b = append(b, fmt.Sprintf("%s=%d/w%d", r.Template, r.CumulativeBehaviors, r.Wave))
	}
	if got := strings.Join(b, " "); got != "/user/{id}=2/w1 /products=3/w2 /health=4/w2" {
		t.Errorf("behaviours %s", got)
	}
}

func TestFixedDuration(t *testing.T) {
	plan := forecast.Build(result(t), forecast.Options{Quotas: forecast.DefaultQuotas(), Duration: stats.Duration{Source: "fixed", FixedMs: 100}})
	if c := plan.Routes[0].Peaks.Concurrency; c != 1 {
		t.Errorf("10 requests x 100 ms = %v concurrent, want 1", c)
	}
	if !strings.Contains(plan.Duration, "100 ms") {
		t.Errorf("duration %q", plan.Duration)
	}
}

// A monolith path the manifest sends through API Gateway (via:
// api-gateway) is not a route to move, but its requests load API
// Gateway's throttles from the first route on, and no Lambda's concurrency.
func TestViaAPIGatewayTrafficCountsAgainstAPIGateway(t *testing.T) {
	m, err := manifest.Parse([]byte("legacy: {domainName: legacy.example.com}\nroutes:\n  - path: /user/{id}\n    target: legacy\n    via: api-gateway\n"), "m.yaml", "")
	if err != nil {
		t.Fatal(err)
	}
	plan := forecast.Build(result(t), forecast.Options{Quotas: forecast.DefaultQuotas(), Manifest: m, Duration: stats.Duration{Source: "time-taken"}})
	var templates []string
	for _, r := range plan.Routes {
		templates = append(templates, r.Template)
	}
	if got := strings.Join(templates, " "); got != "/products /health" {
		t.Fatalf("routes %q: /user/{id} stays on the monolith", got)
	}
	// /products alone: 3 requests a second and 6 concurrent; with
	// /user/{id}'s 10 requests through API Gateway, 10 a second at peak.
	if r := plan.Routes[0]; r.CumulativeRPS != 10 || r.CumulativeConcurrency != 6 {
		t.Errorf("/products: cumulative %d rps, %v concurrent; want 10 and 6", r.CumulativeRPS, r.CumulativeConcurrency)
	}
}
