package parity

import (
	"net/http"
	"reflect"
	"testing"
)

func answer(status int, body string, h ...string) Answer {
	a := Answer{Status: status, Header: http.Header{}, Body: []byte(body), Origin: "http://primary"}
	for i := 0; i+1 < len(h); i += 2 {
		a.Header.Add(h[i], h[i+1])
	}
	return a
}

func TestCompareHeaders(t *testing.T) {
	a := answer(200, "", "Content-Type", "application/json", "Cache-Control", "max-age=60", "Access-Control-Allow-Origin", "*",
		"Location", "http://primary/next?a=1", "Content-Length", "10", "X-Extra", "1")
	b := answer(200, "", "content-type", "application/json; charset=utf-8", "Access-Control-Allow-Origin", "*",
		"LOCATION", "https://candidate.example/next?a=1", "Content-Length", "12", "Vary", "Accept")
	b.Origin = "https://candidate.example"
	got := NewComparer(nil).Compare(a, b)
	want := []Difference{
		{Kind: KindHeaderChanged, Where: "header:Content-Type", Primary: "application/json", Candidate: "application/json; charset=utf-8"},
		{Kind: KindHeaderMissing, Where: "header:Cache-Control", Primary: "max-age=60", Candidate: "(absent)"},
	}
	if d := c404(); d.Primary != `404 {"m":1}` || d.Candidate != `200 (empty)` {
		t.Errorf("status row shows each body's start: %+v", d)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("default headers (names in any case, Location relative to each side):\n got %+v\nwant %+v", got, want)
	}
	got = NewComparer([]string{"*"}).Compare(a, b)
	var where []string
	for _, d := range got {
		where = append(where, string(d.Kind)+" "+d.Where)
	}
	wantWhere := []string{"header-missing header:Cache-Control", "header-changed header:Content-Type", "header-added header:Vary", "header-missing header:X-Extra"}
	if !reflect.DeepEqual(where, wantWhere) {
		t.Errorf(`"*" (all but Content-Length and the connection's): %q`, where)
	}
}

func TestCompareStatusAndBodies(t *testing.T) {
	c := NewComparer([]string{})
	for _, tc := range []struct {
		name string
		a, b Answer
		want []Kind
	}{
		{"404 vs 200", answer(404, `{"m":1}`), answer(200, `{"m":1}`), []Kind{KindStatus}},
		{"same text", answer(200, "hello"), answer(200, "hello"), nil},
		{"text by bytes", answer(200, "hello"), answer(200, "hello "), []Kind{KindBodyBytes}},
		{"JSON against HTML", answer(502, "<html>bad gateway</html>", "Content-Type", "text/html"),
			answer(200, `{"a":1}`, "Content-Type", "application/json"), []Kind{KindStatus}}, // bodies not compared
		{"HTML against JSON, same status", answer(200, "<html>hi</html>", "Content-Type", "text/html"),
			answer(200, `{"a":1}`, "Content-Type", "application/json"), []Kind{KindBodyNotJSON}},
		{"JSON without a JSON type still compared as JSON", answer(200, `{"a":1}`, "Content-Type", "text/plain"),
			answer(200, `{"a": 1}`, "Content-Type", "text/plain"), []Kind{KindWhitespace}},
		{"problem+json", answer(200, `{"a":1}`, "Content-Type", "application/problem+json"), answer(200, `not json`), []Kind{KindBodyNotJSON}},
		{"HEAD: both empty", answer(200, ""), answer(200, ""), nil},
	} {
		var got []Kind
		for _, d := range c.Compare(tc.a, tc.b) {
			got = append(got, d.Kind)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestSnippetShortensOnRuneBoundary(t *testing.T) {
	long := make([]byte, 0, 400)
	for len(long) < 400 {
		long = append(long, "é"...)
	}
	s := snippet(long)
	if len(s) > snippetLen+40 || s[len(s)-len("(400 bytes)"):] != "(400 bytes)" {
		t.Errorf("%q", s)
	}
	if snippet([]byte{0xff, 0xfe}) != "(2 bytes, not UTF-8)" || snippet(nil) != "(empty)" {
		t.Error("binary or empty bodies")
	}
}

func c404() Difference {
	return NewComparer(nil).Compare(answer(404, `{"m":1}`), answer(200, ""))[0]
}
