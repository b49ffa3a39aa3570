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
