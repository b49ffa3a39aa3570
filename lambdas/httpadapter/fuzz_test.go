package httpadapter

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzInvoke: any payload gives a response event (never a panic or an
// error), and that event is valid JSON with a status code.
func FuzzInvoke(f *testing.F) {
	// Seeds: three of the real-shaped events (all of testdata makes the
	// coverage-guided engine crawl on 2 cores) plus edge cases.
	for _, name := range []string{"rest-path-with-stage.json", "rest-base64-body.json", "v2-stage-semicolon.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"httpMethod":"GET","path":"/x","body":"%%%","isBase64Encoded":true}`))
	f.Add([]byte(`{"version":"2.0","rawPath":"/p","rawQueryString":"a=%zz;b","requestContext":{"http":{"method":"GET"}}}`))
	f.Add([]byte(`{"httpMethod":"GET","path":"/%zz","pathParameters":{"":"x"}}`))
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.URL.Query()
		_ = r.URL.String()
		_, _ = r.Cookie("session")
		w.Header().Set("X-Path", r.URL.Path)
		w.Write([]byte(r.URL.RawQuery))
	})
	a := quietAdapter(h)
	f.Fuzz(func(t *testing.T, payload []byte) {
		out, err := a.Invoke(context.Background(), payload)
		if err != nil {
			t.Fatalf("Invoke error: %v", err)
		}
		var resp struct {
			StatusCode *int `json:"statusCode"`
		}
		if err := json.Unmarshal(out, &resp); err != nil || resp.StatusCode == nil {
			t.Fatalf("invalid response event %q: %v", out, err)
		}
	})
}

// FuzzRESTQueryRoundTrip: decoded values in multiValueQueryStringParameters
// come back unchanged from r.URL.Query(), whatever bytes they hold.
func FuzzRESTQueryRoundTrip(f *testing.F) {
	f.Add("idList", "1;2;3", "id", "1", "2")
	f.Add("q", "a&b=c", "k y", "100%", "1+1")
	f.Add("", "", "x", "%zz", "é☃\u2028")
	f.Fuzz(func(t *testing.T, k1, v1, k2, v2, v3 string) {
		for _, s := range []string{k1, v1, k2, v2, v3} {
			if !utf8.ValidString(s) {
				t.Skip("JSON cannot carry invalid UTF-8; API Gateway never sends it")
			}
		}
		want := url.Values{}
		want[k1] = append(want[k1], v1)
		want[k2] = append(want[k2], v2, v3)
		mv, err := json.Marshal(want)
		if err != nil {
			t.Fatal(err)
		}
		ev := `{"httpMethod":"GET","path":"/q","multiValueQueryStringParameters":` + string(mv) + `}`
		var got seen
		if _, err := quietAdapter(capture(&got)).Invoke(context.Background(), []byte(ev)); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.Query, want) {
			t.Fatalf("Query() = %#v, want %#v (RawQuery %q)", got.Query, want, got.RawQuery)
		}
	})
}

// FuzzV2QueryRoundTrip: a client's query string, percent-encoded except for
// raw ';' which clients often leave as is, survives rawQueryString.
func FuzzV2QueryRoundTrip(f *testing.F) {
	f.Add("fields", "name;price", "a;b&c")
	f.Add("id", "1", "2")
	f.Add("k;x", "", "%3B")
	f.Fuzz(func(t *testing.T, k, v1, v2 string) {
		enc := func(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "%3B", ";") }
		raw := enc(k) + "=" + enc(v1) + "&" + enc(k) + "=" + enc(v2)
		rawJSON, err := json.Marshal(raw)
		if err != nil {
			t.Fatal(err)
		}
		ev := `{"version":"2.0","rawPath":"/q","rawQueryString":` + string(rawJSON) +
			`,"requestContext":{"http":{"method":"GET"}}}`
		var got seen
		if _, err := quietAdapter(capture(&got)).Invoke(context.Background(), []byte(ev)); err != nil {
			t.Fatal(err)
		}
		want := url.Values{k: {v1, v2}}
		if !reflect.DeepEqual(got.Query, want) {
			t.Fatalf("Query() = %#v, want %#v (RawQuery %q)", got.Query, want, got.RawQuery)
		}
	})
}
