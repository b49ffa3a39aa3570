package httpadapter

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Caller is who the API's authorizer let in: what the handler may trust
// about the request's sender (never a header the caller could have set).
type Caller struct {
	// Subject: the authorizer's "sub" (a JWT's sub, the monolith's session
	// user), else its principalId.
	Subject string
	// Scopes: the authorizer's space-separated "scope" (HTTP API JWT
	// authorizers: its scopes and the token's "scope" claim).
	Scopes []string
	// Values: every other value the authorizer returned, as text.
	Values map[string]string
}

// HasScope reports whether the caller was granted scope.
func (c Caller) HasScope(scope string) bool { return slices.Contains(c.Scopes, scope) }

// CallerFrom returns the authenticated caller of the request carrying ctx,
// and false when the route has no authorizer (or ctx is not a request's).
func CallerFrom(ctx context.Context) (Caller, bool) {
	if info := infoFrom(ctx); info != nil && info.caller != nil {
		return *info.caller, true
	}
	return Caller{}, false
}

// WithCaller returns ctx carrying c, for tests and local servers that run a
// handler without API Gateway.
func WithCaller(ctx context.Context, c Caller) context.Context {
	info := &requestInfo{caller: &c}
	if prev := infoFrom(ctx); prev != nil {
		cp := *prev
		cp.caller = &c
		info = &cp
	}
	return withInfo(ctx, info)
}

// callerFrom decodes requestContext.authorizer: REST API
// {"principalId": ..., "sub": ..., "integrationLatency": 3, ...}, HTTP API
// {"lambda": {...}} or {"jwt": {"claims": {...}, "scopes": [...]}}. Absent
// or null: no caller.
func callerFrom(raw json.RawMessage) (*Caller, error) {
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return nil, nil
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, badEvent("requestContext.authorizer: %v", err)
	}
	var scopes []string
	if l, ok := m["lambda"].(map[string]any); ok {
		m = l
	} else if j, ok := m["jwt"].(map[string]any); ok {
		claims, _ := j["claims"].(map[string]any)
		m = claims
		if list, ok := j["scopes"].([]any); ok {
			for _, s := range list {
				scopes = append(scopes, fmt.Sprint(s))
			}
		}
	}
	c := &Caller{Values: map[string]string{}}
	for k, v := range m {
		switch v.(type) {
		case string, float64, bool, json.Number:
			c.Values[k] = fmt.Sprint(v)
		}
	}
	c.Subject = c.Values["sub"]
	if c.Subject == "" {
		c.Subject = c.Values["principalId"]
	}
	c.Scopes = append(scopes, strings.Fields(c.Values["scope"])...)
	if c.Subject == "" && len(c.Scopes) == 0 {
		return nil, nil // an authorizer object without a caller (e.g. only integrationLatency)
	}
	return c, nil
}
