package httpadapter

import (
	"encoding/json"
	"errors"
	"fmt"
)

// event is the union of the fields the adapter reads from a REST API
// (payload 1.0) and an HTTP API (payload 2.0) event. Fields the adapter does
// not need are not declared, so the decoder skips them without allocating;
// single-value headers and query parameters are kept raw and decoded only when
// the multi-value forms are absent.
type event struct {
	Version string `json:"version"`

	// Payload 1.0.
	HTTPMethod        string              `json:"httpMethod"`
	Path              string              `json:"path"`
	MultiValueHeaders map[string][]string `json:"multiValueHeaders"`
	MultiValueQuery   map[string][]string `json:"multiValueQueryStringParameters"`

	// Both.
	Headers         json.RawMessage   `json:"headers"`
	Query           json.RawMessage   `json:"queryStringParameters"`
	PathParameters  map[string]string `json:"pathParameters"`
	Body            string            `json:"body"`
	IsBase64Encoded bool              `json:"isBase64Encoded"`
	RequestContext  eventContext      `json:"requestContext"`

	// Payload 2.0.
	RawPath        string   `json:"rawPath"`
	RawQueryString string   `json:"rawQueryString"`
	Cookies        []string `json:"cookies"`

	// body is the decoded body (Body's bytes, or what scanEvent found; it may
	// alias the payload or a pooled buffer).
	body []byte
	// canonicalHeaders: MultiValueHeaders already has canonical keys and
	// belongs to this event (scanEvent builds it as an http.Header).
	canonicalHeaders bool
	// bufs are pooled buffers to return once the request is done.
	bufs [2]*[]byte
}

// keepBuf records a pooled buffer to return in release.
func (e *event) keepBuf(b *[]byte) {
	for i, x := range e.bufs {
		if x == nil {
			e.bufs[i] = b
			return
		}
	}
	panic("httpadapter: too many event buffers")
}

// release returns the event's pooled buffers; the request built from it
// must no longer be used.
func (e *event) release() {
	for i, b := range e.bufs {
		if b != nil {
			putBuf(b)
			e.bufs[i] = nil
		}
	}
}

type eventContext struct {
	RequestID  string `json:"requestId"`
	Stage      string `json:"stage"`
	Path       string `json:"path"`
	DomainName string `json:"domainName"`
	Protocol   string `json:"protocol"`
	Identity   struct {
		SourceIP string `json:"sourceIp"`
	} `json:"identity"`
	// Authorizer is what the API's authorizer returned (REST: principalId
	// and its context; HTTP API: "lambda" or "jwt"), decoded by callerFrom.
	Authorizer json.RawMessage `json:"authorizer"`
	HTTP       struct {
		Method   string `json:"method"`
		Path     string `json:"path"`
		Protocol string `json:"protocol"`
		SourceIP string `json:"sourceIp"`
	} `json:"http"`
}

// errBadEvent marks an event the adapter cannot turn into a request; Invoke
// answers it with a 400.
var errBadEvent = errors.New("malformed API Gateway event")

func badEvent(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errBadEvent, fmt.Sprintf(format, args...))
}

// isV2 reports whether the event uses HTTP API payload format 2.0.
func (e *event) isV2() bool { return e.Version == "2.0" }

// isREST reports whether the event comes from a REST API: HTTP API events
// always carry "version" ("1.0" or "2.0"), REST events never do.
func (e *event) isREST() bool { return e.Version == "" }

func (e *event) method() string {
	if e.isV2() {
		return e.RequestContext.HTTP.Method
	}
	return e.HTTPMethod
}

func (e *event) rawPath() string {
	if e.isV2() {
		if e.RawPath != "" {
			return e.RawPath
		}
		return e.RequestContext.HTTP.Path
	}
	return e.Path
}

func (e *event) sourceIP() string {
	if e.isV2() {
		return e.RequestContext.HTTP.SourceIP
	}
	return e.RequestContext.Identity.SourceIP
}

func (e *event) protocol() string {
	if e.isV2() {
		return e.RequestContext.HTTP.Protocol
	}
	return e.RequestContext.Protocol
}

// decodeEvent parses payload. Errors wrap errBadEvent.
// The fast path is scanEvent; whatever it does not handle exactly like
// encoding/json is decoded by encoding/json.
func decodeEvent(payload []byte, e *event) error {
	if !scanEvent(payload, e) {
		e.release()
		*e = event{}
		if err := json.Unmarshal(payload, e); err != nil {
			return badEvent("%v", err)
		}
		if e.Body != "" {
			e.body = []byte(e.Body)
		}
	}
	if e.method() == "" {
		if e.isV2() {
			return badEvent("requestContext.http.method is missing")
		}
		return badEvent("httpMethod is missing")
	}
	if e.rawPath() == "" {
		if e.isV2() {
			return badEvent("rawPath is missing")
		}
		return badEvent("path is missing")
	}
	return nil
}

// stringMap decodes a raw JSON object of strings ("headers",
// "queryStringParameters"); null or absent gives nil.
func stringMap(raw json.RawMessage, field string) (map[string]string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var m map[string]string
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, badEvent("%s: %v", field, err)
	}
	return m, nil
}
