// Package local runs a route manifest's whole request path on one machine,
// with no Docker and no AWS account: CloudFront's behaviours (planned by
// the manifest's own EdgeBehaviors, first match wins) and its
// viewer-request function (the stack's own cut-over code, run in Node
// with a stand-in KeyValueStore), API Gateway's REST proxy event and
// errors, and each Lambda function built as the stack builds it and run
// as child processes against a Runtime API server; everything else goes
// to the monolith's URL. Every request is logged as a CloudFront standard
// log line. docs/local.md says what is reproduced and what is not.
package local

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"net/url"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/strangler-fig/strangler/constructs"
	"github.com/strangler-fig/strangler/manifest"
	"github.com/strangler-fig/strangler/stacks"
)

// Options of a local run. Manifest and Legacy are required.
type Options struct {
	Manifest *manifest.Manifest
	// Legacy is the monolith's base URL, e.g. http://127.0.0.1:9000.
	Legacy *url.URL
	// Secrets give each function (by manifest name) the variables its
	// manifest secrets stand for locally (see LoadSecrets). Default: none.
	Secrets map[string]map[string]string
	// Store stands in for the cut-over KeyValueStore. Default: empty (the
	// manifest's weights).
	Store *Store
	// NoViewerFunction runs no viewer-request function, as a behaviour
	// without one (API Gateway then splits a raw ";"). Default: false.
	NoViewerFunction bool
	// Node runs the viewer-request function. Default: "node" on PATH.
	Node string
	// AccessLog receives a CloudFront log line per request. Default: none.
	AccessLog *AccessLog
	// Logs receives the functions' output and Node's. Default: discarded.
	Logs io.Writer
	// Region the functions are told they run in. Default: "us-east-1".
	Region string
	// BinaryMediaTypes of the API. Default: none, as the stack deploys it.
	BinaryMediaTypes []string
	// Caller stands in for the API's authorizer (API.Caller). Default: none.
	Caller map[string]string
}

// Local is a running local edge: serve Edge on a loopback listener.
type Local struct {
	Edge      *Edge
	API       *API
	Functions map[string]*Function
	viewer    *ViewerFunction
}

// New builds every function of the manifest and wires the edge.
func New(o Options) (*Local, error) {
	m := o.Manifest
	if m == nil || o.Legacy == nil {
		return nil, errors.New("local: Options need Manifest and Legacy (the monolith's URL)")
	}
	if o.Region == "" {
		o.Region = "us-east-1"
	}
	if o.Store == nil {
		o.Store, _ = NewStore("", nil, nil)
	}
	logs := orDiscard(o.Logs)
	functions := m.Functions()
	binaries, err := buildAll(functions)
	if err != nil {
		return nil, err
	}
	l := &Local{Functions: map[string]*Function{}}
	unreserved := m.Lambda.RegionalConcurrencyQuota
	for _, f := range functions {
		if f.ReservedConcurrency != nil {
			unreserved -= *f.ReservedConcurrency
		}
	}
	shared := NewConcurrency(max(unreserved, 1))
	for _, f := range functions {
		conc := shared
		if f.ReservedConcurrency != nil {
			conc = NewConcurrency(*f.ReservedConcurrency)
		}
		if len(f.Secrets) > 0 && len(o.Secrets[f.Name]) == 0 {
			fmt.Fprintf(logs, "local: function %s has secrets (%s) but the secrets file gives it nothing: a local run never reads Secrets Manager; give the values they stand for under %q\n",
				f.Name, strings.Join(slices.Sorted(maps.Keys(f.Secrets)), ", "), f.Name)
		}
		cfg := FunctionConfig{
			Name: f.Name, Binary: binaries[f.Name], TaskRoot: filepath.Dir(binaries[f.Name]),
			Env:     functionEnv(f, o.Secrets[f.Name], o.Region, filepath.Dir(binaries[f.Name])),
			Timeout: time.Duration(f.TimeoutSeconds) * time.Second,
			ARN:     fmt.Sprintf("arn:aws:lambda:%s:123456789012:function:%s:live", o.Region, f.FunctionName),
		}
		l.Functions[f.Name] = NewFunction(cfg, conc, logs)
	}

	var resources []Resource
	for _, r := range m.Routes {
		switch {
		case r.Function != "":
			resources = append(resources, Resource{Template: r.Path, Methods: stacks.APIMethods(r.Methods), Function: l.Functions[r.Function]})
		case r.Via == manifest.ViaAPIGateway:
			resources = append(resources, Resource{Template: r.Path, Methods: []string{"ANY"}, Monolith: o.Legacy})
		}
	}
	l.API, err = NewAPI(m.APIGateway.StageName, time.Duration(m.APIGateway.IntegrationTimeoutSeconds)*time.Second, resources)
	if l.API != nil {
		l.API.Caller = o.Caller
	}
	if err != nil {
		l.Close()
		return nil, err
	}
	l.API.BinaryMediaTypes = o.BinaryMediaTypes

	behaviors, errs := m.EdgeBehaviors()
	if len(errs) > 0 {
		l.Close()
		return nil, fmt.Errorf("manifest: %w", errors.Join(errs...))
	}
	l.Edge = &Edge{API: l.API, Stage: m.APIGateway.StageName, Legacy: o.Legacy,
		LegacyTimeout: time.Duration(m.Legacy.ReadTimeoutSeconds) * time.Second, Log: o.AccessLog}
	for _, b := range behaviors {
		eb := Behavior{Pattern: b.Pattern, Target: b.Target}
		if b.CORS != nil {
			p := b.CORS.Policy()
			eb.Cors = &p
		}
		if b.Target == manifest.TargetLambda && readOnly(b.Methods) {
			eb.ReadFailover = true
			eb.AllowedMethods = []string{"GET", "HEAD"}
			// With CORS, a browser's preflight must get past CloudFront, as
			// EdgeDistribution allows it.
			if slices.Contains(b.Methods, "OPTIONS") || eb.Cors != nil {
				eb.AllowedMethods = append(eb.AllowedMethods, "OPTIONS")
			}
		}
		l.Edge.Behaviors = append(l.Edge.Behaviors, eb)
	}
	// The stack puts the cut-over function on API behaviours whenever it
	// makes the API: any route with a function or through API Gateway.
	if len(resources) > 0 && !o.NoViewerFunction {
		code, err := constructs.CutoverFunctionCode(stacks.CutoverRoutes(m), true)
		if err != nil {
			l.Close()
			return nil, err
		}
		if l.viewer, err = StartViewerFunction(o.Node, code, o.Store, logs); err != nil {
			l.Close()
			return nil, err
		}
		l.Edge.Viewer = l.viewer
	}
	l.Edge.init()
	return l, nil
}

// readOnly: a behaviour whose routes need only GET, HEAD and OPTIONS,
// which the stack allows only GET and HEAD (and OPTIONS if named), and
// EdgeDistribution gives a read failover (stacks' allowedMethods picks
// the narrowest CloudFront method set; constructs' readOnly tests it).
func readOnly(methods []string) bool {
	return len(methods) > 0 && !slices.ContainsFunc(methods, func(m string) bool {
		return m != "GET" && m != "HEAD" && m != "OPTIONS"
	})
}

// functionEnv is what Lambda sets for a provided.al2023 function, then
// the manifest's environment, then the local values of its secrets. The
// machine's own environment (its AWS credentials among it) is not passed.
func functionEnv(f *manifest.Function, secrets map[string]string, region, taskRoot string) []string {
	env := []string{
		"AWS_LAMBDA_FUNCTION_NAME=" + f.FunctionName,
		"AWS_LAMBDA_FUNCTION_MEMORY_SIZE=" + strconv.Itoa(f.MemoryMiB),
		"AWS_LAMBDA_FUNCTION_VERSION=$LATEST",
		"AWS_LAMBDA_INITIALIZATION_TYPE=on-demand",
		"AWS_LAMBDA_LOG_GROUP_NAME=/aws/lambda/" + f.FunctionName,
		"AWS_LAMBDA_LOG_STREAM_NAME=local",
		"AWS_REGION=" + region, "AWS_DEFAULT_REGION=" + region,
		"_HANDLER=bootstrap", "LAMBDA_TASK_ROOT=" + taskRoot, "LAMBDA_RUNTIME_DIR=" + taskRoot,
		"TZ=:UTC", "LANG=en_US.UTF-8", "PATH=/usr/local/bin:/usr/bin/:/bin:/opt/bin",
	}
	for _, k := range slices.Sorted(maps.Keys(f.Environment)) {
		env = append(env, k+"="+f.Environment[k])
	}
	for _, k := range slices.Sorted(maps.Keys(secrets)) {
		env = append(env, k+"="+secrets[k])
	}
	return env
}

// buildAll builds the functions, one go build per core.
func buildAll(functions []*manifest.Function) (map[string]string, error) {
	out := map[string]string{}
	var mu sync.Mutex
	var errs []error
	sem := make(chan struct{}, runtime.NumCPU())
	var wg sync.WaitGroup
	for _, f := range functions {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			bin, err := BuildFunction(f.Dir)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, fmt.Errorf("function %s: %w", f.Name, err))
				return
			}
			out[f.Name] = bin
		}()
	}
	wg.Wait()
	return out, errors.Join(errs...)
}

// Close stops the functions' processes and Node.
func (l *Local) Close() {
	for _, f := range l.Functions {
		f.Close()
	}
	if l.viewer != nil {
		l.viewer.Close()
	}
}
