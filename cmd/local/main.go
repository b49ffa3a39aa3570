// Command local serves a route manifest on this machine, the whole request
// path as the stack deploys it but with no Docker and no AWS account:
// CloudFront's behaviours and its cut-over viewer-request function (in
// Node), API Gateway's REST proxy event and errors, and each function
// built as the stack builds it and run against a local Lambda Runtime API.
// Legacy paths go to the monolith URL given. See docs/local.md.
//
//	local --legacy http://127.0.0.1:9000 [--manifest routes.yaml] [--listen 127.0.0.1:8080] [flags]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/internal/cli"
	"github.com/strangler-fig/strangler/local"
	"github.com/strangler-fig/strangler/manifest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := main1(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	// The constructs package (Go builds, the cut-over function's code) links
	// aws-cdk-go, whose init copies jsii's runtime into a temporary folder
	// that only Close removes; nothing here starts Node.
	jsii.Close()
	os.Exit(code)
}

type options struct {
	manifestPath, legacy, listen, secrets, store, accessLog, node, binaryTypes string
	weights                                                                    cli.ListFlag
	noViewerFunction                                                           bool
	// ready hears the address served, once listening (tests).
	ready  func(addr string)
	caller string
}

func main1(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o, code := parseFlags(args, stderr)
	if code >= 0 {
		return code
	}
	if err := run(ctx, o, stdout, stderr); err != nil {
		fmt.Fprintln(stderr, "local:", err)
		return 1
	}
	return 0
}

// parseFlags returns the options, or an exit code (0 for -h) when the
// command must stop.
func parseFlags(args []string, stderr io.Writer) (options, int) {
	var o options
	fs := flag.NewFlagSet("local", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: local --legacy URL [flags]

Serves the manifest's routes as CloudFront, API Gateway and Lambda would:
migrated paths run their function (built for this machine as the stack
builds it), everything else goes to the monolith at --legacy.

Flags:
`)
		fs.PrintDefaults()
	}
	fs.StringVar(&o.manifestPath, "manifest", "routes.yaml", "route manifest")
	fs.StringVar(&o.legacy, "legacy", "", "the monolith's base URL, e.g. http://127.0.0.1:9000 (required)")
	fs.StringVar(&o.listen, "listen", "127.0.0.1:8080", "address the edge listens on")
	fs.StringVar(&o.secrets, "secrets", "", `JSON file of what each function's secrets stand for: {"api-user-id": {"DB_HOST": "127.0.0.1", "DB_PASSWORD": "${DB_PASSWORD}"}}`)
	fs.StringVar(&o.store, "store", "", `JSON file standing in for the cut-over KeyValueStore, read again when it changes: {"w:/user/{id}": "10"}`)
	fs.Var(&o.weights, "weight", "TEMPLATE=PERCENT: a route's share to Lambda, over the store (repeatable), e.g. /user/{id}=10")
	fs.StringVar(&o.accessLog, "access-log", "local-access.log", `CloudFront standard log of every request, appended to ("" for none)`)
	fs.StringVar(&o.node, "node", "node", "Node binary that runs the viewer-request function")
	fs.BoolVar(&o.noViewerFunction, "no-viewer-function", false, "run no viewer-request function (API Gateway then splits a raw ';')")
	fs.StringVar(&o.binaryTypes, "binary-media-types", "", "comma-separated binary media types of the API (the stack sets none)")
	fs.StringVar(&o.caller, "caller", "", `claims standing in for the API's authorizer (not run locally) on every request, e.g. "sub=42,scope=users:read-any"`)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return o, 0
		}
		return o, 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "local: unexpected argument %q; every input is a flag (see -h)\n", fs.Arg(0))
		return o, 2
	}
	if o.legacy == "" {
		fmt.Fprintln(stderr, "local: --legacy is required: the monolith's URL, e.g. --legacy http://127.0.0.1:9000")
		return o, 2
	}
	return o, -1
}

func run(ctx context.Context, o options, stdout, stderr io.Writer) error {
	legacy, err := url.Parse(o.legacy)
	if err != nil || (legacy.Scheme != "http" && legacy.Scheme != "https") || legacy.Host == "" {
		return fmt.Errorf("--legacy %q: give an http(s) URL with a host, e.g. http://127.0.0.1:9000", o.legacy)
	}
	m, err := manifest.Load(o.manifestPath)
	if err != nil {
		return err
	}
	weights := map[string]int{}
	for _, w := range o.weights {
		t, n, ok := strings.Cut(w, "=")
		p, err := strconv.Atoi(n)
		if !ok || err != nil {
			return fmt.Errorf("--weight %q: write TEMPLATE=PERCENT, e.g. /user/{id}=10", w)
		}
		weights[t] = p
	}
	store, err := local.NewStore(o.store, weights, func(err error) { fmt.Fprintln(stderr, "local:", err, "(keeping the last good contents)") })
	if err != nil {
		return err
	}
	opts := local.Options{Manifest: m, Legacy: legacy, Store: store, NoViewerFunction: o.noViewerFunction, Node: o.node, Logs: stderr}
	if o.caller != "" {
		opts.Caller = map[string]string{}
		for _, kv := range strings.Split(o.caller, ",") {
			k, v, ok := strings.Cut(kv, "=")
			if !ok || k == "" {
				return fmt.Errorf("--caller %q: want CLAIM=VALUE pairs separated by commas, e.g. sub=42,scope=users:read-any", o.caller)
			}
			opts.Caller[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	if o.secrets != "" {
		if opts.Secrets, err = local.LoadSecrets(o.secrets, os.Getenv); err != nil {
			return err
		}
	}
	if o.binaryTypes != "" {
		opts.BinaryMediaTypes = strings.Split(o.binaryTypes, ",")
	}
	if o.accessLog != "" {
		f, err := os.OpenFile(o.accessLog, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if err != nil {
			return fmt.Errorf("--access-log: %w", err)
		}
		defer f.Close()
		st, _ := f.Stat()
		if opts.AccessLog, err = local.NewAccessLog(f, st.Size() == 0); err != nil {
			return err
		}
	}
	fmt.Fprintf(stderr, "local: building %d function(s) of %s ...\n", len(m.Functions()), o.manifestPath)
	l, err := local.New(opts)
	if err != nil {
		return err
	}
	defer l.Close()
	ln, err := net.Listen("tcp", o.listen)
	if err != nil {
		return fmt.Errorf("--listen: %w", err)
	}
	srv := &http.Server{Handler: l.Edge, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stdout, "local: serving %s on http://%s (monolith %s)\n", o.manifestPath, ln.Addr(), legacy)
	for _, b := range l.Edge.Behaviors {
		fmt.Fprintf(stdout, "  %-28s -> %s\n", b.Pattern, b.Target)
	}
	fmt.Fprintf(stdout, "  %-28s -> legacy\n", "* (default)")
	if o.ready != nil {
		o.ready(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(shut)
}
