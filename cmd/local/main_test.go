package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/strangler-fig/strangler/internal/jsiitest"
	"github.com/strangler-fig/strangler/planner/cflog"
)

// The package links aws-cdk-go: jsiitest removes what jsii leaves in the
// temporary folder.
func TestMain(m *testing.M) { os.Exit(jsiitest.Run(m)) }

func TestFlagsSayWhatIsMissing(t *testing.T) {
	var stderr bytes.Buffer
	if _, code := parseFlags(nil, &stderr); code != 2 || !strings.Contains(stderr.String(), "--legacy is required") {
		t.Errorf("no --legacy: exit %d, %q", code, stderr.String())
	}
	o, code := parseFlags([]string{"--legacy", "http://127.0.0.1:9", "--weight", "/user/{id}=10", "--weight", "/products=0"}, &stderr)
	if code != -1 || len(o.weights) != 2 || o.listen != "127.0.0.1:8080" {
		t.Errorf("parsed %+v, exit %d", o, code)
	}
	err := run(context.Background(), options{legacy: "legacy-api.example.com"}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "http(s) URL") {
		t.Errorf("a bare host as --legacy: %v", err)
	}
}

// The command serves a manifest: a path no route names reaches the
// monolith, and the request is in the access log.
func TestServesAManifest(t *testing.T) {
	mono := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "monolith "+r.URL.Path) }))
	defer mono.Close()
	dir := t.TempDir()
	manifestPath := filepath.Join(dir, "routes.yaml")
	lambdas, _ := filepath.Abs(filepath.Join("..", "..", "local", "testdata", "lambdas"))
	os.WriteFile(manifestPath, []byte("legacy: {domainName: legacy-api.example.com}\nlambdasDir: "+lambdas+"\nroutes:\n  - path: /echo/{proxy+}\n    function: api-echo\n    auth: none\n"), 0o644)
	logPath := filepath.Join(dir, "access.log")
	ctx, cancel := context.WithCancel(context.Background())
	addr := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, options{manifestPath: manifestPath, legacy: mono.URL, listen: "127.0.0.1:0", accessLog: logPath, node: "node",
			ready: func(a string) { addr <- a }}, io.Discard, io.Discard)
	}()
	var base string
	select {
	case base = <-addr:
	case err := <-done:
		t.Fatal(err)
	}
	resp, err := http.Get("http://" + base + "/orders/1")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "monolith /orders/1" {
		t.Errorf("GET /orders/1: %q", body)
	}
	resp, err = http.Get("http://" + base + "/echo/hi")
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"proxy":"hi"`) {
		t.Errorf("GET /echo/hi: %d %s", resp.StatusCode, body)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	sources, _ := cflog.LocalSources([]string{logPath})
	if len(sources) != 1 {
		t.Fatalf("no access log at %s", logPath)
	}
	data, _ := os.ReadFile(logPath)
	if !strings.HasPrefix(string(data), "#Version: 1.0\n#Fields: ") || strings.Count(string(data), "\n") != 4 {
		t.Errorf("access log:\n%s", data)
	}
}
