package planner_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/strangler-fig/strangler/planner"
	"github.com/strangler-fig/strangler/planner/cflog"
	"github.com/strangler-fig/strangler/planner/cflog/cflogtest"
	"github.com/strangler-fig/strangler/planner/forecast"
	"github.com/strangler-fig/strangler/planner/report"
	"github.com/strangler-fig/strangler/planner/stats"
)

// writeBothWays writes one request set as gzipped text into one folder and
// as logging v2 Parquet into another (same file names, .parquet): a
// generated day of traffic plus lines with query strings, "-" fields and
// another Host. Small row groups and pages make the reader cross them.
func writeBothWays(t testing.TB, targetBytes int64) (gzDir, pqDir string) {
	gzDir, pqDir = t.TempDir(), t.TempDir()
	if _, err := cflogtest.WriteSet(cflogtest.SetOptions{Dir: gzDir, Hours: 3, TargetBytes: targetBytes, Seed: 13, Workers: 2}); err != nil {
		t.Fatal(err)
	}
	var odd []cflogtest.Line
	for i := range 50 {
		odd = append(odd, cflogtest.Line{Time: T0.Add(time.Duration(i) * time.Second), Path: "/search", Query: fmt.Sprintf("q=shoe%%20%d&page=2", i), TimeTakenMs: -1, Status: 200 + i%3*100, Host: "www.shop.example", Seed: uint64(i)})
	}
	must(t, cflogtest.WriteFile(filepath.Join(gzDir, "E2EXAMPLE.2025-03-03-10.odd.gz"), odd))
	entries, err := os.ReadDir(gzDir)
	must(t, err)
	for _, e := range entries {
		dst := filepath.Join(pqDir, strings.TrimSuffix(e.Name(), ".gz")+".parquet")
		must(t, cflogtest.ParquetFromText(filepath.Join(gzDir, e.Name()), dst, parquet.MaxRowsPerRowGroup(3000), parquet.PageBufferSize(16<<10)))
	}
	return gzDir, pqDir
}

// planJSON is what `planner --format json` prints for dir. The summary's
// lines and uncompressedBytes describe the stored form (text has header
// lines; Parquet has rows and no text) and problems name the file and its
// line or row, so they are cleared; everything else must match exactly.
func planJSON(t testing.TB, dir string) []byte {
	t.Helper()
	srcs, err := cflog.LocalSources([]string{dir})
	must(t, err)
	res, err := planner.Analyze(context.Background(), srcs, planner.Options{Workers: 2})
	must(t, err)
	plan := forecast.Build(res, forecast.Options{Quotas: forecast.DefaultQuotas(), Duration: stats.Duration{Source: "time-taken"}})
	sum := report.Summarize(res)
	sum.Lines, sum.UncompressedBytes, sum.Problems = 0, 0, nil
	var b bytes.Buffer
	must(t, report.WriteJSON(&b, sum, plan))
	return b.Bytes()
}

func TestParquetGivesTheSameJSONAsGzippedText(t *testing.T) {
	gzDir, pqDir := writeBothWays(t, 3e6)
	// One corrupt file in each: reported and skipped the same way.
	must(t, os.WriteFile(filepath.Join(gzDir, "E2EXAMPLE.2025-03-03-11.bad.gz"), []byte("\x1f\x8bnot gzip at all"), 0o644))
	must(t, os.WriteFile(filepath.Join(pqDir, "E2EXAMPLE.2025-03-03-11.bad.parquet"), []byte("PAR1 not parquet at all PAR1"), 0o644))
	fromText, fromParquet := planJSON(t, gzDir), planJSON(t, pqDir)
	if !bytes.Equal(fromText, fromParquet) {
		t.Fatalf("JSON differs:\ntext:\n%.3000s\nparquet:\n%.3000s", fromText, fromParquet)
	}
	// The comparison is not vacuous: requests, routes and the bad file are there.
	for _, want := range []string{`"filesDamaged": 1`, `"problemCount": 1`, `"template": "/user/{id}"`, `"template": "/search"`, `"www.shop.example"`} {
		if !bytes.Contains(fromText, []byte(want)) {
			t.Errorf("JSON lacks %s:\n%.2000s", want, fromText)
		}
	}
	var doc struct{ Summary report.Summary }
	must(t, json.Unmarshal(fromParquet, &doc))
	if doc.Summary.Requests < 5000 || doc.Summary.Files != 5 {
		t.Errorf("summary %+v", doc.Summary)
	}
}

func TestCorruptParquetReportedAndSkipped(t *testing.T) {
	_, pqDir := writeBothWays(t, 3e5)
	good, err := filepath.Glob(filepath.Join(pqDir, "*.odd.parquet"))
	must(t, err)
	data, err := os.ReadFile(good[0])
	must(t, err)
	must(t, os.WriteFile(filepath.Join(pqDir, "cut.parquet"), data[:len(data)/2], 0o644))
	must(t, os.WriteFile(filepath.Join(pqDir, "junk.parquet"), []byte("PAR1PAR1"), 0o644))
	srcs, err := cflog.LocalSources([]string{pqDir})
	must(t, err)
	res, err := planner.Analyze(context.Background(), srcs, planner.Options{})
	must(t, err)
	if res.FilesDamaged != 2 || res.ProblemCount != 2 {
		t.Fatalf("damaged %d problems %v", res.FilesDamaged, res.Problems)
	}
	for _, p := range res.Problems {
		if !strings.HasSuffix(p.File, "cut.parquet") && !strings.HasSuffix(p.File, "junk.parquet") || !strings.Contains(p.Reason, "not a readable Parquet file") {
			t.Errorf("problem %v", p)
		}
	}
	// The intact files are still read in full.
	if res.Records == 0 || res.Malformed != 0 {
		t.Errorf("records %d malformed %d", res.Records, res.Malformed)
	}
}

// BenchmarkParquetVsGzip analyses the same requests stored as gzipped text
// and as logging v2 Parquet (Snappy, the writer's default row groups).
// MB/s is stored bytes read per second; textMB/s is the same requests'
// uncompressed text per second, comparable across the two.
// Run: go test ./planner -run '^$' -bench ParquetVsGzip -benchtime 3x -benchmem
func BenchmarkParquetVsGzip(b *testing.B) {
	gzDir, pqDir := b.TempDir(), b.TempDir()
	if _, err := cflogtest.WriteSet(cflogtest.SetOptions{Dir: gzDir, Hours: 4, TargetBytes: 100e6, Seed: 7, Workers: 2}); err != nil {
		b.Fatal(err)
	}
	entries, err := os.ReadDir(gzDir)
	must(b, err)
	for _, e := range entries {
		must(b, cflogtest.ParquetFromText(filepath.Join(gzDir, e.Name()), filepath.Join(pqDir, strings.TrimSuffix(e.Name(), ".gz")+".parquet")))
	}
	text := analyze(b, gzDir, planner.Options{}).UncompressedBytes
	for _, c := range []struct{ name, dir string }{{"gzip", gzDir}, {"parquet", pqDir}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			var res *planner.Result
			for b.Loop() {
				res = analyze(b, c.dir, planner.Options{})
			}
			var size int64
			entries, _ := os.ReadDir(c.dir)
			for _, e := range entries {
				info, _ := e.Info()
				size += info.Size()
			}
			secs := b.Elapsed().Seconds() / float64(b.N)
			b.SetBytes(res.StoredBytes)
			b.ReportMetric(float64(size)/1e6, "storedMB")
			b.ReportMetric(float64(res.StoredBytes)/1e6, "readMB")
			b.ReportMetric(float64(res.Records)/secs, "req/s")
			b.ReportMetric(float64(text)/1e6/secs, "textMB/s")
		})
	}
}
