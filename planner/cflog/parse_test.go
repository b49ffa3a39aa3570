package cflog

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"
)

// The example log file of the CloudFront "Standard logging reference"
// (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logs-reference.html).
func TestAWSDocumentationExample(t *testing.T) {
	data, err := os.ReadFile("testdata/aws-doc-example.log")
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		time   string
		path   string
		host   string
		status int
		bytes  int64
		ms     int64
	}
	wants := []want{
		{"2019-12-04T21:02:31Z", "/index.html", "d111111abcdef8.cloudfront.net", 200, 392, 1},
		{"2019-12-04T21:02:31Z", "/index.html", "d111111abcdef8.cloudfront.net", 200, 392, 0},
		{"2019-12-04T21:02:31Z", "/index.html", "d111111abcdef8.cloudfront.net", 200, 392, 1},
		{"2019-12-13T22:36:27Z", "/favicon.ico", "www.example.com", 502, 900, 102},
		{"2019-12-13T22:36:26Z", "/", "www.example.com", 502, 900, 107},
		{"2019-12-13T22:37:02Z", "/", "www.example.com", 502, 900, 103},
	}
	var got []want
	ch := &Chunk{File: "example.log", FirstLine: 1, Data: data}
	n, bad := NewChunkParser().Parse(ch, func(r *Record) {
		if string(r.Method) != "GET" {
			t.Errorf("method %q", r.Method)
		}
		got = append(got, want{time.Unix(r.Time, 0).UTC().Format(time.RFC3339), string(r.Path), string(r.Host), r.Status, r.Bytes, r.TimeTakenMs})
	}, func(p Problem) { t.Errorf("problem: %v", p) })
	if n != 6 || bad != 0 {
		t.Fatalf("records %d malformed %d, want 6 and 0", n, bad)
	}
	for i := range wants {
		if got[i] != wants[i] {
			t.Errorf("line %d: got %+v, want %+v", i+3, got[i], wants[i])
		}
	}
}

func TestColumnsFoundByName(t *testing.T) {
	// A reordered, shorter field list (as a distribution that logs fewer
	// fields might have): columns come from the header, not positions.
	data := "#Fields: time-taken cs-uri-stem x-host-header time date sc-status cs-method\n" +
		"0.250\t/user/7\tapi.example.com\t10:00:01\t2024-02-29\t404\tPOST\n"
	var recs []Record
	NewChunkParser().Parse(&Chunk{File: "f", FirstLine: 1, Data: []byte(data)}, func(r *Record) { recs = append(recs, *r) }, func(p Problem) { t.Error(p) })
	if len(recs) != 1 {
		t.Fatalf("got %d records", len(recs))
	}
	r := recs[0]
	want := time.Date(2024, 2, 29, 10, 0, 1, 0, time.UTC).Unix()
	if r.Time != want || r.TimeTakenMs != 250 || r.Status != 404 || r.Bytes != 0 {
		t.Errorf("got time %d ms %d status %d bytes %d", r.Time, r.TimeTakenMs, r.Status, r.Bytes)
	}
}

func TestMalformedLinesNamed(t *testing.T) {
	good := "2024-01-02\t03:04:05\tX\t10\t1.2.3.4\tGET\td.net\t/a\t200\t-\t-\t-\t-\tMiss\tid\th\thttps\t1\t0.010\t-\t-\t-\tMiss\tHTTP/1.1\t-\t-\t1\t0.010\tMiss\tt\t1\t-\t-"
	lines := []string{
		"#Version: 1.0",
		"#Fields: " + DefaultFields,
		good,
		"garbage",
		strings.Replace(good, "2024-01-02", "2024-13-02", 1),
		strings.Replace(good, "03:04:05", "3:04:05", 1),
		strings.Replace(good, "\t200\t", "\tOK\t", 1),
		strings.Replace(good, "0.010", "fast", 1),
		strings.Replace(good, "\t/a\t", "\ta\t", 1),
		"",
		good,
	}
	var probs []Problem
	n, bad := NewChunkParser().Parse(&Chunk{File: "logs/E1.gz", FirstLine: 1, Data: []byte(strings.Join(lines, "\n"))}, func(*Record) {}, func(p Problem) { probs = append(probs, p) })
	if n != 2 || bad != 6 {
		t.Fatalf("records %d malformed %d, want 2 and 6", n, bad)
	}
	wantLines := []int64{4, 5, 6, 7, 8, 9}
	for i, p := range probs {
		if p.Line != wantLines[i] || p.File != "logs/E1.gz" || p.Reason == "" {
			t.Errorf("problem %d = %+v, want line %d", i, p, wantLines[i])
		}
	}
	if s := probs[0].String(); s != "logs/E1.gz:4: too few tab-separated fields for the #Fields header" {
		t.Errorf("String() = %q", s)
	}
}

func TestSecondsToMs(t *testing.T) {
	for in, want := range map[string]int64{"0.001": 1, "0.000": 0, "1.5": 1500, "12": 12000, "0.1234": 123, "0.1235": 124, ".5": 500, "30.000": 30000} {
		if got, ok := secondsToMs([]byte(in)); !ok || got != want {
			t.Errorf("%q: got %d %v, want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"", ".", "1.2.3", "-1", "1e3", "abc"} {
		if _, ok := secondsToMs([]byte(in)); ok {
			t.Errorf("%q accepted", in)
		}
	}
}

func TestDaysFromCivil(t *testing.T) {
	for _, d := range []time.Time{time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2000, 2, 29, 0, 0, 0, 0, time.UTC), time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC), time.Date(2100, 3, 1, 0, 0, 0, 0, time.UTC)} {
		if got := daysFromCivil(int64(d.Year()), int64(d.Month()), int64(d.Day())); got*86400 != d.Unix() {
			t.Errorf("%s: %d days", d, got)
		}
	}
}

func FuzzParseLine(f *testing.F) {
	data, _ := os.ReadFile("testdata/aws-doc-example.log")
	for _, l := range bytes.Split(data, []byte("\n")) {
		f.Add(l)
	}
	f.Add([]byte("2019-12-04\t21:02:31\t\t\t\t\t\t/x"))
	f.Add([]byte("2019-02-30\t25:61:61"))
	cols, _ := ParseFields(DefaultFields)
	f.Fuzz(func(t *testing.T, line []byte) {
		p := Parser{Columns: cols}
		var r Record
		if err := p.Parse(line, &r); err != nil {
			if _, ok := err.(*ParseError); !ok {
				t.Fatalf("error %T is not a *ParseError", err)
			}
			return
		}
		// A valid record has a path starting with / inside the line, a
		// time from a valid date, and a non-negative size.
		if len(r.Path) == 0 || r.Path[0] != '/' || !bytes.Contains(line, r.Path) {
			t.Fatalf("path %q", r.Path)
		}
		if tm := time.Unix(r.Time, 0).UTC(); tm.Year() > 9999 || r.Bytes < 0 || r.TimeTakenMs < -1 {
			t.Fatalf("record %+v", r)
		}
		// Parsing is deterministic (no state leaks from the date cache).
		var r2 Record
		p2 := Parser{Columns: cols}
		if err := p2.Parse(line, &r2); err != nil || r2.Time != r.Time {
			t.Fatalf("second parse differs: %v %d %d", err, r2.Time, r.Time)
		}
	})
}

func BenchmarkParseChunk(b *testing.B) {
	data, _ := os.ReadFile("testdata/aws-doc-example.log")
	body := bytes.SplitAfterN(data, []byte("\n"), 3)[2]
	buf := bytes.Repeat(body, (1<<20)/len(body))
	cp := NewChunkParser()
	b.SetBytes(int64(len(buf)))
	b.ReportAllocs()
	for b.Loop() {
		cp.Parse(&Chunk{File: "bench", FirstLine: 1, Data: buf}, func(*Record) {}, func(Problem) {})
	}
}

var _ = context.Background

// The query column is kept as logged ("-" is none), so a replay can send
// it unchanged: ';', repeated keys and CloudFront's %25 escapes intact.
func TestQueryKeptAsLogged(t *testing.T) {
	data := "#Fields: date time cs-method cs-uri-stem cs-uri-query\n" +
		"2024-02-29\t10:00:01\tGET\t/products\tid=1;2&id=3&q=a%2520b\n" +
		"2024-02-29\t10:00:02\tGET\t/products\t-\n"
	var got []string
	NewChunkParser().Parse(&Chunk{File: "f", FirstLine: 1, Data: []byte(data)}, func(r *Record) {
		if r.Line != int64(len(got)+2) {
			t.Errorf("record %d: line %d, want %d", len(got), r.Line, len(got)+2)
		}
		if r.Query == nil {
			got = append(got, "<nil>")
		} else {
			got = append(got, string(r.Query))
		}
	}, func(p Problem) { t.Error(p) })
	if len(got) != 2 || got[0] != "id=1;2&id=3&q=a%2520b" || got[1] != "<nil>" {
		t.Errorf("queries %q", got)
	}
}
