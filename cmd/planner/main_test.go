package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/strangler-fig/strangler/manifest"
	"github.com/strangler-fig/strangler/planner/cflog/cflogtest"
)

func logs(t *testing.T) string {
	dir := t.TempDir()
	t0 := time.Date(2025, 3, 3, 10, 0, 0, 0, time.UTC)
	var lines []cflogtest.Line
	for i := range 30 {
		lines = append(lines, cflogtest.Line{Time: t0.Add(time.Duration(i) * time.Second), Path: fmt.Sprintf("/user/%d", i), TimeTakenMs: 200, Host: "www.shop.example"})
	}
	if err := cflogtest.WriteFile(filepath.Join(dir, "E2EXAMPLE.2025-03-03-10.abcd.gz"), lines); err != nil {
		t.Fatal(err)
	}
	return dir
}

func runCmd(t *testing.T, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestRunWritesEverything(t *testing.T) {
	dir := logs(t)
	out := t.TempDir()
	report, draft := filepath.Join(out, "r.html"), filepath.Join(out, "d.yaml")
	code, stdout, stderr := runCmd(t, "--report", report, "--draft", draft, "--progress", "never", dir)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "/user/{id}") || !strings.Contains(stdout, "Migration order") {
		t.Errorf("stdout:\n%s", stdout)
	}
	if _, err := os.Stat(report); err != nil {
		t.Error(err)
	}
	data, err := os.ReadFile(draft)
	if err != nil {
		t.Fatal(err)
	}
	m, err := manifest.Parse(data, draft, "")
	if err != nil || m.Legacy.DomainName != "www.shop.example" || m.Routes[0].Path != "/user/{id}" {
		t.Errorf("draft %v:\n%s", err, data)
	}
}

func TestRunFormats(t *testing.T) {
	dir := logs(t)
	for format, want := range map[string]string{"json": `"template": "/user/{id}"`, "csv": "rank,wave,route"} {
		code, stdout, stderr := runCmd(t, "--format", format, "--report", "", "--draft", "", "--lambda-duration", "p95", dir)
		if code != exitOK || !strings.Contains(stdout, want) {
			t.Errorf("%s: exit %d %s\n%s", format, code, stderr, stdout)
		}
	}
}

func TestRunExitCodes(t *testing.T) {
	empty := t.TempDir()
	os.WriteFile(filepath.Join(empty, "bad.gz"), []byte("\x1f\x8bbroken"), 0o644)
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{nil, exitUsage, "give at least one log folder"},
		{[]string{"--format", "xml", "x"}, exitUsage, "--format"},
		{[]string{"--lambda-duration", "soon", "x"}, exitUsage, "--lambda-duration"},
		{[]string{filepath.Join(empty, "missing")}, exitNothing, "no such file"},
		{[]string{"--report", "", "--draft", "", empty}, exitNothing, "bad.gz: not a readable gzip file"},
	} {
		code, _, stderr := runCmd(t, c.args...)
		if code != c.code || !strings.Contains(stderr, c.msg) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, code, stderr, c.code, c.msg)
		}
	}
}

func TestProgressLine(t *testing.T) {
	p := progressForTest(50, 200)
	got := progressLine(p, 10*time.Second, 10)
	if got != "[##--------]  25%  1/4 files, 0 MB read, 30s left" {
		t.Errorf("%q", got)
	}
}
