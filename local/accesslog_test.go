package local

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/strangler-fig/strangler/planner"
	"github.com/strangler-fig/strangler/planner/cflog"
)

// A line reads back, field for field, with the planner's own parser; the
// path and query stay as the viewer sent them (";" and %3B byte for byte).
func TestAccessLineParses(t *testing.T) {
	end := time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)
	line := appendEntry(nil, AccessEntry{End: end, ClientIP: "127.0.0.1", Method: "POST", Path: "/echo/a%3Bb",
		Query: "idList=1;2;3&id=1&id=2", Status: 502, BytesOut: 321, TimeTaken: 1234 * time.Millisecond,
		Host: "localhost:8080", UserAgent: "Go-http-client/1.1 (x)"})
	if n := strings.Count(string(line), "\t"); n != 32 {
		t.Fatalf("%d tabs, want 32 (33 fields): %q", n, line)
	}
	cols, err := cflog.ParseFields(cflog.DefaultFields)
	if err != nil {
		t.Fatal(err)
	}
	p := cflog.Parser{Columns: cols}
	var r cflog.Record
	if err := p.Parse(line[:len(line)-1], &r); err != nil {
		t.Fatalf("%v: %q", err, line)
	}
	if r.Time != end.Unix() || string(r.Method) != "POST" || string(r.Path) != "/echo/a%3Bb" || string(r.Query) != "idList=1;2;3&id=1&id=2" ||
		r.Status != 502 || r.Bytes != 321 || r.TimeTakenMs != 1234 || string(r.Host) != "localhost:8080" {
		t.Errorf("read back %+v from %q", r, line)
	}
	if !strings.Contains(string(line), "\tGo-http-client/1.1%20(x)\t") {
		t.Errorf("user agent not encoded as CloudFront does: %q", line)
	}
}

// The local access log is what the planner reads: the right count per
// route, the manifest's templates first.
func TestAccessLogReadByPlanner(t *testing.T) {
	r := startTestManifest(t, Options{})
	for range 3 {
		r.do(t, "GET", "/echo/a?x=1;2")
	}
	for range 2 {
		r.do(t, "GET", "/echo/legacy")
	}
	r.do(t, "POST", "/faulty/malformed")
	for i := range 4 {
		r.do(t, "GET", "/orders/"+string(rune('1'+i)))
	}
	sources, err := cflog.LocalSources([]string{r.logFile})
	if err != nil {
		t.Fatal(err)
	}
	templates, err := planner.TemplatesOf(r.manifest)
	if err != nil {
		t.Fatal(err)
	}
	res, err := planner.Analyze(context.Background(), sources, planner.Options{Templates: templates})
	if err != nil {
		t.Fatal(err)
	}
	if res.Records != 10 || res.Malformed != 0 {
		t.Fatalf("planner read %d records, %d malformed; want 10 and 0 (problems: %v)", res.Records, res.Malformed, res.Problems)
	}
	got := map[string]int64{}
	var faulty5xx int64
	for _, rr := range res.Routes {
		got[rr.Template] = rr.Stats.Requests
		if rr.Template == "/faulty/{mode}" {
			faulty5xx = rr.Stats.Status[5]
		}
	}
	want := map[string]int64{"/echo/{proxy+}": 3, "/echo/legacy": 2, "/faulty/{mode}": 1}
	for tmpl, n := range want {
		if got[tmpl] != n {
			t.Errorf("route %s: %d requests, want %d (all: %v)", tmpl, got[tmpl], n, got)
		}
	}
	if faulty5xx != 1 {
		t.Errorf("/faulty/{mode}: %d 5xx, want the 502", faulty5xx)
	}
	var orders int64
	for tmpl, n := range got {
		if strings.HasPrefix(tmpl, "/orders") {
			orders += n
		}
	}
	if orders != 4 {
		t.Errorf("monolith paths /orders/*: %d requests, want 4 (all: %v)", orders, got)
	}
}
