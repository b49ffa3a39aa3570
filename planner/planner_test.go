package planner_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/strangler-fig/strangler/planner"
	"github.com/strangler-fig/strangler/planner/cflog"
	"github.com/strangler-fig/strangler/planner/cflog/cflogtest"
	"github.com/strangler-fig/strangler/planner/stats"
)

// T0 is a minute boundary.
var T0 = time.Date(2025, 3, 3, 10, 0, 0, 0, time.UTC)

// writeKnownSet writes logs whose answers are known:
//
//	/user/{id}: 10 requests of 500 ms in second T0 (peak 10/s, 5 concurrent),
//	            4 of 250 ms at T0+1, 20 of 100 ms one per second from T0+120
//	            (peak minute: 20); 34 in all
//	/products:  3 requests of 2 s at T0+61 (6 concurrent), all POST 201
//
// over a gzip file, a plain file with one malformed line, and a corrupt
// gzip file.
func writeKnownSet(t testing.TB) string {
	dir := t.TempDir()
	var a []cflogtest.Line
	for i := range 10 {
		a = append(a, cflogtest.Line{Time: T0, Path: fmt.Sprintf("/user/%d", i+1), TimeTakenMs: 500, Bytes: 1000, Host: "shop.example.com"})
	}
	for range 4 {
		a = append(a, cflogtest.Line{Time: T0.Add(time.Second), Path: "/user/77", TimeTakenMs: 250, Bytes: 1000, Status: 404, Host: "shop.example.com"})
	}
	for range 3 {
		a = append(a, cflogtest.Line{Time: T0.Add(61 * time.Second), Method: "POST", Path: "/products", TimeTakenMs: 2000, Status: 201, Host: "shop.example.com"})
	}
	var b []cflogtest.Line
	for i := range 20 {
		b = append(b, cflogtest.Line{Time: T0.Add(time.Duration(120+i) * time.Second), Path: "/user/5", TimeTakenMs: 100, Bytes: 500, Host: "shop.example.com"})
	}
	must(t, cflogtest.WriteFile(filepath.Join(dir, "E2EXAMPLE.2025-03-03-10.aaaa.gz"), a))
	must(t, cflogtest.WriteFile(filepath.Join(dir, "E2EXAMPLE.2025-03-03-10.bbbb.log"), b))
	f, _ := os.OpenFile(filepath.Join(dir, "E2EXAMPLE.2025-03-03-10.bbbb.log"), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("2025-03-03\t10:05:00\tnot a valid line\n")
	f.Close()
	must(t, os.WriteFile(filepath.Join(dir, "E2EXAMPLE.2025-03-03-10.cccc.gz"), []byte("\x1f\x8bnot gzip at all"), 0o644))
	return dir
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func analyze(t testing.TB, dir string, o planner.Options) *planner.Result {
	t.Helper()
	srcs, err := cflog.LocalSources([]string{dir})
	must(t, err)
	res, err := planner.Analyze(context.Background(), srcs, o)
	must(t, err)
	return res
}

func TestKnownAnswers(t *testing.T) {
	dir := writeKnownSet(t)
	for _, workers := range []int{1, 2, 4} {
		res := analyze(t, dir, planner.Options{Workers: workers})
		if res.Records != 37 || res.Malformed != 1 || res.FilesDamaged != 1 || res.Files != 3 {
			t.Fatalf("workers %d: records %d malformed %d damaged %d", workers, res.Records, res.Malformed, res.FilesDamaged)
		}
		if len(res.Routes) != 2 {
			t.Fatalf("routes %v", res.Routes)
		}
		user, products := res.Routes[0], res.Routes[1]
		if user.Template != "/user/{id}" || user.Stats.Requests != 34 || products.Template != "/products" || products.Stats.Requests != 3 {
			t.Fatalf("routes %s %d, %s %d", user.Template, user.Stats.Requests, products.Template, products.Stats.Requests)
		}
		p := user.Stats.Peaks(stats.Duration{Source: "time-taken"})
		if p.RPS != 10 || p.RPSAt != T0.Unix() || p.RPM != 20 || p.RPMAt != T0.Unix()+120 || p.Concurrency != 5 {
			t.Errorf("user peaks %+v", p)
		}
		// Percentiles are the top of a bucket 1/32 wide: 100 ms is in
		// [100,101], 500 ms in [496,503].
		if user.Stats.Status[4] != 4 || user.Stats.Latency.Quantile(0.5) != 101 || user.Stats.Latency.Quantile(1) != 503 {
			t.Errorf("user status %v p50 %d", user.Stats.Status, user.Stats.Latency.Quantile(0.5))
		}
		pp := products.Stats.Peaks(stats.Duration{})
		if pp.Concurrency != 6 || pp.RPS != 3 || products.Stats.Methods[2] != 3 {
			t.Errorf("products peaks %+v", pp)
		}
		total := res.Total.Peaks(stats.Duration{})
		if total.Concurrency != 6 || total.RPS != 10 || total.RPM != 20 {
			t.Errorf("total %+v", total)
		}
		if len(res.Hosts) != 1 || res.Hosts[0] != (planner.HostCount{Host: "shop.example.com", Requests: 37}) {
			t.Errorf("hosts %v", res.Hosts)
		}
		// Problems name file and line: the malformed line is line 23 of
		// the plain file (2 header lines + 20 requests + 1).
		found := map[string]bool{}
		for _, pr := range res.Problems {
			found[fmt.Sprintf("%s:%d", filepath.Base(pr.File), pr.Line)] = true
		}
		if !found["E2EXAMPLE.2025-03-03-10.bbbb.log:23"] || !found["E2EXAMPLE.2025-03-03-10.cccc.gz:0"] || res.ProblemCount != 2 {
			t.Errorf("problems %v", res.Problems)
		}
	}
}

func TestNothingReadable(t *testing.T) {
	dir := t.TempDir()
	must(t, os.WriteFile(filepath.Join(dir, "x.gz"), []byte("\x1f\x8bbroken"), 0o644))
	srcs, _ := cflog.LocalSources([]string{dir})
	res, err := planner.Analyze(context.Background(), srcs, planner.Options{})
	if err == nil || res == nil || res.ProblemCount != 1 {
		t.Fatalf("err %v res %+v", err, res)
	}
}

// BenchmarkMemoryFlat reads two log sets over the same 4 hours, one 4x the
// other, and reports the heap in use after each: memory follows route-hours,
// not lines. Run: go test ./planner -run '^$' -bench MemoryFlat -benchtime 1x
func BenchmarkMemoryFlat(b *testing.B) {
	for _, mb := range []int64{25, 100} {
		dir := b.TempDir()
		if _, err := cflogtest.WriteSet(cflogtest.SetOptions{Dir: dir, Hours: 4, TargetBytes: mb * 1e6, Seed: 7, Workers: 2}); err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("%dMB", mb), func(b *testing.B) {
			var res *planner.Result
			for b.Loop() {
				res = analyze(b, dir, planner.Options{})
			}
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			b.ReportMetric(float64(ms.HeapInuse)/1e6, "heapMB")
			b.ReportMetric(float64(res.UncompressedBytes)/1e6, "inputMB")
			b.SetBytes(res.UncompressedBytes)
			runtime.KeepAlive(res)
		})
	}
}
