// Command cutover drives the gradual move of migrated routes from the
// monolith to Lambda: each route's share of traffic to Lambda lives in the
// distribution's CloudFront KeyValueStore (see package cutover) and
// changes in seconds, with no deploy.
//
//	cutover status [flags]                 every Lambda route: weight, where it comes from, last change and why, alarms
//	cutover shift ROUTE PERCENT [flags]    set a route's share (--dry-run to see it first)
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"os/user"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"

	"github.com/strangler-fig/strangler/cutover"
	"github.com/strangler-fig/strangler/manifest"
)

// Exit codes.
const (
	exitOK    = 0
	exitFail  = 1 // AWS said no, or the store kept changing under us
	exitUsage = 2 // bad arguments, unknown route, percent out of range
)

// DefaultStack is the app's stack name when `-c stackName` is not given.
const DefaultStack = "ApiMigration"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], defaults(os.Stdout, os.Stderr)))
}

// options are everything a subcommand needs, filled from the flags and
// arguments; the functions are what tests replace.
type options struct {
	manifestPath           string
	storeARN, stack        string
	kvsEndpoint            string
	cloudFormationEndpoint string
	cloudWatchEndpoint     string
	format                 string
	// shift
	route   string
	percent int
	reason  string
	dryRun  bool

	stdout, stderr io.Writer
	loadAWS        func(context.Context) (aws.Config, error)
	user           string // who shifts, for the default reason
	tune           func(*cutover.Store)
}

func defaults(stdout, stderr io.Writer) *options {
	o := &options{
		stdout: stdout, stderr: stderr,
		loadAWS: func(ctx context.Context) (aws.Config, error) { return config.LoadDefaultConfig(ctx) },
	}
	if u, err := user.Current(); err == nil {
		o.user = u.Username
	}
	return o
}

const usageText = `Usage:
  cutover status [flags]               every Lambda route of the manifest: its share of traffic
                                       to Lambda, where that comes from, the last change and why,
                                       and the state of the alarms that would send it back
  cutover shift ROUTE PERCENT [flags]  set ROUTE's share of traffic to Lambda (0 to 100), at once,
                                       with no deploy; --dry-run shows it without writing

ROUTE is the manifest's path template, e.g. /user/{id}. The store is found
by --store-arn, else by the stack's output CutoverStoreArn (--stack);
status reads the alarms of --stack too (cloudwatch:DescribeAlarms).
AWS credentials and region come from the environment: AWS_PROFILE (or
AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) and AWS_REGION.
`

// run parses args into options and runs the subcommand; it returns the exit code.
func run(ctx context.Context, args []string, o *options) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(o.stderr, usageText)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	cmd := args[0]
	if cmd != "status" && cmd != "shift" {
		fmt.Fprintf(o.stderr, "cutover: unknown command %q: use status or shift\n\n%s", cmd, usageText)
		return exitUsage
	}
	fs := flag.NewFlagSet("cutover "+cmd, flag.ContinueOnError)
	fs.SetOutput(o.stderr)
	fs.Usage = func() {
		fmt.Fprintf(o.stderr, "%s\nFlags of cutover %s:\n", usageText, cmd)
		fs.PrintDefaults()
	}
	fs.StringVar(&o.manifestPath, "manifest", "routes.yaml", "route manifest: its Lambda routes and their weights")
	fs.StringVar(&o.storeARN, "store-arn", "", "the distribution's KeyValueStore ARN (default: the stack's output "+StoreOutput+")")
	fs.StringVar(&o.stack, "stack", DefaultStack, "stack whose output "+StoreOutput+" names the store, when --store-arn is not given, and whose alarms status shows")
	fs.StringVar(&o.kvsEndpoint, "kvs-endpoint", "", "KeyValueStore endpoint URL, for a proxy or a test server (default: AWS's, from the store ARN)")
	fs.StringVar(&o.cloudFormationEndpoint, "cloudformation-endpoint", "", "CloudFormation endpoint URL, for a proxy or a test server (default: AWS's)")
	if cmd == "status" {
		fs.StringVar(&o.format, "format", "table", "table or json")
		fs.StringVar(&o.cloudWatchEndpoint, "cloudwatch-endpoint", "", "CloudWatch endpoint URL, for a proxy or a test server (default: AWS's)")
	} else {
		fs.BoolVar(&o.dryRun, "dry-run", false, "show the change without writing it")
		fs.StringVar(&o.reason, "reason", "", "why, recorded with the change and shown by status (default: who shifted)")
	}
	pos, err := parseInterspersed(fs, args[1:])
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	usage := func(format string, a ...any) int {
		fmt.Fprintf(o.stderr, "cutover %s: %s\nRun cutover %s -h for help.\n", cmd, fmt.Sprintf(format, a...), cmd)
		return exitUsage
	}
	if err != nil {
		return exitUsage
	}
	switch cmd {
	case "status":
		if len(pos) != 0 {
			return usage("takes no arguments, got %s", strings.Join(pos, " "))
		}
		if o.format != "table" && o.format != "json" {
			return usage("--format %q: use table or json", o.format)
		}
	case "shift":
		if len(pos) != 2 {
			return usage("want ROUTE PERCENT, e.g. cutover shift /user/{id} 10; got %d argument(s)", len(pos))
		}
		o.route = pos[0]
		if o.percent, err = parsePercent(pos[1]); err != nil {
			return usage("%v", err)
		}
	}
	if o.storeARN != "" {
		if err := cutover.CheckStoreARN(o.storeARN); err != nil {
			return usage("--store-arn: %v", err)
		}
	}

	m, err := manifest.Load(o.manifestPath)
	if err != nil {
		fmt.Fprintf(o.stderr, "cutover %s: %v\n", cmd, err)
		return exitUsage
	}
	if cmd == "status" {
		err = runStatus(ctx, o, m)
	} else {
		err = runShift(ctx, o, m)
	}
	if err != nil {
		fmt.Fprintf(o.stderr, "cutover %s: %v\n", cmd, err)
		var ue usageError
		if errors.As(err, &ue) {
			return exitUsage
		}
		return exitFail
	}
	return exitOK
}

// usageError is a mistake in what was asked (exit 2), found after parsing.
type usageError struct{ error }

// parsePercent reads PERCENT: a whole number 0..100, "%" allowed.
func parsePercent(s string) (int, error) {
	p, err := strconv.Atoi(strings.TrimSuffix(s, "%"))
	if err != nil {
		return 0, fmt.Errorf("PERCENT %q: want a whole number from %d to %d", s, cutover.MinWeight, cutover.MaxWeight)
	}
	if p < cutover.MinWeight || p > cutover.MaxWeight {
		return 0, fmt.Errorf("PERCENT %d is out of range: a share of traffic is %d to %d", p, cutover.MinWeight, cutover.MaxWeight)
	}
	return p, nil
}

// parseInterspersed parses flags wherever they are among the positional
// arguments (flag stops at the first), so `shift /a 10 --dry-run` works.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// store connects to the KeyValueStore: credentials, region, ARN. It
// returns the SDK configuration too, for other clients.
func store(ctx context.Context, o *options) (*cutover.Store, aws.Config, error) {
	cfg, err := awsConfig(ctx, o)
	if err != nil {
		return nil, cfg, err
	}
	arn, err := storeARN(ctx, o, cfg)
	if err != nil {
		return nil, cfg, err
	}
	if err := cutover.CheckStoreARN(arn); err != nil {
		return nil, cfg, fmt.Errorf("stack output %s: %w", StoreOutput, err)
	}
	client, err := cutover.NewClient(cfg, o.kvsEndpoint)
	if err != nil {
		return nil, cfg, usageError{err}
	}
	s := cutover.New(client, arn)
	if o.tune != nil {
		o.tune(s)
	}
	return s, cfg, nil
}
