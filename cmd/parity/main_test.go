package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/strangler-fig/strangler/parity"
	"github.com/strangler-fig/strangler/planner/cflog/cflogtest"
)

var t0 = time.Date(2025, 3, 3, 10, 0, 0, 0, time.UTC)

func logLines() []cflogtest.Line {
	var lines []cflogtest.Line
	for i := range 6 {
		lines = append(lines, cflogtest.Line{Time: t0.Add(time.Duration(i) * time.Second), Path: fmt.Sprintf("/products/%d", i+1), Query: "fields=name;price", Seed: uint64(i)})
	}
	return lines
}

func logDir(t *testing.T) string {
	dir := t.TempDir()
	if err := cflogtest.WriteFile(filepath.Join(dir, "E2EXAMPLE.2025-03-03-10.abcd.gz"), logLines()); err != nil {
		t.Fatal(err)
	}
	return dir
}

// products answers like a monolith; odd ids have their price as a string
// when stringy is set.
func products(stringy bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := strings.TrimPrefix(r.URL.Path, "/products/")
		price := `9.5`
		if stringy && (id == "1" || id == "3" || id == "5") {
			price = `"9.5"`
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"id":%s,"price":%s}`, id, price)
	})
}

func runCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := main1(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestParityGate(t *testing.T) {
	primary := httptest.NewServer(products(false))
	defer primary.Close()
	same := httptest.NewServer(products(false))
	defer same.Close()
	stringy := httptest.NewServer(products(true))
	defer stringy.Close()
	dir := logDir(t)
	report := filepath.Join(t.TempDir(), "parity.html")

	code, stdout, stderr := runCmd(t, "--primary", primary.URL, "--candidate", same.URL, "--route", "/products/{id}", "--rate", "0", "--report", report, dir)
	if code != exitOK || !strings.Contains(stdout, "/products/{id}  6         6         6      100.0%") {
		t.Errorf("equal: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if b, err := os.ReadFile(report); err != nil || !strings.Contains(string(b), "No difference.") {
		t.Errorf("HTML report: %v", err)
	}

	code, stdout, stderr = runCmd(t, "--primary", primary.URL, "--candidate", stringy.URL, "--route", "/products/{id}", "--rate", "0", "--report", "", "--format", "json", dir)
	if code != exitBelow || !strings.Contains(stderr, "below 100% parity: /products/{id} 50.0%") {
		t.Errorf("below: exit %d, %s", code, stderr)
	}
	var rep parity.Report
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil || rep.Routes[0].Kinds[0].Kind != parity.KindNumberAsString || rep.Routes[0].Kinds[0].Requests != 3 {
		t.Errorf("JSON: %v %+v", err, rep.Routes)
	}

	code, _, stderr = runCmd(t, "--primary", primary.URL, "--candidate", stringy.URL, "--route", "/products/{id}", "--rate", "0", "--report", "",
		"--min-parity", "50", dir)
	if code != exitOK {
		t.Errorf("--min-parity 50: exit %d %s", code, stderr)
	}
	code, _, stderr = runCmd(t, "--primary", primary.URL, "--candidate", stringy.URL, "--route", "/products/{id}", "--rate", "0", "--report", "",
		"--ignore", "/price", dir)
	if code != exitOK {
		t.Errorf("--ignore /price: exit %d %s", code, stderr)
	}
	code, _, stderr = runCmd(t, "--primary", primary.URL, "--candidate", stringy.URL, "--route", "/user/{id}", "--rate", "0", "--report", "", dir)
	if code != exitNothing || !strings.Contains(stderr, "nothing compared: 6 log line(s) read, 0 of the chosen routes") {
		t.Errorf("no request of the route: exit %d %s", code, stderr)
	}
}

func TestUsageErrors(t *testing.T) {
	dir := logDir(t)
	base := []string{"--primary", "http://127.0.0.1:1", "--candidate", "http://127.0.0.1:2", "--route", "/a"}
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{dir}, exitUsage, "give --primary"},
		{[]string{"--primary", "http://127.0.0.1:1", "--candidate", "http://127.0.0.1:2", dir}, exitUsage, "give --route"},
		{base, exitUsage, "give at least one log"},
		{append(base, "--max", "0", dir), exitUsage, "--max 0"},
		{append(base, "--format", "xml", dir), exitUsage, "--format"},
		{append(base, "--min-parity", "101", dir), exitUsage, "--min-parity"},
		{append(base, "--methods", "GET,POST", dir), exitUsage, "--allow-writes"},
		{append(base, "--primary-header", "Authorization Bearer x", dir), exitUsage, "'Name: value'"},
		{append(base, "--ignore", "requestId", dir), exitUsage, "JSON Pointer"},
		{[]string{"--primary", "legacy.example.com", "--candidate", "http://127.0.0.1:2", "--route", "/a", dir}, exitUsage, "primary URL"},
		{append(base, "--manifest", "../../routes.yaml", dir), exitUsage, "route /a is not in the manifest"},
		{append(base, filepath.Join(dir, "missing")), exitNothing, "no such file"},
	} {
		code, _, stderr := runCmd(t, c.args...)
		if code != c.code || !strings.Contains(stderr, c.msg) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, code, stderr, c.code, c.msg)
		}
	}
}

// The candidate's API key comes from Secrets Manager, here a stub on
// loopback speaking its JSON protocol; extra headers reach each side.
func TestAPIKeyFromSecretsManagerAndHeadersPerSide(t *testing.T) {
	const secretID = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:OriginKey-AbCdEf"
	sm := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.Header.Get("X-Amz-Target") != "secretsmanager.GetSecretValue" || !strings.Contains(string(body), secretID) {
			w.WriteHeader(400)
			io.WriteString(w, `{"__type":"ResourceNotFoundException","message":"no such secret"}`)
			return
		}
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		fmt.Fprintf(w, `{"ARN":%q,"Name":"OriginKey","SecretString":"k3y\n"}`, secretID)
	}))
	defer sm.Close()
	t.Setenv("AWS_ACCESS_KEY_ID", "AKID")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "SECRET")
	t.Setenv("AWS_REGION", "eu-west-1")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))

	primary := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer monolith-user" || r.Header.Get("X-Api-Key") != "" {
			w.WriteHeader(401)
		}
		products(false).ServeHTTP(w, r)
	}))
	defer primary.Close()
	candidate := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Api-Key") != "k3y" || r.Header.Get("Authorization") != "Bearer lambda-user" {
			w.WriteHeader(403)
			io.WriteString(w, `{"message":"Forbidden"}`)
			return
		}
		products(false).ServeHTTP(w, r)
	}))
	defer candidate.Close()
	dir := logDir(t)
	args := []string{"--primary", primary.URL, "--candidate", candidate.URL + "/", "--route", "/products/{id}", "--rate", "0", "--report", "",
		"--primary-header", "Authorization: Bearer monolith-user", "--candidate-header", "authorization: Bearer lambda-user",
		"--secrets-endpoint", sm.URL}
	code, stdout, stderr := runCmd(t, append(args, "--candidate-api-key-secret", secretID, dir)...)
	if code != exitOK {
		t.Errorf("with the key: exit %d\n%s\n%s", code, stdout, stderr)
	}
	code, _, stderr = runCmd(t, append(args, "--candidate-api-key-secret", "other", dir)...)
	if code != exitUsage || !strings.Contains(stderr, "no such secret") {
		t.Errorf("unknown secret: exit %d %s", code, stderr)
	}
}

// Logs in S3 (gofakes3 on loopback) are read as the planner reads them.
func TestS3Logs(t *testing.T) {
	fake := httptest.NewServer(gofakes3.New(s3mem.New()).Server())
	defer fake.Close()
	client := s3.New(s3.Options{Region: "eu-west-1", BaseEndpoint: aws.String(fake.URL), UsePathStyle: true,
		Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", "")})
	ctx := context.Background()
	if _, err := client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("logs")}); err != nil {
		t.Fatal(err)
	}
	var b []byte
	b = append(b, cflogtest.Header...)
	for _, l := range logLines() {
		b = cflogtest.Append(b, l)
	}
	if _, err := client.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("logs"), Key: aws.String("cf/E2EXAMPLE.2025-03-03-10.abcd.log"), Body: bytes.NewReader(b)}); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_ACCESS_KEY_ID", "AKID")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "SECRET")
	t.Setenv("AWS_REGION", "eu-west-1")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	primary := httptest.NewServer(products(false))
	defer primary.Close()
	code, stdout, stderr := runCmd(t, "--primary", primary.URL, "--candidate", primary.URL, "--manifest", "../../routes.yaml", "--route", "/products/{id}",
		"--rate", "0", "--report", "", "--s3-endpoint", fake.URL, "s3://logs/cf/")
	if code != exitOK || !strings.Contains(stdout, "6 replayed") {
		t.Errorf("exit %d\n%s\n%s", code, stdout, stderr)
	}
}
