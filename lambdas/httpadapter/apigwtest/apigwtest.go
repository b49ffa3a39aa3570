// Package apigwtest serves an [httpadapter.Adapter] over HTTP the way the
// stack reaches it in production: CloudFront's query-string function sends
// a raw ';' as "%3B", then an API Gateway REST API with a Lambda proxy
// integration turns the request into a payload 1.0 event, and its
// response event back into an HTTP answer. Tests use it to stand a real
// handler behind a loopback URL (the parity check's candidate).
//
// The event follows what API Gateway documents and what the adapter's
// captured events show: "path" percent-encoded without the stage,
// requestContext.path with it, names and values of the query decoded
// ('+' as a space), every value of a repeated key in order in
// multiValueQueryStringParameters and the last in queryStringParameters,
// path parameters from the resource template.
package apigwtest

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/aws/aws-lambda-go/events"

	"github.com/strangler-fig/strangler/lambdas/httpadapter"
	"github.com/strangler-fig/strangler/routing"
)

// API is an HTTP front for one adapter.
type API struct {
	adapter   *httpadapter.Adapter
	stage     string
	resources []resource
}

type resource struct {
	template string
	tmpl     routing.Template
}

// New returns an API with the given stage name serving the resource
// templates ("/products/{id}"); a path none of them matches is answered as
// API Gateway does, 403 {"message":"Missing Authentication Token"}.
func New(a *httpadapter.Adapter, stage string, templates ...string) (*API, error) {
	api := &API{adapter: a, stage: stage}
	for _, t := range templates {
		tmpl, err := routing.ParseTemplate(t)
		if err != nil {
			return nil, fmt.Errorf("apigwtest: %w", err)
		}
		api.resources = append(api.resources, resource{t, tmpl})
	}
	return api, nil
}

// ServeHTTP invokes the adapter with the event API Gateway would send.
func (api *API) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	path := r.URL.EscapedPath()
	var res *resource
	var params map[string]string
	for i := range api.resources {
		if p, ok := api.resources[i].tmpl.Match(path); ok {
			res, params = &api.resources[i], p
			break
		}
	}
	if res == nil {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Amzn-Errortype", "MissingAuthenticationTokenException")
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, `{"message":"Missing Authentication Token"}`)
		return
	}
	for k, v := range params {
		if d, err := url.PathUnescape(v); err == nil {
			params[k] = d
		}
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	single, multi, err := queryParameters(r.URL.RawQuery)
	if err != nil {
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"message":"`+err.Error()+`"}`)
		return
	}
	requestID := newID()
	headers, multiHeaders := map[string]string{}, map[string][]string{}
	for k, v := range r.Header {
		headers[k], multiHeaders[k] = v[len(v)-1], v
	}
	headers["Host"], multiHeaders["Host"] = r.Host, []string{r.Host}
	ev := events.APIGatewayProxyRequest{
		Resource: res.template, Path: path, HTTPMethod: r.Method,
		Headers: headers, MultiValueHeaders: multiHeaders,
		QueryStringParameters: single, MultiValueQueryStringParameters: multi,
		PathParameters: params,
		RequestContext: events.APIGatewayProxyRequestContext{
			ResourcePath: res.template, Path: "/" + api.stage + path, HTTPMethod: r.Method,
			Stage: api.stage, RequestID: requestID, Protocol: r.Proto,
			Identity:   events.APIGatewayRequestIdentity{SourceIP: strings.Split(r.RemoteAddr, ":")[0]},
			DomainName: r.Host,
		},
	}
	if len(body) > 0 {
		if utf8.Valid(body) {
			ev.Body = string(body)
		} else {
			ev.Body, ev.IsBase64Encoded = base64.StdEncoding.EncodeToString(body), true
		}
	}
	payload, err := json.Marshal(ev)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	out, err := api.adapter.Invoke(r.Context(), payload)
	if err != nil {
		http.Error(w, `{"message": "Internal server error"}`, http.StatusBadGateway)
		return
	}
	var resp events.APIGatewayProxyResponse
	if err := json.Unmarshal(out, &resp); err != nil {
		w.WriteHeader(http.StatusBadGateway)
		io.WriteString(w, `{"message": "Internal server error"}`)
		return
	}
	for k, v := range resp.Headers {
		w.Header().Set(k, v)
	}
	for k, vs := range resp.MultiValueHeaders {
		w.Header().Del(k)
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	w.Header().Set("X-Amzn-Requestid", requestID)
	respBody := []byte(resp.Body)
	if resp.IsBase64Encoded {
		if respBody, err = base64.StdEncoding.DecodeString(resp.Body); err != nil {
			w.WriteHeader(http.StatusBadGateway)
			return
		}
	}
	w.WriteHeader(resp.StatusCode)
	w.Write(respBody)
}

// queryParameters does what CloudFront's query-string function and then
// API Gateway do to a raw query: ';' becomes "%3B" (so it stays inside its
// value), the query is split on '&' (and on ';', none left), empty pieces
// are dropped, and names and values are decoded. Both maps are nil for no
// query, as in API Gateway's events.
func queryParameters(raw string) (map[string]string, map[string][]string, error) {
	raw = strings.ReplaceAll(raw, ";", "%3B")
	var single map[string]string
	var multi map[string][]string
	for _, pair := range strings.FieldsFunc(raw, func(r rune) bool { return r == '&' || r == ';' }) {
		rawName, rawValue, _ := strings.Cut(pair, "=")
		name, err := url.QueryUnescape(rawName)
		if err != nil {
			return nil, nil, fmt.Errorf("bad query name %q", rawName)
		}
		value, err := url.QueryUnescape(rawValue)
		if err != nil {
			return nil, nil, fmt.Errorf("bad query value %q", rawValue)
		}
		if multi == nil {
			single, multi = map[string]string{}, map[string][]string{}
		}
		single[name] = value
		multi[name] = append(multi[name], value)
	}
	return single, multi, nil
}

func newID() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
