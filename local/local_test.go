package local

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/strangler-fig/strangler/internal/jsiitest"
	"github.com/strangler-fig/strangler/manifest"
)

// The package links aws-cdk-go: jsiitest removes what jsii leaves in the
// temporary folder.
func TestMain(m *testing.M) { os.Exit(jsiitest.Run(m)) }

// monolith is the stand-in for the legacy API: it says what it was asked.
func monolith(t testing.TB) *httptest.Server {
	t.Helper()
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprintf(w, "monolith %s %s?%s", r.Method, r.URL.EscapedPath(), r.URL.RawQuery)
	}))
	t.Cleanup(s.Close)
	return s
}

type run struct {
	edge     *httptest.Server
	monolith *httptest.Server
	local    *Local
	logFile  string
	manifest *manifest.Manifest
}

// startLocal serves a manifest (lambdasDir filled in) through a local
// edge on loopback, logging to a file of its own.
func startLocal(t testing.TB, yaml, lambdasDir string, o Options) *run {
	t.Helper()
	dir := t.TempDir()
	abs, err := filepath.Abs(lambdasDir)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "routes.yaml")
	if err := os.WriteFile(path, []byte("lambdasDir: "+abs+"\n"+yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := manifest.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	mono := monolith(t)
	o.Manifest = m
	o.Legacy, _ = url.Parse(mono.URL)
	r := &run{monolith: mono, manifest: m, logFile: filepath.Join(dir, "access.log")}
	f, err := os.Create(r.logFile)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	if o.AccessLog, err = NewAccessLog(f, true); err != nil {
		t.Fatal(err)
	}
	if testing.Verbose() {
		o.Logs = os.Stderr
	}
	r.local, err = New(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.local.Close)
	r.edge = httptest.NewServer(r.local.Edge)
	t.Cleanup(r.edge.Close)
	return r
}

type answer struct {
	status int
	header http.Header
	body   string
}

func (r *run) do(t *testing.T, method, pathAndQuery string) answer {
	t.Helper()
	return r.doWith(t, method, pathAndQuery, nil)
}

// doWith is do with request headers (a browser's Origin, say).
func (r *run) doWith(t *testing.T, method, pathAndQuery string, header map[string]string) answer {
	t.Helper()
	req, err := http.NewRequest(method, r.edge.URL+pathAndQuery, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return answer{resp.StatusCode, resp.Header, string(body)}
}

const testManifest = `
legacy: {domainName: legacy-api.example.com}
apiGateway: {integrationTimeoutSeconds: 2}
auth:
  default: delegate
  delegate: {url: /session}
routes:
  - path: /echo/{proxy+}
    methods: [GET, POST]
    function: api-echo
    environment: {GREETING: hello}
    secrets: {ECHO_SECRET: arn:aws:secretsmanager:eu-west-1:123456789012:secret:echo}
  - path: /echo/legacy
    target: legacy
  - path: /faulty/{mode}
    methods: [POST]
    function: api-faulty
    timeoutSeconds: 1
    reservedConcurrency: 2
  - path: /reads/{mode}
    methods: [GET]
    function: api-faulty
  - path: /slow/{mode}
    methods: [POST]
    function: api-slow
    timeoutSeconds: 2
`

func startTestManifest(t testing.TB, o Options) *run {
	t.Helper()
	if o.Secrets == nil {
		o.Secrets = map[string]map[string]string{"api-echo": {"ECHO_SECRET": "local-value"}}
	}
	return startLocal(t, testManifest, filepath.Join("testdata", "lambdas"), o)
}

func mustAbs(t testing.TB, p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

type echoed struct {
	Method, Path, Body, Proxy, Remote, Host, ForwardedFor, Env, Secret, FunctionName string
	Query                                                                            map[string][]string
}

func decodeEcho(t *testing.T, a answer) echoed {
	t.Helper()
	if a.status != 200 {
		t.Fatalf("status %d: %s", a.status, a.body)
	}
	var e echoed
	if err := json.Unmarshal([]byte(a.body), &e); err != nil {
		t.Fatalf("%v: %s", err, a.body)
	}
	return e
}

// With the cut-over function, ";" stays inside its value and repeated keys
// keep every value; without it, API Gateway splits on the raw ";".
func TestQueryThroughTheEdge(t *testing.T) {
	const q = "/echo/list?idList=1;2;3&id=1&id=2"
	t.Run("with the function", func(t *testing.T) {
		r := startTestManifest(t, Options{})
		e := decodeEcho(t, r.do(t, "GET", q))
		if got := fmt.Sprint(e.Query); got != "map[id:[1 2] idList:[1;2;3]]" {
			t.Errorf("handler saw query %s, want idList [1;2;3] and id [1 2]", got)
		}
		if e.Path != "/echo/list" || e.Proxy != "list" {
			t.Errorf("handler saw path %q, proxy %q", e.Path, e.Proxy)
		}
		if e.Env != "hello" || e.Secret != "local-value" || e.FunctionName != "api-echo" {
			t.Errorf("environment: GREETING %q, ECHO_SECRET %q, AWS_LAMBDA_FUNCTION_NAME %q", e.Env, e.Secret, e.FunctionName)
		}
		if e.Host != "localapi.execute-api.localhost" || !strings.HasPrefix(e.ForwardedFor, "127.0.0.1") {
			t.Errorf("host %q, X-Forwarded-For %q", e.Host, e.ForwardedFor)
		}
	})
	t.Run("without it", func(t *testing.T) {
		r := startTestManifest(t, Options{NoViewerFunction: true})
		e := decodeEcho(t, r.do(t, "GET", q))
		if got := fmt.Sprint(e.Query); got != "map[2:[] 3:[] id:[1 2] idList:[1]]" {
			t.Errorf("handler saw query %s, want API Gateway's split: idList [1], keys 2 and 3, id [1 2]", got)
		}
	})
}

// Paths the manifest keeps on the monolith, and paths no route names, reach it.
func TestLegacyPaths(t *testing.T) {
	r := startTestManifest(t, Options{})
	for path, want := range map[string]string{
		"/echo/legacy":    "monolith GET /echo/legacy?", // under the migrated /echo/*, kept on the monolith
		"/orders/7?a=1;2": "monolith GET /orders/7?a=1;2",
	} {
		if a := r.do(t, "GET", path); a.status != 200 || a.body != want {
			t.Errorf("GET %s: %d %q, want 200 %q", path, a.status, a.body, want)
		}
	}
}

// A weight of 0 in the store sends the route's callers to the monolith,
// through the function's own choice of origin.
func TestStoreWeightSendsToMonolith(t *testing.T) {
	store, err := NewStore("", map[string]int{"/echo/{proxy+}": 0}, nil)
	if err != nil {
		t.Fatal(err)
	}
	r := startTestManifest(t, Options{Store: store})
	// The function has encoded ";" before choosing: the monolith gets %3B, as from CloudFront.
	if a := r.do(t, "GET", "/echo/x?l=1;2"); a.body != "monolith GET /echo/x?l=1%3B2" {
		t.Errorf("weight 0: %d %q, want the monolith", a.status, a.body)
	}
}

// Faults answered as API Gateway answers them.
func TestFaults(t *testing.T) {
	r := startTestManifest(t, Options{})
	fn := r.local.Functions["api-faulty"]
	for _, c := range []struct {
		method, path string
		status       int
		body         string
	}{
		{"POST", "/faulty/sleep", 502, `{"message": "Internal server error"}`},     // Lambda's timeout first: a function error
		{"POST", "/slow/sleep", 504, `{"message": "Endpoint request timed out"}`},  // the integration timeout
		{"POST", "/faulty/panic", 502, `{"message": "Internal server error"}`},     // reported error, then exit
		{"POST", "/faulty/exit", 502, `{"message": "Internal server error"}`},      // the runtime exited
		{"POST", "/faulty/malformed", 502, `{"message": "Internal server error"}`}, // not a proxy response
		{"DELETE", "/faulty/ok", 403, `{"message":"Missing Authentication Token"}`},
	} {
		before := fn.ColdStarts()
		a := r.do(t, c.method, c.path)
		if a.status != c.status || a.body != c.body {
			t.Errorf("%s %s: %d %s, want %d %s", c.method, c.path, a.status, a.body, c.status, c.body)
		}
		if c.status == 403 {
			continue
		}
		// After a crash or a timeout, the next invocation gets a new environment.
		ok := r.do(t, "POST", "/faulty/ok")
		if ok.status != 200 {
			t.Errorf("after %s: %d %s", c.path, ok.status, ok.body)
		}
		crashed := c.path != "/faulty/malformed" && c.path != "/slow/sleep"
		if starts := fn.ColdStarts() - before; crashed && starts < 1 {
			t.Errorf("after %s no new environment was started", c.path)
		}
	}
	// A behaviour for reads only: CloudFront refuses a write itself.
	if a := r.do(t, "POST", "/reads/ok"); a.status != 403 || !strings.Contains(a.body, "not configured to allow the HTTP request method") {
		t.Errorf("POST /reads/ok: %d %q, want CloudFront's 403", a.status, a.body)
	}
	// A read the API fails is served by the monolith (the origin group).
	if a := r.do(t, "GET", "/reads/panic"); a.status != 200 || a.body != "monolith GET /reads/panic?" {
		t.Errorf("GET /reads/panic: %d %q, want the monolith's answer", a.status, a.body)
	}
}

// A burst beyond reserved concurrency is throttled: API Gateway answers 500.
func TestBurstBeyondReservedConcurrency(t *testing.T) {
	r := startTestManifest(t, Options{})
	const n = 6
	statuses := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i] = r.do(t, "POST", "/faulty/slow").status
		}()
	}
	wg.Wait()
	count := map[int]int{}
	for _, s := range statuses {
		count[s]++
	}
	if count[200] != 2 || count[500] != n-2 {
		t.Errorf("statuses %v: want 2 answered (reservedConcurrency 2) and %d throttled (500)", count, n-2)
	}
}
