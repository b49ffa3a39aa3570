package athena

import (
	"cmp"
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/strangler-fig/strangler/awslimits"
	"github.com/strangler-fig/strangler/planner/cflog"
)

// Estimate is what the logs of a scope hold, from which the bytes each
// query scans are estimated before it runs: Athena reads only the column
// chunks of the columns a query names (and each file's footer) in the
// partitions its predicate keeps.
type Estimate struct {
	Objects     int
	StoredBytes int64
	// ColumnBytes per Parquet column over every object, extrapolated from
	// the footers of up to Sampled objects (the largest).
	ColumnBytes map[string]int64
	Sampled     int
}

// SampleFooters is how many footers are read for an estimate.
const SampleFooters = 20

// EstimateScope lists the Parquet objects of the scope's partitions under
// location (s3://bucket/AWSLogs/<account>/CloudFront/, the stack output
// LogLocation) and reads the footers of the largest to learn the size of
// each column.
func EstimateScope(ctx context.Context, client cflog.S3API, location string, s Scope) (*Estimate, error) {
	if err := s.Check(); err != nil {
		return nil, err
	}
	if !strings.HasSuffix(location, "/") {
		location += "/"
	}
	est := &Estimate{ColumnBytes: map[string]int64{}}
	var sample []cflog.Source
	from, to := s.From.UTC(), s.To.UTC()
	for day := from.Truncate(24 * time.Hour); day.Before(to); day = day.AddDate(0, 0, 1) {
		prefix := fmt.Sprintf("%s%s/%04d/%02d/%02d/", location, s.Distribution, day.Year(), int(day.Month()), day.Day())
		srcs, err := cflog.S3Sources(ctx, client, prefix)
		if err != nil {
			return nil, err
		}
		for _, src := range srcs {
			hour, ok := hourOf(src.Name(), prefix)
			if !ok || !cflog.IsParquetName(src.Name()) {
				continue
			}
			if t := day.Add(time.Duration(hour) * time.Hour); t.Before(from.Truncate(time.Hour)) || !t.Before(to) {
				continue
			}
			est.Objects++
			est.StoredBytes += src.Size()
			sample = append(sample, src)
		}
	}
	// The largest objects, which hold most of the bytes.
	slices.SortStableFunc(sample, func(a, b cflog.Source) int { return cmp.Compare(b.Size(), a.Size()) })
	var sampledBytes int64
	for _, src := range sample[:min(len(sample), SampleFooters)] {
		cols, err := columnSizes(ctx, src)
		if err != nil {
			return nil, fmt.Errorf("estimating the scan: %s: %w", src.Name(), err)
		}
		for k, v := range cols {
			est.ColumnBytes[k] += v
		}
		sampledBytes += src.Size()
		est.Sampled++
	}
	if sampledBytes > 0 && sampledBytes < est.StoredBytes {
		for k, v := range est.ColumnBytes {
			est.ColumnBytes[k] = int64(float64(v) * float64(est.StoredBytes) / float64(sampledBytes))
		}
	}
	return est, nil
}

var sqlComment = regexp.MustCompile(`--[^\n]*`)

var hourDir = regexp.MustCompile(`^(\d{2})/`)

// hourOf reads the {HH} folder of a key under a day prefix.
func hourOf(name, dayPrefix string) (int, bool) {
	m := hourDir.FindStringSubmatch(strings.TrimPrefix(name, dayPrefix))
	if m == nil {
		return 0, false
	}
	h := int(m[1][0]-'0')*10 + int(m[1][1]-'0')
	return h, h < 24
}

// columnSizes reads a Parquet footer (two ranged reads) and sums the
// compressed size of each top-level column's chunks.
func columnSizes(ctx context.Context, src cflog.Source) (map[string]int64, error) {
	ras, ok := src.(cflog.ReaderAtSource)
	if !ok {
		return nil, fmt.Errorf("no random access")
	}
	ra, closer, err := ras.OpenReaderAt(ctx)
	if err != nil {
		return nil, err
	}
	defer closer.Close()
	f, err := parquet.OpenFile(ra, src.Size(), parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true))
	if err != nil {
		return nil, err
	}
	out := map[string]int64{}
	for _, rg := range f.Metadata().RowGroups {
		for _, c := range rg.Columns {
			if len(c.MetaData.PathInSchema) > 0 {
				out[strings.ToLower(c.MetaData.PathInSchema[0])] += c.MetaData.TotalCompressedSize
			}
		}
	}
	return out, nil
}

// QueryBytes estimates what sql scans: the bytes of every column it names
// outside comments (as a word, e.g. cs_uri_stem or "date"); the bill has a
// 10 MB minimum per query (awslimits.AthenaCostUSD).
func (e *Estimate) QueryBytes(sql string) int64 {
	sql = sqlComment.ReplaceAllString(sql, "")
	var n int64
	for col, b := range e.ColumnBytes {
		if regexp.MustCompile(`(^|[^A-Za-z0-9_])` + regexp.QuoteMeta(col) + `($|[^A-Za-z0-9_])`).MatchString(sql) {
			n += b
		}
	}
	return n
}

// Guard prints each query's estimate and cost to log before it runs and
// refuses the analysis once the estimated total passes maxScan (0: no
// limit); with dryRun it prints the SQL too and runs nothing.
type Guard struct {
	Estimate *Estimate
	MaxScan  int64
	DryRun   bool
	Log      interface{ Write([]byte) (int, error) }

	Total int64
	Cost  float64
}

// ErrDryRun ends an analysis after the first query in a dry run; the
// queries that follow need its results, and their scans are estimated by
// Plan.
var ErrDryRun = fmt.Errorf("dry run: nothing was run")

// Before is Options.Before.
func (g *Guard) Before(name, sql string) error {
	n := g.Estimate.QueryBytes(sql)
	cost := awslimits.AthenaCostUSD(n)
	g.Total += n
	g.Cost += cost
	fmt.Fprintf(g.Log, "Athena: %s will scan about %s ($%.4f at $%.0f per TB)\n", name, HumanBytes(n), cost, awslimits.AthenaUSDPerTBScanned)
	if g.MaxScan > 0 && g.Total > g.MaxScan {
		return fmt.Errorf("the queries would scan about %s so far, over --max-scan %s: narrow --from/--to, or raise --max-scan", HumanBytes(g.Total), HumanBytes(g.MaxScan))
	}
	return nil
}

// Plan estimates every query of an analysis before any runs (the
// aggregations with the paths query's column set, which they share), for
// --dry-run and for the total checked against --max-scan up front.
func (g *Guard) Plan(s Scope) error {
	names := append([]string{QueryPaths}, Aggregations...)
	for _, name := range names {
		sql, err := Render(name, s, nil, 1)
		if err != nil {
			return err
		}
		if g.DryRun {
			fmt.Fprintf(g.Log, "-- %s\n%s\n", name, sql)
		}
		if err := g.Before(name, sql); err != nil {
			return err
		}
	}
	fmt.Fprintf(g.Log, "Athena: %d queries over %d object(s), %s stored: about %s scanned, $%.4f\n", len(names), g.Estimate.Objects, HumanBytes(g.Estimate.StoredBytes), HumanBytes(g.Total), g.Cost)
	if g.DryRun {
		return ErrDryRun
	}
	g.Total, g.Cost = 0, 0
	return nil
}
