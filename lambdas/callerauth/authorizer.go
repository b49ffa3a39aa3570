package callerauth

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/aws/aws-lambda-go/events"
)

// Context keys the authorizer returns; API Gateway puts them in the
// function's event under requestContext.authorizer (httpadapter.CallerFrom).
const (
	ContextSubject = "sub"
	ContextScope   = "scope"
	ContextMode    = "authMode"
)

// Authorizer answers API Gateway REQUEST authorizer events.
type Authorizer struct {
	// Mode names the verifier in logs and the context ("jwt", "delegate").
	Mode     string
	Verifier Verifier
	// Header holding the credential. Default: Authorization.
	Header string
	Logger *slog.Logger
}

// Handle returns an Allow policy for a good credential, ErrUnauthorized
// (401) for a missing or bad one, ErrUnavailable when it could not be
// checked. The credential is never logged.
func (a *Authorizer) Handle(ctx context.Context, e events.APIGatewayCustomAuthorizerRequestTypeRequest) (events.APIGatewayCustomAuthorizerResponse, error) {
	log := a.Logger
	if log == nil {
		log = slog.Default()
	}
	header := a.Header
	if header == "" {
		header = "Authorization"
	}
	credential := headerValue(e, header)
	if credential == "" {
		log.InfoContext(ctx, "caller refused", "mode", a.Mode, "reason", "no "+header+" header", "requestId", e.RequestContext.RequestID)
		return events.APIGatewayCustomAuthorizerResponse{}, ErrUnauthorized
	}
	c, err := a.Verifier.Verify(ctx, credential)
	switch {
	case errors.Is(err, ErrUnauthorized):
		log.InfoContext(ctx, "caller refused", "mode", a.Mode, "reason", err.Error(), "requestId", e.RequestContext.RequestID)
		return events.APIGatewayCustomAuthorizerResponse{}, ErrUnauthorized
	case err != nil:
		log.ErrorContext(ctx, "credential check unavailable", "mode", a.Mode, "error", err.Error(), "requestId", e.RequestContext.RequestID)
		return events.APIGatewayCustomAuthorizerResponse{}, ErrUnavailable
	}
	return events.APIGatewayCustomAuthorizerResponse{
		PrincipalID: c.Subject,
		PolicyDocument: events.APIGatewayCustomAuthorizerPolicy{
			Version: "2012-10-17",
			Statement: []events.IAMPolicyStatement{{
				Action: []string{"execute-api:Invoke"}, Effect: "Allow", Resource: []string{stageWide(e.MethodArn)},
			}},
		},
		Context: map[string]any{ContextSubject: c.Subject, ContextScope: strings.Join(c.Scopes, " "), ContextMode: a.Mode},
	}, nil
}

// stageWide turns a method ARN (arn:aws:execute-api:REGION:ACCOUNT:API/STAGE/VERB/PATH)
// into every method of its stage: API Gateway caches the policy per
// credential and applies it to the next method the caller calls, so a
// policy naming one method would refuse the caller's other routes.
func stageWide(methodArn string) string {
	colon := strings.LastIndexByte(methodArn, ':')
	parts := strings.SplitN(methodArn[colon+1:], "/", 3)
	if colon < 0 || len(parts) < 2 {
		return methodArn
	}
	return methodArn[:colon+1] + parts[0] + "/" + parts[1] + "/*/*"
}

// headerValue reads a header whatever its case (API Gateway passes the
// caller's spelling).
func headerValue(e events.APIGatewayCustomAuthorizerRequestTypeRequest, name string) string {
	canon := http.CanonicalHeaderKey(name)
	for k, v := range e.Headers {
		if http.CanonicalHeaderKey(k) == canon {
			return v
		}
	}
	for k, vs := range e.MultiValueHeaders {
		if http.CanonicalHeaderKey(k) == canon && len(vs) > 0 {
			return vs[0]
		}
	}
	return ""
}
