package callerauth

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// sessionEndpoint is the monolith's session endpoint on 127.0.0.1: "good"
// is a session of user 7, "slow" takes longer than the client waits,
// "broken" is a 500, "empty" a 200 without a subject; anything else 401.
// It refuses requests without the origin secret, as the monolith would.
func sessionEndpoint(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Origin-Verify") != "s3cret" {
			http.Error(w, "not through CloudFront", http.StatusForbidden)
			return
		}
		switch r.Header.Get("Authorization") {
		case "Bearer good":
			w.Write([]byte(`{"sub":"7","scope":"users:read"}`))
		case "Bearer slow":
			time.Sleep(200 * time.Millisecond)
			w.Write([]byte(`{"sub":"7"}`))
		case "Bearer broken":
			http.Error(w, "oops", http.StatusInternalServerError)
		case "Bearer empty":
			w.Write([]byte(`{}`))
		default:
			http.Error(w, "no session", http.StatusUnauthorized)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestDelegateVerifier(t *testing.T) {
	srv := sessionEndpoint(t)
	v, err := NewDelegateVerifier(DelegateConfig{URL: srv.URL + "/session", OriginHeader: "X-Origin-Verify", OriginSecret: "s3cret",
		Client: &http.Client{Timeout: 50 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	c, err := v.Verify(context.Background(), "Bearer good")
	if err != nil || c.Subject != "7" || len(c.Scopes) != 1 || c.Scopes[0] != "users:read" {
		t.Fatalf("good session: %+v, %v", c, err)
	}
	for cred, want := range map[string]error{
		"Bearer expired": ErrUnauthorized,
		"Bearer broken":  ErrUnavailable,
		"Bearer slow":    ErrUnavailable,
		"Bearer empty":   ErrUnavailable,
	} {
		c, err := v.Verify(context.Background(), cred)
		if !errors.Is(err, want) || c.Subject != "" {
			t.Errorf("%s: %+v, %v; want %v and no caller", cred, c, err, want)
		}
	}
}

// The session endpoint down: fail closed, as unavailable.
func TestDelegateVerifierEndpointDown(t *testing.T) {
	srv := sessionEndpoint(t)
	srv.Close()
	v, _ := NewDelegateVerifier(DelegateConfig{URL: srv.URL + "/session"})
	if c, err := v.Verify(context.Background(), "Bearer good"); !errors.Is(err, ErrUnavailable) || c.Subject != "" {
		t.Fatalf("endpoint down: %+v, %v; want ErrUnavailable", c, err)
	}
}

// TestDelegateSendsOnlySessionCookies: with session cookies named, the
// endpoint sees only them (the answer cannot depend on a cookie a
// per-token cache key leaves out), and no session cookie is a 401
// without a call.
func TestDelegateSendsOnlySessionCookies(t *testing.T) {
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, r.Header.Get("Cookie"))
		if c, err := r.Cookie("sid"); err == nil && c.Value == "good" {
			w.Write([]byte(`{"sub":"7"}`))
			return
		}
		http.Error(w, "no session", http.StatusUnauthorized)
	}))
	t.Cleanup(srv.Close)
	v, err := NewDelegateVerifier(DelegateConfig{URL: srv.URL, Header: "Cookie", Cookies: []string{"sid", "remember"}})
	if err != nil {
		t.Fatal(err)
	}
	c, err := v.Verify(context.Background(), "theme=dark; sid=good; _ga=GA1.2; remember=r1")
	if err != nil || c.Subject != "7" {
		t.Fatalf("good session: %+v, %v", c, err)
	}
	if len(seen) != 1 || seen[0] != "sid=good; remember=r1" {
		t.Errorf("endpoint saw Cookie %q, want only sid and remember", seen)
	}
	// A malformed pair beside the session does not hide it.
	if c, err := v.Verify(context.Background(), "bad pair; sid=good"); err != nil || c.Subject != "7" {
		t.Errorf("session beside a malformed pair: %+v, %v", c, err)
	}
	seen = nil
	if _, err := v.Verify(context.Background(), "theme=dark; _ga=GA1.2"); !errors.Is(err, ErrUnauthorized) || len(seen) != 0 {
		t.Errorf("no session cookie: %v, endpoint called %d times; want ErrUnauthorized without a call", err, len(seen))
	}
}
