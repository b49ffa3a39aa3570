package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	awsathena "github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/strangler-fig/strangler/manifest"
	"github.com/strangler-fig/strangler/planner"
	"github.com/strangler-fig/strangler/planner/athena"
)

// athenaOptions are the flags of the Athena mode.
type athenaOptions struct {
	workGroup, database, table, distribution, location string
	from, to, maxScan, endpoint, s3Endpoint            string
	maxPaths                                           int
	timeout                                            time.Duration
	dryRun                                             bool
}

func (a *athenaOptions) flags(fs *flag.FlagSet) {
	fs.StringVar(&a.workGroup, "athena-workgroup", "", "run the analysis in Athena, in this workgroup (stack output LogWorkGroup), over the logging v2 Parquet table instead of reading files")
	fs.StringVar(&a.database, "athena-database", "", "Glue database of the logs (stack output LogDatabase)")
	fs.StringVar(&a.table, "athena-table", "cloudfront_logs", "Glue table of the logs (stack output LogTable)")
	fs.StringVar(&a.distribution, "athena-distribution", "", "CloudFront distribution ID whose logs are analysed (stack output DistributionId)")
	fs.StringVar(&a.location, "athena-logs", "", "s3:// location of the Parquet logs (stack output LogLocation), listed to estimate the scan before anything runs")
	fs.StringVar(&a.from, "from", "", "Athena mode: start of the time range, UTC (2026-11-01, 2026-11-01T10, or RFC 3339)")
	fs.StringVar(&a.to, "to", "", "Athena mode: end of the time range, excluded (default: now)")
	fs.StringVar(&a.maxScan, "max-scan", "100GB", "Athena mode: refuse to run when the queries would scan more in all (e.g. 500MB, 20GB, 1TB; 0 for no limit)")
	fs.BoolVar(&a.dryRun, "dry-run", false, "Athena mode: print the SQL and the estimated scan and cost, run nothing")
	fs.IntVar(&a.maxPaths, "athena-max-paths", athena.DefaultMaxPaths, "Athena mode: distinct paths read to learn route templates")
	fs.DurationVar(&a.timeout, "athena-timeout", 30*time.Minute, "Athena mode: longest a query may run before it is stopped")
	fs.StringVar(&a.endpoint, "athena-endpoint", "", "Athena endpoint URL (default: AWS)")
}

// parseTime reads a day, an hour or an RFC 3339 time, as UTC.
func parseTime(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04", "2006-01-02T15", time.DateOnly} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q: use 2026-11-01, 2026-11-01T10 or an RFC 3339 time", s)
}

// parseBytes reads 500MB, 20GB, 1TB (decimal units, as Athena bills).
func parseBytes(s string) (int64, error) {
	u := strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for _, suf := range []struct {
		s string
		m int64
	}{{"TB", 1e12}, {"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3}, {"B", 1}} {
		if v, ok := strings.CutSuffix(u, suf.s); ok {
			u, mult = strings.TrimSpace(v), suf.m
			break
		}
	}
	f, err := strconv.ParseFloat(u, 64)
	if err != nil || f < 0 {
		return 0, fmt.Errorf("%q: use a size like 500MB, 20GB or 1TB", s)
	}
	return int64(f * float64(mult)), nil
}

// scope checks the Athena flags, naming the one to fix.
func (a *athenaOptions) scope(now time.Time) (athena.Scope, int64, error) {
	var s athena.Scope
	if a.database == "" || a.distribution == "" || a.from == "" {
		return s, 0, errors.New("--athena-workgroup needs --athena-database, --athena-distribution and --from (stack outputs LogDatabase and DistributionId)")
	}
	from, err := parseTime(a.from)
	if err != nil {
		return s, 0, fmt.Errorf("--from %v", err)
	}
	to := now.UTC().Truncate(time.Second)
	if a.to != "" {
		if to, err = parseTime(a.to); err != nil {
			return s, 0, fmt.Errorf("--to %v", err)
		}
	}
	maxScan, err := parseBytes(a.maxScan)
	if err != nil {
		return s, 0, fmt.Errorf("--max-scan %v", err)
	}
	if a.location == "" && maxScan > 0 {
		return s, 0, errors.New("--max-scan needs --athena-logs (stack output LogLocation) to estimate the scan before running; or give --max-scan 0 to run without an estimate (the workgroup's per-query cutoff still applies)")
	}
	s = athena.Scope{Database: a.database, Table: a.table, Distribution: a.distribution, From: from, To: to}
	return s, maxScan, s.Check()
}

// analyzeAthena runs the analysis in Athena and returns what planner.Analyze
// would have returned from the same requests.
func analyzeAthena(ctx context.Context, a *athenaOptions, s athena.Scope, maxScan int64, templates []manifest.Template, maxLiterals int, stderr io.Writer) (*planner.Result, error) {
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("AWS configuration: %w", err)
	}
	opts := athena.Options{Scope: s, Templates: templates, Routes: planner.RoutesOptions(maxLiterals), MaxPaths: a.maxPaths}
	if a.location != "" {
		client := s3.NewFromConfig(cfg, func(o *s3.Options) {
			if a.s3Endpoint != "" {
				o.BaseEndpoint, o.UsePathStyle = aws.String(a.s3Endpoint), true
			}
		})
		est, err := athena.EstimateScope(ctx, client, a.location, s)
		if err != nil {
			return nil, err
		}
		g := &athena.Guard{Estimate: est, MaxScan: maxScan, DryRun: a.dryRun, Log: stderr}
		if err := g.Plan(s); err != nil {
			return nil, err
		}
		opts.Before = g.Before
	} else if a.dryRun {
		for _, name := range append([]string{athena.QueryPaths}, athena.Aggregations...) {
			sql, err := athena.Render(name, s, nil, a.maxPaths+1)
			if err != nil {
				return nil, err
			}
			fmt.Fprintf(stderr, "-- %s\n%s\n", name, sql)
		}
		return nil, athena.ErrDryRun
	}
	client := awsathena.NewFromConfig(cfg, func(o *awsathena.Options) {
		if a.endpoint != "" {
			o.BaseEndpoint = aws.String(a.endpoint)
		}
	})
	r := &athena.Runner{API: client, WorkGroup: a.workGroup, Timeout: a.timeout, Log: stderr}
	return athena.Analyze(ctx, r, opts)
}
