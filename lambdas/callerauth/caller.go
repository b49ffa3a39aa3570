package callerauth

import (
	"context"
	"errors"
	"strings"
)

// Caller is who a verified credential belongs to.
type Caller struct {
	// Subject: the token's sub, or the session endpoint's.
	Subject string
	// Scopes granted (space-separated "scope" or a "scp" list).
	Scopes []string
}

// Verifier checks one credential.
type Verifier interface {
	// Verify returns the caller, or an error wrapping ErrUnauthorized (the
	// credential is not good) or ErrUnavailable (it could not be checked).
	Verify(ctx context.Context, credential string) (Caller, error)
}

// ErrUnauthorized: the credential is missing or not valid. Its text is the
// one API Gateway turns into a 401.
var ErrUnauthorized = errors.New("Unauthorized")

// ErrUnavailable: what checks credentials (JWKS, session endpoint) did not
// answer; nothing is let through.
var ErrUnavailable = errors.New("credential check unavailable")

// bearer removes an optional "Bearer " scheme.
func bearer(credential string) string {
	if len(credential) > 7 && strings.EqualFold(credential[:7], "bearer ") {
		return strings.TrimSpace(credential[7:])
	}
	return strings.TrimSpace(credential)
}
