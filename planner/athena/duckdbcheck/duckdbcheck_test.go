package duckdbcheck

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/strangler-fig/strangler/planner"
	"github.com/strangler-fig/strangler/planner/athena"
	"github.com/strangler-fig/strangler/planner/athena/athenatest"
	"github.com/strangler-fig/strangler/planner/cflog"
	"github.com/strangler-fig/strangler/planner/cflog/cflogtest"
	"github.com/strangler-fig/strangler/planner/forecast"
	"github.com/strangler-fig/strangler/planner/report"
	"github.com/strangler-fig/strangler/planner/stats"
)

const (
	account      = "123456789012"
	distribution = "E2EXAMPLE"
	database     = "apimigration_loganalytics_8ad4b8d8"
	table        = "cloudfront_logs"
)

var t0 = time.Date(2025, 3, 3, 10, 0, 0, 0, time.UTC)

var hourOfName = regexp.MustCompile(`\.(\d{4})-(\d{2})-(\d{2})-(\d{2})\.`)

// writeBothWays writes one request set as gzipped text (one folder) and as
// logging v2 Parquet delivered to AWSLogs/<account>/CloudFront/<dist>/<yyyy>/<MM>/<dd>/<HH>/
// (another): three generated hours, lines with "-" fields, odd statuses,
// another Host, and a malformed row; small row groups and pages.
func writeBothWays(t testing.TB, targetBytes int64) (gzDir, root string) {
	gzDir, root = t.TempDir(), filepath.Join(t.TempDir(), "AWSLogs", account, "CloudFront")
	if _, err := cflogtest.WriteSet(cflogtest.SetOptions{Dir: gzDir, Hours: 3, TargetBytes: targetBytes, Seed: 13, Workers: 2}); err != nil {
		t.Fatal(err)
	}
	var odd []cflogtest.Line
	for i := range 50 {
		odd = append(odd, cflogtest.Line{Time: t0.Add(time.Duration(i) * time.Second), Path: "/search", Query: fmt.Sprintf("q=shoe%%20%d&page=2", i), TimeTakenMs: -1, Status: 200 + i%3*100, Host: "www.shop.example", Seed: uint64(i)})
	}
	odd = append(odd, cflogtest.Line{Time: t0.Add(time.Hour), Path: "/caf%C3%A9/menu", TimeTakenMs: 70000, Status: 504})
	must(t, cflogtest.WriteFile(filepath.Join(gzDir, "E2EXAMPLE.2025-03-03-10.odd.gz"), odd))
	entries, err := os.ReadDir(gzDir)
	must(t, err)
	for _, e := range entries {
		m := hourOfName.FindStringSubmatch(e.Name())
		if m == nil {
			t.Fatalf("no hour in %s", e.Name())
		}
		dir := filepath.Join(root, distribution, m[1], m[2], m[3], m[4])
		must(t, os.MkdirAll(dir, 0o755))
		dst := filepath.Join(dir, strings.TrimSuffix(e.Name(), ".gz")+".parquet")
		must(t, cflogtest.ParquetFromText(filepath.Join(gzDir, e.Name()), dst, parquet.MaxRowsPerRowGroup(3000), parquet.PageBufferSize(16<<10)))
	}
	return gzDir, root
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// planJSON is `planner --format json` of a result. What describes the
// stored form (files, lines, uncompressed bytes, problems with file and
// line) is cleared: Athena reads rows, not files.
func planJSON(t testing.TB, res *planner.Result) []byte {
	t.Helper()
	plan := forecast.Build(res, forecast.Options{Quotas: forecast.DefaultQuotas(), Duration: stats.Duration{Source: "time-taken"}})
	sum := report.Summarize(res)
	sum.Files, sum.FilesDamaged, sum.Lines, sum.UncompressedBytes, sum.Problems, sum.ProblemCount = 0, 0, 0, 0, nil, 0
	var b bytes.Buffer
	must(t, report.WriteJSON(&b, sum, plan))
	var v any
	must(t, json.Unmarshal(b.Bytes(), &v))
	out, err := json.MarshalIndent(v, "", " ")
	must(t, err)
	return out
}

func local(t testing.TB, gzDir string) *planner.Result {
	srcs, err := cflog.LocalSources([]string{gzDir})
	must(t, err)
	res, err := planner.Analyze(context.Background(), srcs, planner.Options{Workers: 2})
	must(t, err)
	return res
}

func scopeOf(res *planner.Result) athena.Scope {
	return athena.Scope{Database: database, Table: table, Distribution: distribution,
		From: time.Unix(res.Total.First, 0).UTC().Truncate(time.Hour), To: time.Unix(res.Total.Last+1, 0).UTC()}
}

// The Athena mode, its SQL run by DuckDB through the Athena stub and the
// real SDK client (paginated results), gives the local planner's JSON.
func TestAthenaSQLGivesTheLocalPlannersNumbers(t *testing.T) {
	gzDir, root := writeBothWays(t, 6<<20)
	want := local(t, gzDir)
	e, err := Open(root, database, table)
	must(t, err)
	defer e.DB.Close()
	stub := athenatest.New(e.Answer)
	defer stub.Close()
	runner := &athena.Runner{API: stub.Client(3), WorkGroup: "wg", PollEvery: time.Millisecond, PollMax: 2 * time.Millisecond}
	got, err := athena.Analyze(context.Background(), runner, athena.Options{Scope: scopeOf(want)})
	must(t, err)
	if got.Records != want.Records || got.Malformed != want.Malformed {
		t.Errorf("Athena: %d requests, %d malformed; local: %d, %d", got.Records, got.Malformed, want.Records, want.Malformed)
	}
	if len(got.Routes) < 10 {
		t.Fatalf("only %d routes: the generated set should have many", len(got.Routes))
	}
	a, b := planJSON(t, want), planJSON(t, got)
	if !bytes.Equal(a, b) {
		os.WriteFile(filepath.Join(os.TempDir(), "duckdbcheck-local.json"), a, 0o644)
		os.WriteFile(filepath.Join(os.TempDir(), "duckdbcheck-athena.json"), b, 0o644)
		t.Fatalf("plans differ: diff %s %s", filepath.Join(os.TempDir(), "duckdbcheck-local.json"), filepath.Join(os.TempDir(), "duckdbcheck-athena.json"))
	}
	if len(stub.SQL) != 1+len(athena.Aggregations) {
		t.Errorf("%d queries through the stub, want %d", len(stub.SQL), 1+len(athena.Aggregations))
	}
	t.Logf("%d requests, %d routes, %d queries", got.Records, len(got.Routes), len(stub.SQL))
}

// A narrower time range reads only its partitions and its requests.
func TestAthenaSQLKeepsToTheTimeRange(t *testing.T) {
	gzDir, root := writeBothWays(t, 2<<20)
	all := local(t, gzDir)
	e, err := Open(root, database, table)
	must(t, err)
	defer e.DB.Close()
	s := scopeOf(all)
	s.To = s.From.Add(90 * time.Minute)
	got, err := athena.Analyze(context.Background(), e, athena.Options{Scope: s})
	must(t, err)
	if got.Total.First < s.From.Unix() || got.Total.Last >= s.To.Unix() || got.Records >= all.Records || got.Records == 0 {
		t.Errorf("range [%s, %s): %d of %d requests, from %d to %d", s.From, s.To, got.Records, all.Records, got.Total.First, got.Total.Last)
	}
	// The same count as the local planner's per-second series over that range.
	var want int64
	for _, r := range all.Routes {
		r.Stats.Series.Each(func(t int64, sec stats.Second) {
			if t >= s.From.Unix() && t < s.To.Unix() {
				want += int64(sec.N)
			}
		})
	}
	if got.Records != want {
		t.Errorf("%d requests in range by SQL, %d by the local series", got.Records, want)
	}
}
