package callerauth

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
)

func requestEvent(t *testing.T, authorization string) events.APIGatewayCustomAuthorizerRequestTypeRequest {
	t.Helper()
	raw, err := os.ReadFile("testdata/request-authorizer.json")
	if err != nil {
		t.Fatal(err)
	}
	var e events.APIGatewayCustomAuthorizerRequestTypeRequest
	if err := json.Unmarshal(raw, &e); err != nil {
		t.Fatal(err)
	}
	if authorization == "" {
		delete(e.Headers, "authorization")
		delete(e.MultiValueHeaders, "authorization")
	} else {
		e.Headers["authorization"] = authorization
		e.MultiValueHeaders["authorization"] = []string{authorization}
	}
	return e
}

func TestAuthorizerAllowsTheWholeStageForAGoodToken(t *testing.T) {
	k1 := newTestKey(t, "k1")
	srv := newJWKSServer(t, k1)
	var logs bytes.Buffer
	a := &Authorizer{Mode: "jwt", Verifier: newVerifier(t, srv.URL, &clock{t: epoch}), Logger: slog.New(slog.NewJSONHandler(&logs, nil))}
	token := k1.sign(t, goodClaims(), map[string]any{"scope": "users:read"})
	resp, err := a.Handle(context.Background(), requestEvent(t, "Bearer "+token))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal(resp)
	want := `{"principalId":"42","policyDocument":{"Version":"2012-10-17","Statement":[{"Action":["execute-api:Invoke"],"Effect":"Allow","Resource":["arn:aws:execute-api:eu-west-1:123456789012:abcdef1234/prod/*/*"]}]},"context":{"authMode":"jwt","scope":"users:read","sub":"42"}}`
	if string(got) != want {
		t.Errorf("response\n got %s\nwant %s", got, want)
	}
	// A refused and an allowed request: neither logs the credential.
	a.Handle(context.Background(), requestEvent(t, "Bearer "+token+"x"))
	if strings.Contains(logs.String(), token[:20]) {
		t.Errorf("the token reached the logs: %s", logs.String())
	}
}

func TestAuthorizerFailsClosed(t *testing.T) {
	endpoint := sessionEndpoint(t)
	delegate, _ := NewDelegateVerifier(DelegateConfig{URL: endpoint.URL + "/session", OriginHeader: "X-Origin-Verify", OriginSecret: "s3cret",
		Client: &http.Client{Timeout: 50 * time.Millisecond}})
	a := &Authorizer{Mode: "delegate", Verifier: delegate, Logger: slog.New(slog.DiscardHandler)}
	for _, tc := range []struct {
		auth string
		want error
	}{
		{"", ErrUnauthorized},
		{"Bearer nobody", ErrUnauthorized},
		{"Bearer broken", ErrUnavailable},
	} {
		resp, err := a.Handle(context.Background(), requestEvent(t, tc.auth))
		if !errors.Is(err, tc.want) || resp.PrincipalID != "" || len(resp.PolicyDocument.Statement) != 0 {
			t.Errorf("Authorization %q: %+v, %v; want %v and no policy", tc.auth, resp, err, tc.want)
		}
	}
	// API Gateway answers 401 only for this exact error text.
	if ErrUnauthorized.Error() != "Unauthorized" {
		t.Errorf("ErrUnauthorized says %q", ErrUnauthorized)
	}
	endpoint.Close()
	if _, err := a.Handle(context.Background(), requestEvent(t, "Bearer good")); !errors.Is(err, ErrUnavailable) {
		t.Errorf("session endpoint down: %v, want ErrUnavailable", err)
	}
}

func TestStageWide(t *testing.T) {
	for in, want := range map[string]string{
		"arn:aws:execute-api:eu-west-1:123456789012:abc/prod/GET/user/42": "arn:aws:execute-api:eu-west-1:123456789012:abc/prod/*/*",
		"arn:aws:execute-api:eu-west-1:123456789012:abc/prod/GET/":        "arn:aws:execute-api:eu-west-1:123456789012:abc/prod/*/*",
	} {
		if got := stageWide(in); got != want {
			t.Errorf("stageWide(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestConfigFromEnv(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	c, err := ConfigFromEnv(env(map[string]string{EnvMode: "jwt", EnvIssuer: "https://i/", EnvAudiences: "a, b", EnvJWKSURL: "https://i/jwks", EnvClockSkewSeconds: "60"}))
	if err != nil || len(c.JWT.Audiences) != 2 || c.JWT.ClockSkew != time.Minute || c.Header != "Authorization" {
		t.Fatalf("jwt config: %+v, %v", c, err)
	}
	_, err = ConfigFromEnv(env(map[string]string{EnvMode: "jwt", EnvIssuer: "https://i/"}))
	if err == nil || !strings.Contains(err.Error(), EnvAudiences) || !strings.Contains(err.Error(), EnvJWKSURL) {
		t.Errorf("missing variables not named: %v", err)
	}
	_, err = ConfigFromEnv(env(map[string]string{EnvMode: "delegate", EnvDelegateURL: "https://m/session", EnvOriginHeader: "X-Origin-Verify"}))
	if err == nil || !strings.Contains(err.Error(), EnvOriginSecretARN) {
		t.Errorf("origin header without its secret accepted: %v", err)
	}
	c, err = ConfigFromEnv(env(map[string]string{EnvMode: "delegate", EnvDelegateURL: "https://m/session", EnvHeader: "Cookie", EnvSessionCookies: "sid, remember"}))
	if err != nil || c.Delegate.Header != "Cookie" || strings.Join(c.Delegate.Cookies, "|") != "sid|remember" {
		t.Errorf("session cookies: %+v, %v", c.Delegate, err)
	}
	if _, err = ConfigFromEnv(env(map[string]string{})); err == nil || !strings.Contains(err.Error(), EnvMode) {
		t.Errorf("no mode accepted: %v", err)
	}
}
