package report_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/strangler-fig/strangler/internal/routegen"
	"github.com/strangler-fig/strangler/manifest"
	"github.com/strangler-fig/strangler/planner"
	"github.com/strangler-fig/strangler/planner/cflog"
	"github.com/strangler-fig/strangler/planner/cflog/cflogtest"
	"github.com/strangler-fig/strangler/planner/forecast"
	"github.com/strangler-fig/strangler/planner/report"
)

// From planner to stack at scale: logs of a 112-route shop API give a
// draft manifest that loads, and once every route moves to Lambda (its
// folder written) still loads and fits CloudFront's default behaviour quota.
func TestDraftOfAHundredRoutesFitsOnceMigrated(t *testing.T) {
	shop, _ := routegen.Shop(112, "lambdas", "")
	src, err := manifest.Parse([]byte(shop), "shop.yaml", "")
	if err != nil {
		t.Fatal(err)
	}
	// A few requests per route, ids varied so the planner sees parameters.
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	var lines []cflogtest.Line
	for i, r := range src.Routes {
		tpl, _ := manifest.ParseTemplate(r.Path)
		for k := range 40 {
			var b strings.Builder
			for _, s := range tpl.Segments {
				switch {
				case s.Greedy:
					fmt.Fprintf(&b, "/q%d/p%d", k, k%3)
				case s.Param != "":
					fmt.Fprintf(&b, "/%d", 1000+k*7+i)
				default:
					b.WriteString("/" + s.Literal)
				}
			}
			lines = append(lines, cflogtest.Line{Time: t0.Add(time.Duration(i*40+k) * time.Second), Path: b.String(), TimeTakenMs: 30})
		}
	}
	dir := t.TempDir()
	if err := cflogtest.WriteFile(filepath.Join(dir, "logs.gz"), lines); err != nil {
		t.Fatal(err)
	}
	srcs, _ := cflog.LocalSources([]string{dir})
	templates, err := planner.TemplatesOf(src)
	if err != nil {
		t.Fatal(err)
	}
	res, err := planner.Analyze(context.Background(), srcs, planner.Options{Templates: templates})
	if err != nil {
		t.Fatal(err)
	}
	p := forecast.Build(res, forecast.Options{Quotas: forecast.DefaultQuotas()})
	o := report.DraftOptions{DomainName: "legacy.example.com", Source: "logs/"}
	data, err := report.EncodeDraft(report.Draft(p, o), p, o)
	if err != nil {
		t.Fatal(err)
	}
	draft, err := manifest.Parse(data, "draft.yaml", "")
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	if len(draft.Routes) < 100 {
		t.Fatalf("the draft has %d routes, want the shop's 112", len(draft.Routes))
	}
	// Move every route the source migrates, as its team would, with a
	// stand-in Lambda folder per function.
	lambdas := filepath.Join(t.TempDir(), "lambdas")
	migrated := map[string]bool{}
	for _, r := range src.Routes {
		migrated[r.Path] = r.Target == manifest.TargetLambda
	}
	moved := strings.ReplaceAll(string(data), "    target: legacy\n", "")
	var functions []string
	for _, r := range draft.Routes {
		if !migrated[r.Path] {
			moved = strings.Replace(moved, "  - path: "+r.Path+"\n", "  - path: "+r.Path+"\n    target: legacy\n", 1)
			continue
		}
		functions = append(functions, r.Function)
	}
	if err := routegen.WriteLambdas(lambdas, functions); err != nil {
		t.Fatal(err)
	}
	for _, f := range functions {
		if _, err := os.Stat(filepath.Join(lambdas, f, "main.go")); err != nil {
			t.Fatal(err)
		}
	}
	m, err := manifest.Parse([]byte(moved+"lambdasDir: "+lambdas+"\n"), "draft.yaml", "")
	if err != nil {
		t.Fatalf("%v", err)
	}
	bs, _ := m.EdgeBehaviors()
	t.Logf("draft: %d routes, %d migrated, %d behaviours", len(m.Routes), len(functions), len(bs))
	if len(bs) > manifest.DefaultCacheBehaviorQuota {
		t.Errorf("%d behaviours, over the default quota %d", len(bs), manifest.DefaultCacheBehaviorQuota)
	}
}
