// Command parity replays requests from CloudFront access logs against the
// monolith (twice, to learn what varies by itself) and a migrated route,
// and reports every difference per route. Its exit status gates a
// cut-over in CI. See docs/parity.md.
//
//	parity --primary URL --candidate URL --route TEMPLATE [flags] PATH|s3://bucket/prefix ...
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/strangler-fig/strangler/internal/cli"
	"github.com/strangler-fig/strangler/manifest"
	"github.com/strangler-fig/strangler/parity"
	"github.com/strangler-fig/strangler/planner/cflog"
)

// Exit codes.
const (
	exitOK      = 0
	exitBelow   = 1 // a route's parity is under --min-parity
	exitUsage   = 2
	exitNothing = 3 // nothing could be compared, or an output could not be written
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(main1(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

type options struct {
	primary, candidate, manifestPath, format, reportPath, s3Endpoint string
	apiKeySecret, secretsEndpoint, methods                           string
	routes, primaryHeaders, candidateHeaders, headers                cli.ListFlag
	ignores, ignoreHeaders                                           cli.ListFlag
	rate, minParity                                                  float64
	max, maxPerRoute, workers                                        int
	maxBody                                                          int64
	timeout                                                          time.Duration
	allowWrites, keepLogEscapes                                      bool
	logs                                                             []string
}

func main1(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o, code := parseFlags(args, stderr)
	if code >= 0 {
		return code
	}
	return run(ctx, o, stdout, stderr)
}

// parseFlags returns the options, or an exit code (0 for -h) when the
// command must stop.
func parseFlags(args []string, stderr io.Writer) (options, int) {
	fs := flag.NewFlagSet("parity", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, `Usage: parity --primary URL --candidate URL (--route TEMPLATE ... | --manifest routes.yaml) [flags] PATH|s3://bucket/prefix ...

Replays the logged requests of the chosen routes (CloudFront standard logs,
.gz or plain; folders are searched for *.gz, *.log and *.txt) with the path
and query string as the viewer sent them, to the primary twice and to the
candidate once, at a bounded rate and count; reads only unless
--allow-writes. Differences the primary shows with itself are noise and are
dropped. Prints a table (or JSON) and writes an HTML report.

Flags:
`)
		fs.PrintDefaults()
		fmt.Fprintf(stderr, `
Exit status: 0 when every route with a compared request is at or above
--min-parity; 1 when one is below; 2 for a usage error; 3 when nothing
could be compared or an output could not be written.
`)
	}
	var o options
	fs.StringVar(&o.primary, "primary", "", "the monolith's base URL, e.g. https://legacy-api.example.com (asked twice per request)")
	fs.StringVar(&o.candidate, "candidate", "", "the migrated route's base URL: the API Gateway stage (https://ID.execute-api.REGION.amazonaws.com/prod), the CloudFront name, or a local server")
	fs.Var(&o.routes, "route", "a route template to replay, as in the manifest (/products/{id}); repeat for more")
	fs.StringVar(&o.manifestPath, "manifest", "", "route manifest: --route must name its routes (default: all of them), and each route's methods are kept")
	fs.Var(&o.primaryHeaders, "primary-header", "'Name: value' sent to the primary (e.g. a test user's token); repeat for more")
	fs.Var(&o.candidateHeaders, "candidate-header", "'Name: value' sent to the candidate; repeat for more")
	fs.StringVar(&o.apiKeySecret, "candidate-api-key-secret", "", "Secrets Manager secret (name or ARN) holding the API key, sent to the candidate as x-api-key (the stack's OriginKey secret)")
	fs.StringVar(&o.secretsEndpoint, "secrets-endpoint", "", "Secrets Manager endpoint URL (default: AWS)")
	fs.Float64Var(&o.rate, "rate", 5, "requests replayed per second at most (each is 2 primary calls and 1 candidate call); 0 for no bound")
	fs.IntVar(&o.max, "max", 1000, "requests replayed at most, in all")
	fs.IntVar(&o.maxPerRoute, "max-per-route", 0, "requests replayed at most per route (0: no bound per route)")
	fs.IntVar(&o.workers, "workers", 4, "requests in flight")
	fs.DurationVar(&o.timeout, "timeout", 10*time.Second, "per HTTP call")
	fs.Int64Var(&o.maxBody, "max-body", 10<<20, "bytes of a response body read and compared")
	fs.StringVar(&o.methods, "methods", strings.Join(parity.ReadMethods, ","), "methods replayed")
	fs.BoolVar(&o.allowWrites, "allow-writes", false, "allow POST, PUT, PATCH and DELETE in --methods (sent without a body: the logs hold none); only against test systems")
	fs.Var(&o.headers, "header", "a response header compared besides Content-Type, Cache-Control, Location and the CORS headers; '*' for all; repeat for more")
	fs.Var(&o.ignores, "ignore", "a JSON Pointer never compared (/meta/requestId, /items/*/updatedAt), or status or body; repeat for more")
	fs.Var(&o.ignoreHeaders, "ignore-header", "a response header never compared, in any case; repeat for more")
	fs.BoolVar(&o.keepLogEscapes, "keep-log-escapes", false, "send path and query exactly as logged, without undoing CloudFront's %25 for '%'")
	fs.Float64Var(&o.minParity, "min-parity", 100, "exit 1 if a route's share of requests without a difference (noise and cosmetic ones aside) is below this percentage")
	fs.StringVar(&o.format, "format", "table", "what to print on stdout: table or json")
	fs.StringVar(&o.reportPath, "report", "parity-report.html", "HTML report to write (\"\" for none)")
	fs.StringVar(&o.s3Endpoint, "s3-endpoint", "", "S3-compatible endpoint URL for s3:// paths (path-style); default: AWS")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return o, exitOK
		}
		return o, exitUsage
	}
	o.logs = fs.Args()
	usage := func(format string, a ...any) (options, int) {
		fmt.Fprintf(stderr, "parity: "+format+"\n", a...)
		fmt.Fprintln(stderr, "Run parity -h for help.")
		return o, exitUsage
	}
	switch {
	case o.primary == "" || o.candidate == "":
		return usage("give --primary (the monolith) and --candidate (the migrated route) base URLs")
	case len(o.routes) == 0 && o.manifestPath == "":
		return usage("give --route TEMPLATE (repeatable) or --manifest")
	case len(o.logs) == 0:
		return usage("give at least one log folder, file or s3://bucket/prefix")
	case o.format != "table" && o.format != "json":
		return usage("--format %q: use table or json", o.format)
	case o.max <= 0:
		return usage("--max %d: a replay must be bounded; give a positive count", o.max)
	case o.rate < 0 || o.maxPerRoute < 0 || o.workers < 1 || o.timeout <= 0 || o.maxBody <= 0:
		return usage("--rate, --max-per-route, --workers, --timeout and --max-body must be positive (--rate and --max-per-route may be 0)")
	case o.minParity < 0 || o.minParity > 100:
		return usage("--min-parity %g: a percentage from 0 to 100", o.minParity)
	}
	return o, -1
}

func parseHeaders(flagName string, lines []string) (http.Header, error) {
	h := http.Header{}
	for _, l := range lines {
		name, value, ok := strings.Cut(l, ":")
		name = strings.TrimSpace(name)
		if !ok || name == "" || strings.ContainsAny(name, " \t") {
			return nil, fmt.Errorf("--%s %q: write it as 'Name: value'", flagName, l)
		}
		h.Add(name, strings.TrimSpace(value))
	}
	return h, nil
}

// run does the replay with checked options.
func run(ctx context.Context, o options, stdout, stderr io.Writer) int {
	fail := func(code int, format string, a ...any) int {
		fmt.Fprintf(stderr, "parity: "+format+"\n", a...)
		return code
	}
	primaryHeader, err := parseHeaders("primary-header", o.primaryHeaders)
	if err != nil {
		return fail(exitUsage, "%v", err)
	}
	candidateHeader, err := parseHeaders("candidate-header", o.candidateHeaders)
	if err != nil {
		return fail(exitUsage, "%v", err)
	}
	var routes []parity.Route
	if o.manifestPath != "" {
		m, err := manifest.Load(o.manifestPath)
		if err != nil {
			return fail(exitUsage, "%v", err)
		}
		if routes, err = parity.RoutesFromManifest(m, o.routes); err != nil {
			return fail(exitUsage, "%s: %v", o.manifestPath, err)
		}
	} else {
		for _, r := range o.routes {
			routes = append(routes, parity.Route{Template: r})
		}
	}
	sel, err := parity.NewSelector(routes, strings.Split(o.methods, ","), o.allowWrites)
	if err != nil {
		return fail(exitUsage, "%v", err)
	}
	var ignores []parity.Pattern
	for _, s := range o.ignores {
		p, err := parity.ParseIgnore(s)
		if err != nil {
			return fail(exitUsage, "%v", err)
		}
		ignores = append(ignores, p)
	}
	for _, h := range o.ignoreHeaders {
		ignores = append(ignores, parity.HeaderPattern(h))
	}
	var compared []string
	if len(o.headers) > 0 {
		compared = append(append(compared, parity.DefaultHeaders...), o.headers...)
	}
	if o.apiKeySecret != "" {
		key, err := apiKey(ctx, o.apiKeySecret, o.secretsEndpoint)
		if err != nil {
			return fail(exitUsage, "--candidate-api-key-secret %s: %v", o.apiKeySecret, err)
		}
		candidateHeader.Set("x-api-key", key)
	}

	sources, err := cflog.ListSources(ctx, o.logs, o.s3Endpoint)
	if err != nil {
		return fail(exitNothing, "%v", err)
	}
	if len(sources) == 0 {
		return fail(exitNothing, "no log files (*.gz, *.log, *.txt) in %s", strings.Join(o.logs, " "))
	}
	rep, err := parity.Run(ctx, parity.Config{
		Sources: sources, Selector: sel,
		Primary:   parity.Target{Name: "primary", BaseURL: o.primary, Header: primaryHeader},
		Candidate: parity.Target{Name: "candidate", BaseURL: o.candidate, Header: candidateHeader},
		Rate:      o.rate, Max: o.max, MaxPerRoute: o.maxPerRoute, Workers: o.workers,
		Timeout: o.timeout, MaxBody: o.maxBody, Headers: compared, Ignores: ignores,
		KeepLogEscapes: o.keepLogEscapes,
	})
	if rep == nil {
		return fail(exitUsage, "%v", err)
	}
	if err != nil {
		fmt.Fprintf(stderr, "parity: reading the logs stopped: %v\n", err)
	}
	if o.format == "json" {
		err = parity.WriteJSON(stdout, rep)
	} else {
		err = parity.WriteTable(stdout, rep)
	}
	if err != nil {
		return fail(exitNothing, "writing the report: %v", err)
	}
	if o.reportPath != "" {
		if err := cli.WriteFile(o.reportPath, func(w io.Writer) error { return parity.WriteHTML(w, rep, o.minParity) }); err != nil {
			return fail(exitNothing, "%v", err)
		}
		fmt.Fprintf(stderr, "Report: %s\n", o.reportPath)
	}
	if rep.Compared == 0 {
		return fail(exitNothing, "nothing compared: %d log line(s) read, %d of the chosen routes, %d replayed, %d without an answer",
			rep.Logs.Lines, rep.Logs.Selected, rep.Replayed, rep.Errors)
	}
	if below := rep.Below(o.minParity); len(below) > 0 {
		var names []string
		for _, r := range below {
			names = append(names, fmt.Sprintf("%s %.1f%%", r.Route, r.Parity))
		}
		return fail(exitBelow, "below %g%% parity: %s", o.minParity, strings.Join(names, ", "))
	}
	return exitOK
}

// apiKey reads the API key the stack keeps in Secrets Manager (a plain
// string secret, the OriginKey of the ProxyApi construct).
func apiKey(ctx context.Context, id, endpoint string) (string, error) {
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return "", fmt.Errorf("AWS configuration: %w", err)
	}
	client := secretsmanager.NewFromConfig(cfg, func(o *secretsmanager.Options) {
		if endpoint != "" {
			o.BaseEndpoint = aws.String(endpoint)
		}
	})
	out, err := client.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(id)})
	if err != nil {
		return "", err
	}
	if out.SecretString == nil || *out.SecretString == "" {
		return "", errors.New("the secret has no string value")
	}
	return strings.TrimSpace(*out.SecretString), nil
}
