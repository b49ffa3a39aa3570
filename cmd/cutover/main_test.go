package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/strangler-fig/strangler/cutover"
	"github.com/strangler-fig/strangler/cutover/cwtest"
	"github.com/strangler-fig/strangler/cutover/kvstest"
)

// The repository's manifest: Lambda routes /user/{id} and /products;
// /user/{id}/orders and /products/{id} are on the monolith.
const manifestPath = "../../routes.yaml"

// cfnStub answers CloudFormation DescribeStacks in the Query protocol:
// stacks by name, each with its outputs.
type cfnStub struct {
	*httptest.Server
	mu     sync.Mutex
	stacks map[string]map[string]string
	asked  []string
}

func newCFNStub(t *testing.T, stacks map[string]map[string]string) *cfnStub {
	s := &cfnStub{stacks: stacks}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		s.mu.Lock()
		defer s.mu.Unlock()
		name := r.Form.Get("StackName")
		s.asked = append(s.asked, r.Form.Get("Action")+" "+name)
		w.Header().Set("Content-Type", "text/xml")
		outputs, ok := s.stacks[name]
		if r.Form.Get("Action") != "DescribeStacks" || !ok {
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprintf(w, `<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id %s does not exist</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`, name)
			return
		}
		var members strings.Builder
		for k, v := range outputs {
			fmt.Fprintf(&members, "<member><OutputKey>%s</OutputKey><OutputValue>%s</OutputValue></member>", k, v)
		}
		fmt.Fprintf(w, `<DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><DescribeStacksResult><Stacks><member><StackName>%s</StackName><StackId>arn:aws:cloudformation:us-east-1:123456789012:stack/%s/1</StackId><CreationTime>2025-01-01T00:00:00Z</CreationTime><StackStatus>UPDATE_COMPLETE</StackStatus><Outputs>%s</Outputs></member></Stacks></DescribeStacksResult><ResponseMetadata><RequestId>r-2</RequestId></ResponseMetadata></DescribeStacksResponse>`, name, name, members.String())
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *cfnStub) calls() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.asked...)
}

type world struct {
	kvs *kvstest.Server
	cfn *cfnStub
	cw  *cwtest.Server
	// manifest is the route manifest the command reads. Default: manifestPath.
	manifest string
}

// newWorld is a deployed stack ApiMigration whose output names a store
// holding /user/{id} at 10%, moved there by a person, with its alarms
// all OK.
func newWorld(t *testing.T) *world {
	w := &world{kvs: kvstest.New(t), cw: cwtest.New(t), manifest: manifestPath}
	w.cw.Add(stackAlarms("")...)
	w.cfn = newCFNStub(t, map[string]map[string]string{
		DefaultStack: {StoreOutput: w.kvs.ARN, "EdgeDomainName": "d111111abcdef8.cloudfront.net"},
		"Old":        {"EdgeDomainName": "d2.cloudfront.net"},
	})
	w.kvs.Put("w:/user/{id}", "10")
	w.kvs.Put("n:/user/{id}", `{"weight":10,"by":"shift","reason":"step 2 of the playbook","at":"2025-03-03T10:04:05Z"}`)
	return w
}

// run runs the command against the world, with static credentials and
// no wait between attempts at a write.
func (w *world) run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	o := defaults(&out, &errb)
	o.loadAWS = func(context.Context) (aws.Config, error) { return kvstest.Config(), nil }
	o.user = "alice"
	o.tune = func(s *cutover.Store) {
		s.Backoff = noWait{}
		s.Now = func() time.Time { return time.Date(2025, 3, 4, 9, 0, 0, 0, time.UTC) }
	}
	full := []string{args[0], "--manifest", w.manifest, "--kvs-endpoint", w.kvs.URL, "--cloudformation-endpoint", w.cfn.URL}
	if args[0] == "status" {
		full = append(full, "--cloudwatch-endpoint", w.cw.URL)
	}
	full = append(full, args[1:]...)
	code := run(context.Background(), full, o)
	return code, out.String(), errb.String()
}

type noWait struct{}

func (noWait) BackoffDelay(int, error) (time.Duration, error) { return 0, nil }

func TestStatusListsEveryLambdaRoute(t *testing.T) {
	w := newWorld(t)
	code, out, errOut := w.run(t, "status")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(out, "\n")
	want := []string{
		"KeyValueStore " + w.kvs.ARN,
		"",
		"ROUTE       TO LAMBDA  FROM                   LAST CHANGE                                                   ALARMS (stack ApiMigration)",
		"/user/{id}  10%        store (manifest 100%)  2025-03-03T10:04:05Z to 10% by shift: step 2 of the playbook  OK",
		"/products   100%       manifest               -                                                             OK",
	}
	if len(lines) < len(want) || strings.Join(lines[:len(want)], "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", out, strings.Join(want, "\n"))
	}
	if strings.Contains(out, "/orders") || strings.Contains(out, "/products/{id}") {
		t.Errorf("a monolith route is listed:\n%s", out)
	}
	if c := w.cfn.calls(); len(c) != 1 || c[0] != "DescribeStacks ApiMigration" {
		t.Errorf("CloudFormation calls %v", c)
	}
}

func TestStatusJSON(t *testing.T) {
	w := newWorld(t)
	code, out, errOut := w.run(t, "status", "--format", "json", "--store-arn", w.kvs.ARN)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{`"store": "` + w.kvs.ARN, `"route": "/user/{id}"`, `"weight": 10`, `"source": "store"`, `"reason": "step 2 of the playbook"`, `"route": "/products"`, `"source": "manifest"`} {
		if !strings.Contains(out, want) {
			t.Errorf("json lacks %s:\n%s", want, out)
		}
	}
	if len(w.cfn.calls()) != 0 {
		t.Errorf("--store-arn given, yet CloudFormation was asked: %v", w.cfn.calls())
	}
}

func TestShiftWritesTheWeightAndWhy(t *testing.T) {
	w := newWorld(t)
	code, out, errOut := w.run(t, "shift", "/user/{id}", "50", "--reason", "step 3: 50%")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "/user/{id}: 10% (store) -> 50%") {
		t.Errorf("stdout:\n%s", out)
	}
	if v, _ := w.kvs.Get("w:/user/{id}"); v != "50" {
		t.Errorf("w: = %q", v)
	}
	if n, _ := w.kvs.Get("n:/user/{id}"); n != `{"weight":50,"by":"shift","reason":"step 3: 50%","at":"2025-03-04T09:00:00Z"}` {
		t.Errorf("n: = %s", n)
	}

	// Without --reason the note says who; the manifest's weight was the previous one.
	code, out, _ = w.run(t, "shift", "--", "/products", "0%")
	if n, _ := w.kvs.Get("n:/products"); code != exitOK || !strings.Contains(n, `"reason":"set with cutover shift by alice"`) || !strings.Contains(out, "/products: 100% (manifest) -> 0%") {
		t.Errorf("exit %d, note %s, stdout %s", code, n, out)
	}
}

func TestShiftDryRunWritesNothing(t *testing.T) {
	w := newWorld(t)
	etag := w.kvs.ETag()
	code, out, errOut := w.run(t, "shift", "/user/{id}", "100", "--dry-run")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "/user/{id}: 10% (store) -> 100%") || !strings.Contains(out, "Dry run: nothing written") || !strings.Contains(out, "step 2 of the playbook") {
		t.Errorf("stdout:\n%s", out)
	}
	if w.kvs.Count("UpdateKeys") != 0 || w.kvs.ETag() != etag {
		t.Errorf("dry run wrote: %d UpdateKeys", w.kvs.Count("UpdateKeys"))
	}
}

// Mistakes in what was asked: exit 2, a message naming the fix, no AWS call.
func TestShiftRefusesWhatCannotBeShifted(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"shift", "/user/42", "10"}, "route /user/42 is not a Lambda route of ../../routes.yaml; did you mean /user/{id} (the template /user/42 falls under)?"},
		{[]string{"shift", "/usr/{id}", "10"}, "did you mean /user/{id}?"},
		{[]string{"shift", "/checkout", "10"}, "its Lambda routes are: /user/{id}, /products"},
		{[]string{"shift", "/products/{id}", "10"}, "route /products/{id} is `target: legacy` in ../../routes.yaml"},
		{[]string{"shift", "/user/{id}", "150"}, "PERCENT 150 is out of range: a share of traffic is 0 to 100"},
		{[]string{"shift", "/user/{id}", "ten"}, `PERCENT "ten": want a whole number from 0 to 100`},
		{[]string{"shift", "/user/{id}", "--", "-1"}, "PERCENT -1 is out of range"},
		{[]string{"shift", "/user/{id}"}, "want ROUTE PERCENT"},
		{[]string{"status", "extra"}, "takes no arguments"},
		{[]string{"status", "--format", "xml"}, `--format "xml"`},
		{[]string{"status", "--store-arn", "arn:aws:cloudfront:us-east-1:1:key-value-store/x"}, "--store-arn"},
		{[]string{"rollback"}, `unknown command "rollback"`},
	} {
		w := newWorld(t)
		code, _, errOut := w.run(t, c.args...)
		if c.args[0] == "rollback" {
			var errb bytes.Buffer
			code = run(context.Background(), c.args, defaults(&bytes.Buffer{}, &errb))
			errOut = errb.String()
		}
		if code != exitUsage || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and %q", c.args, code, errOut, c.want)
		}
		if n := len(w.kvs.Requests()) + len(w.cw.Requests()); n != 0 {
			t.Errorf("%v: %d store or CloudWatch calls", c.args, n)
		}
	}
}

func TestShiftSaysWhenTheStoreKeepsChanging(t *testing.T) {
	w := newWorld(t)
	w.kvs.Interfere(100)
	code, _, errOut := w.run(t, "shift", "/user/{id}", "50")
	if code != exitFail || !strings.Contains(errOut, "changed by another writer") || !strings.Contains(errOut, "nothing was written") {
		t.Errorf("exit %d, stderr %s", code, errOut)
	}
	if v, _ := w.kvs.Get("w:/user/{id}"); v != "10" {
		t.Errorf("w: = %q", v)
	}
}

func TestStoreLookupErrors(t *testing.T) {
	w := newWorld(t)
	for stack, want := range map[string]string{
		"Nope": "stack Nope not found in us-east-1: check --stack and AWS_REGION, or pass --store-arn",
		"Old":  "stack Old in us-east-1 has no output CutoverStoreArn",
	} {
		code, _, errOut := w.run(t, "status", "--stack", stack)
		if code != exitFail || !strings.Contains(errOut, want) {
			t.Errorf("--stack %s: exit %d, stderr %s", stack, code, errOut)
		}
	}
}

// With no credentials anywhere the command says how to give some, before
// any call. The SDK's real loader runs, with instance metadata disabled
// so nothing leaves the machine.
func TestMissingCredentials(t *testing.T) {
	w := newWorld(t)
	for _, k := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE",
		"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN"} {
		t.Setenv(k, "")
	}
	dir := t.TempDir()
	t.Setenv("AWS_CONFIG_FILE", dir+"/config")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", dir+"/credentials")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	for region, want := range map[string]string{"": "no AWS region", "eu-west-1": "no usable AWS credentials"} {
		t.Setenv("AWS_REGION", region)
		t.Setenv("AWS_DEFAULT_REGION", "")
		var out, errb bytes.Buffer
		code := run(context.Background(), []string{"status", "--manifest", manifestPath, "--kvs-endpoint", w.kvs.URL, "--cloudformation-endpoint", w.cfn.URL, "--cloudwatch-endpoint", w.cw.URL}, defaults(&out, &errb))
		if code != exitFail || !strings.Contains(errb.String(), want) || !strings.Contains(errb.String(), "AWS_PROFILE") || !strings.Contains(errb.String(), "AWS_REGION") {
			t.Errorf("region %q: exit %d, stderr %s", region, code, errb.String())
		}
	}
	if len(w.kvs.Requests()) != 0 || len(w.cfn.calls()) != 0 || len(w.cw.Requests()) != 0 {
		t.Errorf("calls made without credentials")
	}
}

func TestUsage(t *testing.T) {
	var errb bytes.Buffer
	if code := run(context.Background(), nil, defaults(&bytes.Buffer{}, &errb)); code != exitUsage || !strings.Contains(errb.String(), "cutover shift ROUTE PERCENT") {
		t.Errorf("no arguments: exit %d, %s", code, errb.String())
	}
	errb.Reset()
	if code := run(context.Background(), []string{"shift", "-h"}, defaults(&bytes.Buffer{}, &errb)); code != exitOK || !strings.Contains(errb.String(), "-dry-run") {
		t.Errorf("shift -h: exit %d, %s", code, errb.String())
	}
}
