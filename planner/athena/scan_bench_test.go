package athena_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/strangler-fig/strangler/planner/athena"
	"github.com/strangler-fig/strangler/planner/cflog"
	"github.com/strangler-fig/strangler/planner/cflog/cflogtest"
)

// BenchmarkScanPerMillionRequests estimates what Athena scans per million
// requests: a generated day of logs written as logging v2 Parquet (Snappy,
// parquet-go's defaults), each query's columns summed from the footers
// (as athena.Estimate does), scaled to 10^6 rows. Reported as MB per
// million requests, each query and all.
//
//	go test ./planner/athena -run '^$' -bench ScanPerMillion -benchtime 1x
func BenchmarkScanPerMillionRequests(b *testing.B) {
	dir, pq := b.TempDir(), b.TempDir()
	n, err := cflogtest.WriteSet(cflogtest.SetOptions{Dir: dir, Hours: 24, TargetBytes: 100 << 20, Seed: 5, Workers: 2})
	if err != nil {
		b.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if err := cflogtest.ParquetFromText(filepath.Join(dir, e.Name()), filepath.Join(pq, strings.TrimSuffix(e.Name(), ".gz")+".parquet")); err != nil {
			b.Fatal(err)
		}
	}
	est := &athena.Estimate{ColumnBytes: map[string]int64{}}
	srcs, err := cflog.LocalSources([]string{pq})
	if err != nil {
		b.Fatal(err)
	}
	for _, s := range srcs {
		cols, err := athena.ColumnSizes(context.Background(), s)
		if err != nil {
			b.Fatal(err)
		}
		for k, v := range cols {
			est.ColumnBytes[k] += v
		}
		est.StoredBytes += s.Size()
	}
	per := func(bytes int64) float64 { return float64(bytes) / float64(n) * 1e6 / 1e6 } // MB per 10^6 requests
	var total int64
	for range b.N {
		total = 0
		for _, name := range append([]string{athena.QueryPaths}, athena.Aggregations...) {
			sql, err := athena.Render(name, scope, nil, 1)
			if err != nil {
				b.Fatal(err)
			}
			q := est.QueryBytes(sql)
			total += q
			b.ReportMetric(per(q), "MB/Mreq-"+strings.TrimSuffix(name, ".sql"))
		}
	}
	b.ReportMetric(per(total), "MB/Mreq-all")
	b.ReportMetric(per(est.StoredBytes), "MB/Mreq-stored")
	b.ReportMetric(float64(n), "requests")
}
