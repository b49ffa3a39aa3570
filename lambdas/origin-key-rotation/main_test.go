package main

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/strangler-fig/strangler/lambdas/originrotation"
)

// A bad environment stops the cold start with the variables named.
func TestNewRotatorNamesMissingVariables(t *testing.T) {
	_, err := newRotator(context.Background(), func(string) string { return "" })
	if err == nil || !strings.Contains(err.Error(), originrotation.EnvStackName) {
		t.Errorf("err = %v", err)
	}
}

// The handler fails the invocation when the rotation does not start, so
// the function's Errors metric shows it.
func TestHandlerFailsWhenTheRotationDoesNot(t *testing.T) {
	r := &originrotation.Rotator{CFN: refusing{}, StackName: "ApiMigration", Parameter: "OriginKeyRotation"}
	if err := handler(r, slog.New(slog.NewTextHandler(io.Discard, nil)))(context.Background()); err == nil {
		t.Error("handler returned nil for a failed rotation")
	}
}
