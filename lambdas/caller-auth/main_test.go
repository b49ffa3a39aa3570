package main

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestNewAuthorizerReadsTheOriginSecretInDelegateMode(t *testing.T) {
	env := map[string]string{"AUTH_MODE": "delegate", "DELEGATE_URL": "https://legacy.example.com/session",
		"ORIGIN_HEADER": "X-Origin-Verify", "ORIGIN_SECRET_ARN": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:origin"}
	var asked string
	a, err := newAuthorizer(context.Background(), func(k string) string { return env[k] }, func(_ context.Context, arn string) (string, error) {
		asked = arn
		return "s3cret", nil
	})
	if err != nil || a.Mode != "delegate" || asked != env["ORIGIN_SECRET_ARN"] {
		t.Fatalf("newAuthorizer = %+v, %v (secret asked: %q)", a, err, asked)
	}
	_, err = newAuthorizer(context.Background(), func(k string) string { return env[k] }, func(context.Context, string) (string, error) {
		return "", errors.New("AccessDenied")
	})
	if err == nil || !strings.Contains(err.Error(), "origin secret") {
		t.Errorf("unreadable secret: %v", err)
	}
}

func TestNewAuthorizerRefusesAnEmptyEnvironment(t *testing.T) {
	if _, err := newAuthorizer(context.Background(), func(string) string { return "" }, nil); err == nil || !strings.Contains(err.Error(), "AUTH_MODE") {
		t.Errorf("empty environment: %v", err)
	}
}
