package httpadapter

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"testing"
)

// The authorizer's answer reaches the handler as a Caller; the origin key
// does not reach it at all.
func TestCallerFromAuthorizedEvent(t *testing.T) {
	var got Caller
	var ok bool
	var header http.Header
	a := quietAdapter(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, ok = CallerFrom(r.Context())
		header = r.Header.Clone()
	}))
	if _, err := a.Invoke(lambdaCtx("l1"), readEvent(t, "rest-authorized-caller.json")); err != nil {
		t.Fatal(err)
	}
	want := Caller{Subject: "42", Scopes: []string{"users:read", "orders:read"},
		Values: map[string]string{"principalId": "42", "sub": "42", "scope": "users:read orders:read", "authMode": "jwt", "integrationLatency": "14"}}
	if !ok || !reflect.DeepEqual(got, want) {
		t.Errorf("CallerFrom = %+v, %v; want %+v", got, ok, want)
	}
	if !got.HasScope("orders:read") || got.HasScope("users:admin") {
		t.Errorf("HasScope wrong for %v", got.Scopes)
	}
	if v, present := header["X-Api-Key"]; present {
		t.Errorf("the handler saw the origin key %q", v)
	}
	if header.Get("X-Forwarded-Host") != "api.example.com" {
		t.Errorf("X-Forwarded-Host lost: %v", header)
	}
}

func TestCallerFromWithoutAuthorizer(t *testing.T) {
	var ok bool
	a := quietAdapter(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, ok = CallerFrom(r.Context()) }))
	if _, err := a.Invoke(lambdaCtx("l1"), readEvent(t, "rest-base64-body.json")); err != nil {
		t.Fatal(err)
	}
	if ok {
		t.Error("a route without an authorizer has a caller")
	}
	if _, ok := CallerFrom(context.Background()); ok {
		t.Error("a bare context has a caller")
	}
}

func TestCallerFromShapes(t *testing.T) {
	for raw, want := range map[string]*Caller{
		``:                                    nil,
		`null`:                                nil,
		`{"integrationLatency":0}`:            nil,
		`{"principalId":"u1"}`:                {Subject: "u1", Values: map[string]string{"principalId": "u1"}},
		`{"lambda":{"sub":"u2","scope":"a"}}`: {Subject: "u2", Scopes: []string{"a"}, Values: map[string]string{"sub": "u2", "scope": "a"}},
		`{"jwt":{"claims":{"sub":"u3","iss":"https://i/"},"scopes":["b"]}}`: {Subject: "u3", Scopes: []string{"b"}, Values: map[string]string{"sub": "u3", "iss": "https://i/"}},
	} {
		got, err := callerFrom(json.RawMessage(raw))
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("callerFrom(%s) = %+v, %v; want %+v", raw, got, err, want)
		}
	}
	if _, err := callerFrom(json.RawMessage(`[1]`)); err == nil {
		t.Error("an authorizer that is not an object was accepted")
	}
}

func TestWithCaller(t *testing.T) {
	ctx := WithCaller(context.Background(), Caller{Subject: "9"})
	if c, ok := CallerFrom(ctx); !ok || c.Subject != "9" {
		t.Errorf("WithCaller then CallerFrom = %+v, %v", c, ok)
	}
}

// Through CloudFront (the event carries the origin key API Gateway
// checked), r.Host is the public name CloudFront's function put in
// X-Forwarded-Host; without the key, a viewer's X-Forwarded-Host is not
// trusted and r.Host stays API Gateway's.
func TestPublicHostOnlyThroughCloudFront(t *testing.T) {
	var host string
	a := quietAdapter(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { host = r.Host }))
	raw := readEvent(t, "rest-authorized-caller.json")
	if _, err := a.Invoke(lambdaCtx("l1"), raw); err != nil {
		t.Fatal(err)
	}
	if host != "api.example.com" {
		t.Errorf("through CloudFront: r.Host = %q, want the public api.example.com", host)
	}
	var ev map[string]any
	if err := json.Unmarshal(raw, &ev); err != nil {
		t.Fatal(err)
	}
	delete(ev["headers"].(map[string]any), "x-api-key")
	delete(ev["multiValueHeaders"].(map[string]any), "x-api-key")
	around, _ := json.Marshal(ev)
	if _, err := a.Invoke(lambdaCtx("l2"), around); err != nil {
		t.Fatal(err)
	}
	if host != "abc123defg.execute-api.eu-west-1.amazonaws.com" {
		t.Errorf("without the origin key: r.Host = %q, want API Gateway's", host)
	}
}
