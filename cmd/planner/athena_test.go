package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/strangler-fig/strangler/planner/athena/athenatest"
)

func awsEnv(t *testing.T) {
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
}

func TestAthenaFlagsNameWhatIsMissing(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--athena-workgroup", "wg"}, "--athena-database, --athena-distribution and --from"},
		{[]string{"--athena-workgroup", "wg", "logs/"}, "give no log paths"},
		{[]string{"--athena-workgroup", "wg", "--athena-database", "db", "--athena-distribution", "E2EXAMPLE", "--from", "yesterday"}, "--from \"yesterday\""},
		{[]string{"--athena-workgroup", "wg", "--athena-database", "db", "--athena-distribution", "E2EXAMPLE", "--from", "2026-11-01"}, "--max-scan needs --athena-logs"},
		{[]string{"--athena-workgroup", "wg", "--athena-database", "db", "--athena-distribution", "E2EXAMPLE", "--from", "2026-11-01", "--max-scan", "lots"}, "--max-scan \"lots\""},
		{[]string{"--athena-workgroup", "wg", "--athena-database", "db", "--athena-distribution", "e2; drop", "--from", "2026-11-01", "--max-scan", "0"}, "not a CloudFront distribution ID"},
		{[]string{"--athena-workgroup", "wg", "--athena-database", "db", "--athena-distribution", "E2EXAMPLE", "--from", "2026-11-02", "--to", "2026-11-01", "--max-scan", "0"}, "is empty"},
	} {
		code, _, stderr := runCmd(t, c.args...)
		if code != exitUsage || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, code, stderr, exitUsage, c.want)
		}
	}
}

func TestAthenaDryRunPrintsTheSQLAndRunsNothing(t *testing.T) {
	awsEnv(t)
	code, stdout, stderr := runCmd(t, "--athena-workgroup", "wg", "--athena-database", "db", "--athena-distribution", "E2EXAMPLE",
		"--from", "2026-11-01", "--to", "2026-11-01T06", "--max-scan", "0", "--dry-run", "--athena-endpoint", "http://127.0.0.1:1")
	if code != exitOK || stdout != "" || strings.Count(stderr, "WITH") != 6 || !strings.Contains(stderr, "hour BETWEEN 0 AND 5") {
		t.Errorf("exit %d, stdout %q, stderr:\n%s", code, stdout, stderr)
	}
}

// A whole run through the Athena stub: each query answered by its name,
// the report, the draft and the quota checks as from local logs.
func TestAthenaModeWritesTheSameOutputs(t *testing.T) {
	awsEnv(t)
	t0 := int64(1741000000)
	stub := athenatest.New(func(sql string) athenatest.Answer {
		s := athenatest.Strings
		switch {
		case strings.Contains(sql, "Distinct paths"):
			var rows [][]*string
			for i := range 100 {
				rows = append(rows, s(fmt.Sprintf("/user/%d", i), "3"))
			}
			return athenatest.Answer{Columns: []string{"stem", "requests"}, Rows: rows}
		case strings.Contains(sql, "Rows of the distribution"):
			return athenatest.Answer{Columns: []string{"all_rows", "requests"}, Rows: [][]*string{s("301", "300")}}
		case strings.Contains(sql, "Per route, method"):
			return athenatest.Answer{Columns: []string{"route", "method", "class", "requests", "bytes", "no_time_taken", "first_second", "last_second"},
				Rows: [][]*string{s("0", "GET", "2", "300", "3000", "0", fmt.Sprint(t0), fmt.Sprint(t0+99))}}
		case strings.Contains(sql, "latency histogram"):
			return athenatest.Answer{Columns: []string{"route", "bucket", "requests", "sum_ms"}, Rows: [][]*string{s("0", "50", "300", "15000")}}
		case strings.Contains(sql, "Per route and second"):
			var rows [][]*string
			for i := range 100 {
				rows = append(rows, s("0", fmt.Sprint(t0+int64(i)), "3", "150"))
			}
			return athenatest.Answer{Columns: []string{"route", "second", "requests", "sum_ms"}, Rows: rows}
		case strings.Contains(sql, "Requests per Host"):
			return athenatest.Answer{Columns: []string{"host", "requests"}, Rows: [][]*string{s("www.shop.example", "300")}}
		}
		return athenatest.Answer{States: []string{"FAILED"}, Reason: "unexpected query"}
	})
	defer stub.Close()
	out := t.TempDir()
	draft := filepath.Join(out, "d.yaml")
	code, stdout, stderr := runCmd(t, "--athena-workgroup", "planner-wg", "--athena-database", "db", "--athena-distribution", "E2EXAMPLE",
		"--from", "2025-03-03", "--to", "2025-03-04", "--max-scan", "0", "--athena-endpoint", stub.URL,
		"--report", filepath.Join(out, "r.html"), "--draft", draft)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "/user/{id}") || !strings.Contains(stdout, "300 requests") || !strings.Contains(stdout, "Quotas with every route moved") {
		t.Errorf("stdout:\n%s", stdout)
	}
	data, err := os.ReadFile(draft)
	if err != nil || !strings.Contains(string(data), "/user/{id}") || !strings.Contains(string(data), "athena:db.cloudfront_logs E2EXAMPLE") {
		t.Errorf("draft (%v):\n%s", err, data)
	}
	if len(stub.SQL) != 6 || stub.WorkGroups[0] != "planner-wg" || !strings.Contains(stub.SQL[1], "regexp_like(stem, '^/+user/+[^/]+/*$') THEN 0") {
		t.Errorf("%d queries; second:\n%s", len(stub.SQL), stub.SQL[1])
	}
}
