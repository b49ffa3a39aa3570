// Command planner reads CloudFront standard access logs and plans the
// move of a monolith's routes to Lambda: the routes ranked by traffic,
// their peaks and estimated Lambda concurrency, the AWS quotas the
// migration would cross, a migration order, a draft route manifest and an
// HTML report. See docs/planner.md.
//
//	planner [flags] PATH|s3://bucket/prefix ...
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/strangler-fig/strangler/internal/cli"
	"github.com/strangler-fig/strangler/manifest"
	"github.com/strangler-fig/strangler/planner"
	"github.com/strangler-fig/strangler/planner/athena"
	"github.com/strangler-fig/strangler/planner/cflog"
	"github.com/strangler-fig/strangler/planner/forecast"
	"github.com/strangler-fig/strangler/planner/report"
	"github.com/strangler-fig/strangler/planner/stats"
)

// Exit codes.
const (
	exitOK         = 0
	exitNothing    = 1 // nothing could be read, or an output could not be written
	exitUsage      = 2
	defaultReport  = "planner-report.html"
	defaultDraft   = "routes.draft.yaml"
	progressPeriod = 200 * time.Millisecond
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

type options struct {
	format, reportPath, draftPath, manifestPath, domain, duration, progress string
	s3Endpoint                                                              string
	top, workers, maxLiterals                                               int
	quotas                                                                  forecast.Quotas
	athena                                                                  athenaOptions
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("planner", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, `Usage: planner [flags] PATH|s3://bucket/prefix ...

Reads CloudFront standard access logs (.gz or plain; folders are searched for
*.gz, *.log and *.txt) and prints the routes ranked for migration to Lambda,
their load, and the AWS quotas the migration would cross. It also writes an
HTML report and a draft route manifest.

Flags:
`)
		fs.PrintDefaults()
		fmt.Fprintf(stderr, `
Exit status: 0 when the logs were analysed (even if some files or lines were
damaged: they are listed), 1 when no valid log line could be read or an output
could not be written, 2 for a usage error.
`)
	}
	var o options
	q := forecast.DefaultQuotas()
	fs.StringVar(&o.format, "format", "table", "what to print on stdout: table, json or csv")
	fs.StringVar(&o.reportPath, "report", defaultReport, "HTML report to write (\"\" for none)")
	fs.StringVar(&o.draftPath, "draft", defaultDraft, "draft route manifest to write (\"\" for none)")
	fs.StringVar(&o.manifestPath, "manifest", "", "route manifest whose templates take precedence (e.g. routes.yaml)")
	fs.StringVar(&o.domain, "domain", "", "the monolith's origin domain for the draft (default: the manifest's, else the most requested Host in the logs)")
	fs.StringVar(&o.duration, "lambda-duration", "time-taken", "how long a request keeps a Lambda busy: time-taken (each request's own), p50, p95, p99 (the route's), or a fixed duration like 120ms")
	fs.StringVar(&o.progress, "progress", "auto", "progress bar on stderr: auto (only on a terminal), always or never")
	fs.StringVar(&o.s3Endpoint, "s3-endpoint", "", "S3-compatible endpoint URL for s3:// paths (path-style); default: AWS")
	fs.IntVar(&o.top, "top", 8, "routes drawn in the report's chart")
	fs.IntVar(&o.workers, "workers", 0, "files read in parallel (default: one per core)")
	fs.IntVar(&o.maxLiterals, "max-literals", 64, "distinct values one path position may have before it becomes a {parameter}")
	fs.IntVar(&q.LambdaConcurrency, "quota-lambda-concurrency", q.LambdaConcurrency, "Lambda concurrent executions quota in the region")
	fs.Float64Var(&q.APIGatewayRate, "quota-apigw-rate", q.APIGatewayRate, "API Gateway account throttle rate (requests/s)")
	fs.IntVar(&q.APIGatewayBurst, "quota-apigw-burst", q.APIGatewayBurst, "API Gateway account throttle burst")
	fs.Float64Var(&q.StageRate, "stage-rate", q.StageRate, "the stack's API Gateway stage throttle rate (manifest apiGateway.throttleRateLimit)")
	fs.IntVar(&q.StageBurst, "stage-burst", q.StageBurst, "the stack's stage throttle burst (manifest apiGateway.throttleBurstLimit)")
	fs.IntVar(&q.CacheBehaviors, "quota-cache-behaviors", q.CacheBehaviors, "CloudFront cache behaviours per distribution")
	fs.IntVar(&q.NetworkInterfaces, "quota-enis", q.NetworkInterfaces, "VPC network interfaces per region")
	fs.IntVar(&q.NetworkInterfacesInUse, "enis-in-use", 0, "network interfaces already used in the region")
	fs.IntVar(&q.Subnets, "subnets", q.Subnets, "subnets the Lambdas run in")
	fs.IntVar(&q.SecurityGroups, "security-groups", q.SecurityGroups, "distinct security group sets of the Lambdas")
	fs.IntVar(&q.SubnetPrefix, "subnet-prefix", q.SubnetPrefix, "prefix length of each Lambda subnet")
	fs.IntVar(&q.AlarmPercent, "headroom-percent", q.AlarmPercent, "a peak should use at most this share of a quota; raise-to values follow from it")
	o.athena.flags(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	o.quotas = q
	usage := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "planner: "+format+"\n", a...)
		fmt.Fprintln(stderr, "Run planner -h for help.")
		return exitUsage
	}
	athenaMode := o.athena.workGroup != ""
	if fs.NArg() == 0 && !athenaMode {
		return usage("give at least one log folder, file or s3://bucket/prefix, or --athena-workgroup")
	}
	if fs.NArg() > 0 && athenaMode {
		return usage("--athena-workgroup reads the logs in Athena: give no log paths")
	}
	if o.format != "table" && o.format != "json" && o.format != "csv" {
		return usage("--format %q: use table, json or csv", o.format)
	}
	dur, err := parseDuration(o.duration)
	if err != nil {
		return usage("--lambda-duration: %v", err)
	}
	if o.progress != "auto" && o.progress != "always" && o.progress != "never" {
		return usage("--progress %q: use auto, always or never", o.progress)
	}

	var man *manifest.Manifest
	var templates []manifest.Template
	if o.manifestPath != "" {
		man, err = manifest.Load(o.manifestPath)
		if err != nil {
			fmt.Fprintln(stderr, "planner:", err)
			return exitUsage
		}
		if templates, err = planner.TemplatesOf(man); err != nil {
			fmt.Fprintln(stderr, "planner:", err)
			return exitUsage
		}
		if !isSet(fs, "quota-lambda-concurrency") {
			o.quotas.LambdaConcurrency = man.Lambda.RegionalConcurrencyQuota
		}
		if !isSet(fs, "quota-cache-behaviors") {
			o.quotas.CacheBehaviors = man.CloudFront.CacheBehaviorQuota
		}
		if !isSet(fs, "stage-rate") {
			o.quotas.StageRate = man.APIGateway.ThrottleRateLimit
		}
		if !isSet(fs, "stage-burst") {
			o.quotas.StageBurst = man.APIGateway.ThrottleBurstLimit
		}
		if !isSet(fs, "subnets") {
			o.quotas.Subnets = man.Network.MaxAZs
			if man.Network.Existing != nil {
				o.quotas.Subnets = len(man.Network.Existing.PrivateSubnetIDs)
			}
		}
		if !isSet(fs, "subnet-prefix") && man.Network.Existing == nil {
			o.quotas.SubnetPrefix = man.Network.PrivateSubnetPrefix
		}
	}

	if athenaMode {
		scope, maxScan, err := o.athena.scope(time.Now())
		if err != nil {
			return usage("%v", err)
		}
		o.athena.s3Endpoint = o.s3Endpoint
		start := time.Now()
		res, err := analyzeAthena(ctx, &o.athena, scope, maxScan, templates, o.maxLiterals, stderr)
		if errors.Is(err, athena.ErrDryRun) {
			return exitOK
		}
		if err != nil {
			fmt.Fprintln(stderr, "planner:", err)
			return exitNothing
		}
		source := fmt.Sprintf("athena:%s.%s %s %s..%s", scope.Database, scope.Table, scope.Distribution, scope.From.Format(time.RFC3339), scope.To.Format(time.RFC3339))
		code := o.output(res, man, dur, source, stdout, stderr)
		fmt.Fprintf(stderr, "Analysed %d requests in Athena in %s.\n", res.Records, time.Since(start).Round(time.Millisecond))
		return code
	}
	sources, err := cflog.ListSources(ctx, fs.Args(), o.s3Endpoint)
	if err != nil {
		fmt.Fprintln(stderr, "planner:", err)
		return exitNothing
	}
	if len(sources) == 0 {
		fmt.Fprintf(stderr, "planner: no log files (*.gz, *.log, *.txt, *.parquet) in %s\n", strings.Join(fs.Args(), " "))
		return exitNothing
	}

	prog := &planner.Progress{}
	showProgress := o.progress == "always" || o.progress == "auto" && isTerminal(stderr)
	stopBar := func() {}
	if showProgress {
		stopBar = startProgressBar(stderr, prog)
	}
	start := time.Now()
	res, err := planner.Analyze(ctx, sources, planner.Options{
		Workers: o.workers, Templates: templates, Progress: prog,
		Routes: planner.RoutesOptions(o.maxLiterals),
	})
	stopBar()
	if err != nil {
		fmt.Fprintln(stderr, "planner:", err)
		if res != nil {
			for i, p := range res.Problems {
				if i == 20 {
					break
				}
				fmt.Fprintln(stderr, "  ", p)
			}
		}
		return exitNothing
	}
	elapsed := time.Since(start)
	code := o.output(res, man, dur, strings.Join(fs.Args(), " "), stdout, stderr)
	mb := float64(res.UncompressedBytes) / 1e6
	fmt.Fprintf(stderr, "Analysed %.0f MB (%d lines) in %s: %.0f MB/s.\n", mb, res.Lines, elapsed.Round(time.Millisecond), mb/elapsed.Seconds())
	return code
}

// output prints the report and writes the HTML report and the draft
// manifest, whichever way res was made.
func (o *options) output(res *planner.Result, man *manifest.Manifest, dur stats.Duration, source string, stdout, stderr io.Writer) int {
	var err error

	plan := forecast.Build(res, forecast.Options{Quotas: o.quotas, Duration: dur, Manifest: man})
	sum := report.Summarize(res)
	switch o.format {
	case "json":
		err = report.WriteJSON(stdout, sum, plan)
	case "csv":
		err = report.WriteCSV(stdout, plan)
	default:
		err = report.WriteTable(stdout, sum, plan)
	}
	if err != nil {
		fmt.Fprintln(stderr, "planner: writing the report:", err)
		return exitNothing
	}
	code := exitOK
	if o.reportPath != "" {
		if err := cli.WriteFile(o.reportPath, func(w io.Writer) error { return report.WriteHTML(w, sum, plan, o.top) }); err != nil {
			fmt.Fprintln(stderr, "planner:", err)
			code = exitNothing
		} else {
			fmt.Fprintf(stderr, "Report: %s\n", o.reportPath)
		}
	}
	if o.draftPath != "" {
		domain := o.domain
		if domain == "" && man == nil && len(res.Hosts) > 0 {
			domain = res.Hosts[0].Host
			fmt.Fprintf(stderr, "Draft uses legacy.domainName %s (the most requested Host); set --domain to the monolith's origin.\n", domain)
		}
		if domain == "" && man == nil {
			domain = "legacy-api.example.com"
		}
		dopts := report.DraftOptions{DomainName: domain, Existing: man, Source: source}
		draft := report.Draft(plan, dopts)
		data, err := report.EncodeDraft(draft, plan, dopts)
		if err == nil {
			// The draft must load as the stack will load it.
			_, err = manifest.Parse(data, o.draftPath, "")
		}
		if err == nil {
			err = os.WriteFile(o.draftPath, data, 0o644)
		}
		if err != nil {
			fmt.Fprintln(stderr, "planner: draft manifest:", err)
			code = exitNothing
		} else {
			fmt.Fprintf(stderr, "Draft manifest: %s\n", o.draftPath)
		}
		for _, u := range report.Unmigratable(plan) {
			fmt.Fprintf(stderr, "Not in the draft (API Gateway cannot route it): %s\n", u)
		}
	}
	return code
}

func isSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

func parseDuration(s string) (stats.Duration, error) {
	switch s {
	case "time-taken", "p50", "p95", "p99":
		return stats.Duration{Source: s}, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return stats.Duration{}, fmt.Errorf("%q: use time-taken, p50, p95, p99 or a duration like 120ms", s)
	}
	return stats.Duration{Source: "fixed", FixedMs: max(1, d.Milliseconds())}, nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// startProgressBar redraws one line on w until the returned stop is called.
func startProgressBar(w io.Writer, p *planner.Progress) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	start := time.Now()
	go func() {
		defer wg.Done()
		t := time.NewTicker(progressPeriod)
		defer t.Stop()
		for {
			select {
			case <-done:
				fmt.Fprint(w, "\r\033[K")
				return
			case <-t.C:
				fmt.Fprint(w, "\r"+progressLine(p, time.Since(start), 30)+"\033[K")
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

func progressLine(p *planner.Progress, elapsed time.Duration, width int) string {
	read, total := p.StoredRead.Load(), p.StoredTotal
	frac := 0.0
	if total > 0 {
		frac = min(1, float64(read)/float64(total))
	}
	filled := int(frac * float64(width))
	bar := strings.Repeat("#", filled) + strings.Repeat("-", width-filled)
	eta := ""
	if frac > 0.02 && frac < 1 {
		left := time.Duration(float64(elapsed) * (1 - frac) / frac)
		eta = ", " + left.Round(time.Second).String() + " left"
	}
	return fmt.Sprintf("[%s] %3.0f%%  %d/%d files, %s read%s", bar, frac*100, p.FilesDone.Load(), p.FilesTotal, mbString(read), eta)
}

func mbString(n int64) string { return strconv.FormatFloat(float64(n)/1e6, 'f', 0, 64) + " MB" }
