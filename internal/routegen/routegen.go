// Package routegen writes route manifests of a chosen size, shaped like a
// monolith's REST API, with a stand-in Lambda per function: the input of
// the scale tests and the synth benchmarks.
package routegen

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
)

// RoutesPerService is about how many routes one top-level resource of a
// monolith has (list, item, and the item's sub-resources).
const RoutesPerService = 12.5

// Manifest returns a manifest of n routes, each with its own function (the
// worst case for resources), over round(n/12.5) services:
//
//	/svcNN            GET, POST          api-svcNN
//	/svcNN/{id}       GET, PUT, DELETE   api-svcNN-id
//	/svcNN/{id}/subKK GET                api-svcNN-id-subKK
//
// Each service needs two CloudFront behaviours (/svcNN and /svcNN/*, the
// sub-resources merge into the second). Shop is the realistic shape for
// the behaviour quota. lambdasDir goes into the manifest as is; extra is
// appended to every route (e.g. "    stack: all\n").
func Manifest(n int, lambdasDir, extra string) (yaml string, functions []string) {
	services := max(1, int(math.Round(float64(n)/RoutesPerService)))
	var b strings.Builder
	fmt.Fprintf(&b, "# %d generated routes over %d services (internal/routegen)\nlegacy:\n  domainName: legacy-api.example.com\nauth: {default: delegate, delegate: {url: /session}}\nlambdasDir: %s\nroutes:\n", n, services, lambdasDir)
	route := func(path, methods, function string) {
		fmt.Fprintf(&b, "  - path: %s\n    methods: [%s]\n    function: %s\n%s", path, methods, function, extra)
		functions = append(functions, function)
	}
	for s := range services {
		count := n / services
		if s < n%services {
			count++
		}
		svc := fmt.Sprintf("svc%02d", s+1)
		for r := range count {
			switch r {
			case 0:
				route("/"+svc, "GET, POST", "api-"+svc)
			case 1:
				route("/"+svc+"/{id}", "GET, PUT, DELETE", "api-"+svc+"-id")
			default:
				sub := fmt.Sprintf("sub%02d", r-1)
				route("/"+svc+"/{id}/"+sub, "GET", "api-"+svc+"-id-"+sub)
			}
		}
	}
	return b.String(), functions
}

// WriteLambdas writes a tiny main package per function under dir, which
// must be inside a Go module for the build to find go.mod. Each prints its
// name, so each binary, and asset, is distinct.
func WriteLambdas(dir string, functions []string) error {
	for _, f := range functions {
		d := filepath.Join(dir, f)
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
		src := fmt.Sprintf("// Command %s is a generated stand-in Lambda.\npackage main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(%q) }\n", f, f)
		if err := os.WriteFile(filepath.Join(d, "main.go"), []byte(src), 0o644); err != nil {
			return err
		}
	}
	return nil
}
