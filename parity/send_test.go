package parity

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

func TestSendIsByteExactWithExtraHeaders(t *testing.T) {
	type seen struct{ uri, host, auth, ua string }
	var got []seen
	srv := server(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, seen{r.RequestURI, r.Host, r.Header.Get("Authorization"), r.Header.Get("User-Agent")})
		w.Header().Set("Location", "/elsewhere")
		w.WriteHeader(http.StatusFound) // not followed: the Location is compared
		w.Write([]byte(strings.Repeat("x", 100)))
	}))
	tg, err := prepare(Target{Name: "candidate", BaseURL: srv.URL + "/prod/", Header: http.Header{
		"Authorization": {"Bearer test-user"}, "host": {"api.example.com"}}})
	if err != nil {
		t.Fatal(err)
	}
	s := &Sender{MaxBody: 10}
	for _, r := range []Request{
		{Method: "GET", Path: "/products/a%2Fb", Query: "fields=name;price&id=2&id=1&x=%20+y"},
		{Method: "HEAD", Path: "/products/1"},
		{Method: "GET", Path: "//double", Query: "a"},
	} {
		a, err := s.send(context.Background(), tg, r)
		if err != nil {
			t.Fatal(err)
		}
		if a.Status != http.StatusFound || a.Header.Get("Location") != "/elsewhere" {
			t.Errorf("%s: status %d location %q", r.Path, a.Status, a.Header.Get("Location"))
		}
		if r.Method == "GET" && (!a.Truncated || len(a.Body) != 10) {
			t.Errorf("body of %d bytes, truncated %v; want 10, true", len(a.Body), a.Truncated)
		}
	}
	want := []seen{
		{"/prod/products/a%2Fb?fields=name;price&id=2&id=1&x=%20+y", "api.example.com", "Bearer test-user", "strangler-parity"},
		{"/prod/products/1", "api.example.com", "Bearer test-user", "strangler-parity"},
		{"/prod//double?a", "api.example.com", "Bearer test-user", "strangler-parity"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("request %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestPrepareRefusesBadURLs(t *testing.T) {
	for _, u := range []string{"", "legacy.example.com", "ftp://x", "http://x/?a=1", "http:///path"} {
		if _, err := prepare(Target{Name: "primary", BaseURL: u}); err == nil || !strings.Contains(err.Error(), "primary URL") {
			t.Errorf("%q: %v", u, err)
		}
	}
}
