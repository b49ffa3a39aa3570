package report_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
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
	"github.com/strangler-fig/strangler/planner/report"
)

func plan(t *testing.T) (report.Summary, *forecast.Plan) {
	dir := t.TempDir()
	t0 := time.Date(2025, 3, 3, 10, 0, 0, 0, time.UTC)
	var lines []cflogtest.Line
	for i := range 50 {
		query := "page=2&size=10" // half of the reads page, a fifth also set fields
		if i%2 == 1 {
			query = ""
		} else if i%10 == 0 {
			query += "&fields=name"
		}
		lines = append(lines, cflogtest.Line{Time: t0.Add(time.Duration(i) * time.Second), Path: fmt.Sprintf("/user/%d", i), Query: query, TimeTakenMs: 1500})
		lines = append(lines, cflogtest.Line{Time: t0.Add(time.Duration(i) * time.Minute), Method: "POST", Path: "/user/1/orders", TimeTakenMs: 20})
	}
	lines = append(lines, cflogtest.Line{Time: t0, Path: "/search%20me", TimeTakenMs: 20}) // not an API Gateway path
	lines = append(lines, cflogtest.Line{Time: t0, Path: "/a-b", TimeTakenMs: 20})
	lines = append(lines, cflogtest.Line{Time: t0, Path: "/a/b", TimeTakenMs: 20}) // same function name as /a-b
	if err := cflogtest.WriteFile(filepath.Join(dir, "a.gz"), lines); err != nil {
		t.Fatal(err)
	}
	srcs, _ := cflog.LocalSources([]string{dir})
	res, err := planner.Analyze(context.Background(), srcs, planner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return report.Summarize(res), forecast.Build(res, forecast.Options{Quotas: forecast.DefaultQuotas()})
}

func TestDraftManifestLoads(t *testing.T) {
	_, p := plan(t)
	o := report.DraftOptions{DomainName: "legacy.example.com", Source: "logs/"}
	data, err := report.EncodeDraft(report.Draft(p, o), p, o)
	if err != nil {
		t.Fatal(err)
	}
	m, err := manifest.Parse(data, "draft.yaml", "")
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	var got []string
	for _, r := range m.Routes {
		got = append(got, fmt.Sprintf("%s %s %s %s", r.Path, strings.Join(r.Methods, ","), r.Function, r.Target))
	}
	want := []string{"/user/{id} GET api-user-id legacy", "/user/{id}/orders POST api-user-id-orders legacy", "/a-b GET api-a-b legacy", "/a/b GET api-a-b-2 legacy"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("routes\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// /user/{id}: 1 request of 1.5 s a second -> peak 1.5 -> reserve 3.
	if r := m.Routes[0]; r.ReservedConcurrency == nil || *r.ReservedConcurrency != 3 {
		t.Errorf("reserved %v", r.ReservedConcurrency)
	}
	if !bytes.HasPrefix(data, []byte("# Draft route manifest")) || !bytes.Contains(data, []byte("  # #1 (wave 1)")) {
		t.Errorf("comments missing:\n%s", data)
	}
	if !bytes.Contains(data, []byte("  # query keys in the logs: page (50%), size (50%), fields (10%)\n  - path: /user/{id}\n")) ||
		!bytes.Contains(data, []byte("  # no query strings in the logs\n  - path: /user/{id}/orders\n")) {
		t.Errorf("query keys not noted above their routes:\n%s", data)
	}
	if u := report.Unmigratable(p); len(u) != 1 || !strings.HasPrefix(u[0], "/search me:") {
		t.Errorf("unmigratable %v", u)
	}
}

func TestDraftKeepsExistingRoutes(t *testing.T) {
	_, p := plan(t)
	existing, err := manifest.Parse([]byte("legacy:\n  domainName: old.example.com\nauth: {default: jwt, jwt: {issuer: \"https://i/\", audiences: [a], jwksUrl: \"https://i/jwks\"}}\nroutes:\n  - path: /user/{id}\n    cache: public\n    cacheQueryKeys: [page]\n    auth: none\n  - path: /legacy-only\n    target: legacy\n"), "routes.yaml", "")
	if err != nil {
		t.Fatal(err)
	}
	o := report.DraftOptions{Existing: existing}
	data, _ := report.EncodeDraft(report.Draft(p, o), p, o)
	m, err := manifest.Parse(data, "draft.yaml", "")
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	if m.Legacy.DomainName != "old.example.com" || m.Routes[0].Cache != "public" || m.Routes[0].Target != "lambda" || m.Routes[len(m.Routes)-1].Path != "/legacy-only" {
		t.Errorf("draft:\n%s", data)
	}
}

// TestDraftFillsCacheKeysFromLogs: an existing cached route without
// cacheQueryKeys (a manifest made in Go) gets the keys its logs show, so
// the draft loads; one with them keeps its own.
func TestDraftFillsCacheKeysFromLogs(t *testing.T) {
	_, p := plan(t)
	existing := &manifest.Manifest{Legacy: manifest.Legacy{DomainName: "old.example.com"},
		Auth: manifest.Auth{Default: manifest.AuthDelegate, Delegate: &manifest.DelegateAuth{URL: "/session"}}, Routes: []manifest.Route{
			{Path: "/user/{id}", Cache: manifest.CachePublic, Auth: manifest.AuthNone},
			{Path: "/user/{id}/orders", Methods: []string{"POST"}, Cache: manifest.CachePerToken, CacheQueryKeys: manifest.QueryKeys{}, Auth: manifest.AuthNone},
		}}
	o := report.DraftOptions{Existing: existing}
	d := report.Draft(p, o)
	if got := strings.Join(d.Routes[0].CacheQueryKeys, ","); got != "page,size,fields" {
		t.Errorf("/user/{id} cacheQueryKeys = %q, want the logged page,size,fields", got)
	}
	if d.Routes[1].CacheQueryKeys == nil || len(d.Routes[1].CacheQueryKeys) != 0 {
		t.Errorf("/user/{id}/orders cacheQueryKeys = %#v, want its own []", d.Routes[1].CacheQueryKeys)
	}
	data, _ := report.EncodeDraft(d, p, o)
	if _, err := manifest.Parse(data, "draft.yaml", ""); err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
}

func TestFormats(t *testing.T) {
	s, p := plan(t)
	var b bytes.Buffer
	if err := report.WriteTable(&b, s, p); err != nil || !strings.Contains(b.String(), "/user/{id}/orders") || !strings.Contains(b.String(), "Quotas with every route moved") {
		t.Errorf("table %v\n%s", err, b.String())
	}
	b.Reset()
	if err := report.WriteJSON(&b, s, p); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Summary struct{ Requests int64 }
		Routes  []struct {
			Template string
			Requests int64
			Peaks    struct{ PeakRequestsPerSecond int64 }
		}
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil || doc.Summary.Requests != 103 || doc.Routes[0].Template != "/user/{id}" || doc.Routes[0].Requests != 50 {
		t.Errorf("json %v %+v", err, doc)
	}
	b.Reset()
	if err := report.WriteCSV(&b, p); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil || len(rows) != 1+len(p.Routes) || rows[1][2] != "/user/{id}" || rows[1][4] != "50" {
		t.Errorf("csv %v %v", err, rows)
	}
	b.Reset()
	if err := report.WriteHTML(&b, s, p, 8); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	for _, want := range []string{"<svg", "<polyline", "/user/{id}", "Quotas with every route moved", "Lambda concurrent executions"} {
		if !strings.Contains(html, want) {
			t.Errorf("html lacks %q", want)
		}
	}
	if strings.Contains(html, "<script") || strings.Contains(html, "http://") && !strings.Contains(html, "http://www.w3.org/2000/svg") {
		t.Error("html must be self-contained")
	}
}
