package parity

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/strangler-fig/strangler/planner/cflog"
)

func sampleReport() *Report {
	return &Report{
		Primary: "https://legacy-api.example.com", Candidate: "http://127.0.0.1:9", Started: time.Date(2025, 3, 3, 10, 0, 0, 0, time.UTC),
		Elapsed: 1500 * time.Millisecond, Logs: LogStats{Files: 1, Lines: 10, Selected: 4},
		Routes: []RouteReport{{
			Route: "/products/{id}", Replayed: 4, Compared: 3, Equal: 1, Errors: 1, Parity: 100.0 / 3,
			Kinds: []KindCount{
				{Kind: KindFieldRenamed, Where: "/name", To: "/title", Requests: 2, Example: Example{Method: "GET", Path: "/products/1", Query: "a=1;2",
					Source: "f.gz:3", Primary: `"W"`, Candidate: `"W"`, PrimaryStatus: 200, CandidateStatus: 200}},
				{Kind: KindWhitespace, Where: "body", Cosmetic: true, Requests: 1, Example: Example{Method: "GET", Path: "/products/2", Primary: "{\"a\":1}", Candidate: "{ \"a\": 1 }"}},
			},
			Noise:      []NoiseCount{{Where: "/requestId", Requests: 3}},
			FirstError: &ErrorExample{Method: "GET", Target: "/products/9", Source: "f.gz:9", Error: "candidate: connection refused"},
		}, {Route: "/products", Parity: 100}},
		Problems: []cflog.Problem{{File: "f.gz", Line: 5, Reason: "too few tab-separated fields"}}, ProblemCount: 1,
		Replayed: 4, Compared: 3, Equal: 1, Errors: 1, Parity: 100.0 / 3,
	}
}

func TestWriteTable(t *testing.T) {
	var b bytes.Buffer
	if err := WriteTable(&b, sampleReport()); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"/products/{id}  4         3         1      33.3%   1",
		"/products       0         0         0      -       0",
		"field-renamed     /name -> /title",
		"e.g. GET /products/1?a=1;2  (f.gz:3)",
		`candidate 0: "{ \"a\": 1 }"`, // whitespace shown quoted
		"(cosmetic, not counted)",
		"noise dropped (primary differed from itself): /requestId (3)",
		"1 request(s) not compared; first: GET /products/9 (f.gz:9): candidate: connection refused",
		"f.gz:5: too few tab-separated fields",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}

func TestWriteJSONAndHTML(t *testing.T) {
	var b bytes.Buffer
	if err := WriteJSON(&b, sampleReport()); err != nil {
		t.Fatal(err)
	}
	var back Report
	if err := json.Unmarshal(b.Bytes(), &back); err != nil || back.Routes[0].Kinds[0].To != "/title" || back.Routes[0].Kinds[0].Example.Query != "a=1;2" {
		t.Errorf("JSON round trip: %v\n%s", err, b.String())
	}
	b.Reset()
	if err := WriteHTML(&b, sampleReport(), 99.5); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	for _, want := range []string{
		`<td class="bad">33.3%</td>`, "<code>GET /products/1?a=1;2</code>", "field-renamed", "→ <code>/title</code>",
		"Gate: every route at least 99.5%", `href="#route0"`, `<h2 id="route0">`, "<code>/requestId</code> (3)", "f.gz:5</code> too few", "connection refused",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	if strings.Contains(html, "<script") {
		t.Error("the report must need no script")
	}
}

func TestBelow(t *testing.T) {
	r := sampleReport()
	if got := r.Below(30); len(got) != 0 {
		t.Errorf("below 30: %v", got)
	}
	if got := r.Below(99.9); len(got) != 1 || got[0].Route != "/products/{id}" {
		t.Errorf("below 99.9: %v (a route with nothing compared is not judged)", got)
	}
	if percent(99.96, 1) != "99.9%" {
		t.Error("percent must round down")
	}
}
