package local

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/strangler-fig/strangler/awslimits"
	"github.com/strangler-fig/strangler/routing"
)

// Invoker is what a Lambda proxy integration calls: a *Function.
type Invoker interface {
	Invoke(ctx context.Context, payload []byte) ([]byte, error)
}

// Resource is one API Gateway resource (path template) and its methods.
type Resource struct {
	// Template as API Gateway writes it, e.g. "/user/{id}".
	Template string
	// Methods defined on it ("ANY" for all).
	Methods []string
	// Function behind a Lambda proxy integration, or
	Function Invoker
	// Monolith behind an HTTP proxy integration (a via: api-gateway route).
	Monolith *url.URL

	tmpl routing.Template
}

// API is a REST API stage with Lambda proxy integrations, answering as
// API Gateway does: the payload 1.0 event with its quirks (stage, resource
// and path, path parameters, multi-value query and headers, a raw ";"
// splitting the query, base64 for binary media types, a request context
// with ids and source IP), and its errors: 403 for an unknown path or
// method, 502 when the function fails or answers something that is not a
// proxy response, 500 when Lambda rejects the invoke (throttled), 504 at
// the integration timeout.
type API struct {
	// Stage the API is deployed as; requests carry it as their first segment.
	Stage string
	// IntegrationTimeout for every route.
	IntegrationTimeout time.Duration
	// BinaryMediaTypes of the API: request bodies of these types reach the
	// function base64-encoded, and a base64 response is decoded when the
	// request's Accept names one of them. The stack sets none.
	BinaryMediaTypes []string
	// DomainName of the API, its Host header in events.
	DomainName string
	// APIID and AccountID in requestContext.
	APIID, AccountID string
	// Caller stands in for the API's authorizer, which the local run does
	// not run: its claims (e.g. {"sub": "42", "scope": "users:read-any"})
	// are every event's requestContext.authorizer, as the authorizer's
	// context would be. Default: none (handlers see no caller).
	Caller map[string]string

	resources []Resource
	now       func() time.Time
}

// NewAPI serves resources, most specific first as API Gateway picks them.
func NewAPI(stage string, integrationTimeout time.Duration, resources []Resource) (*API, error) {
	api := &API{Stage: stage, IntegrationTimeout: integrationTimeout, DomainName: "localapi.execute-api.localhost",
		APIID: "localapi", AccountID: "123456789012", now: time.Now}
	for _, r := range resources {
		t, err := routing.ParseTemplate(r.Template)
		if err != nil {
			return nil, fmt.Errorf("API resource %v", err)
		}
		r.tmpl = t
		api.resources = append(api.resources, r)
	}
	slices.SortStableFunc(api.resources, func(a, b Resource) int {
		switch {
		case routing.Precedes(a.tmpl, b.tmpl):
			return -1
		case routing.Precedes(b.tmpl, a.tmpl):
			return 1
		}
		return 0
	})
	return api, nil
}

// ServeHTTP answers one request sent to the stage's URL path ("/prod/user/1").
func (api *API) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := api.now()
	requestID := newRequestID()
	w.Header().Set("x-amzn-RequestId", requestID)
	w.Header().Set("x-amz-apigw-id", strings.ReplaceAll(requestID, "-", "")[:16])

	escaped := r.URL.EscapedPath()
	path, ok := strings.CutPrefix(escaped, "/"+api.Stage)
	if !ok || (path != "" && path[0] != '/') {
		writeAPIError(w, awslimits.APIGatewayMissingTokenStatus, "MissingAuthenticationTokenException", awslimits.APIGatewayMissingTokenBody)
		return
	}
	if path == "" {
		path = "/"
	}
	res, params := api.match(path)
	if res == nil || !allows(res.Methods, r.Method) {
		// API Gateway picks the resource by path alone; a method it lacks
		// is answered as a missing resource, never by a wider one.
		writeAPIError(w, awslimits.APIGatewayMissingTokenStatus, "MissingAuthenticationTokenException", awslimits.APIGatewayMissingTokenBody)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, awslimits.APIGatewayPayloadBytes+1))
	if err != nil {
		writeAPIError(w, http.StatusBadRequest, "BadRequestException", `{"message":"could not read the body"}`)
		return
	}
	if len(body) > awslimits.APIGatewayPayloadBytes {
		writeAPIError(w, http.StatusRequestEntityTooLarge, "RequestTooLarge", `{"message":"Request Too Long"}`)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), api.IntegrationTimeout)
	defer cancel()
	if res.Monolith != nil {
		api.proxy(ctx, w, r, res.Monolith, path, body, start)
		return
	}
	ev := api.event(r, res, path, params, body, requestID, start)
	payload, err := json.Marshal(ev)
	if err != nil {
		writeAPIError(w, http.StatusInternalServerError, "InternalServerErrorException", awslimits.APIGatewayInvokeRejectedBody)
		return
	}
	out, err := res.Function.Invoke(ctx, payload)
	var fe *FunctionError
	switch {
	case err == nil:
	case errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &fe) && api.now().Sub(start) >= api.IntegrationTimeout):
		// At the integration timeout API Gateway has answered already,
		// whatever the function does after.
		writeAPIError(w, awslimits.APIGatewayTimeoutStatus, "IntegrationTimeout", awslimits.APIGatewayTimeoutBody)
		return
	case errors.Is(err, context.Canceled):
		return // the caller went away
	case fe != nil:
		writeAPIError(w, awslimits.APIGatewayBadResponseStatus, "InternalServerErrorException", awslimits.APIGatewayBadResponseBody)
		return
	default: // throttled, too large: Lambda refused the invoke
		writeAPIError(w, awslimits.APIGatewayInvokeRejectedStatus, "InternalServerErrorException", awslimits.APIGatewayInvokeRejectedBody)
		return
	}
	resp, err := parseProxyResponse(out)
	if err != nil {
		writeAPIError(w, awslimits.APIGatewayBadResponseStatus, "InternalServerErrorException", awslimits.APIGatewayBadResponseBody)
		return
	}
	api.writeResponse(w, r, resp)
}

func (api *API) match(path string) (*Resource, map[string]string) {
	for i := range api.resources {
		if p, ok := api.resources[i].tmpl.Match(path); ok {
			for k, v := range p {
				if d, err := url.PathUnescape(v); err == nil {
					p[k] = d
				}
			}
			return &api.resources[i], p
		}
	}
	return nil, nil
}

func allows(methods []string, m string) bool {
	return slices.Contains(methods, "ANY") || slices.Contains(methods, m)
}

// event is the payload 1.0 event API Gateway sends a Lambda proxy integration.
func (api *API) event(r *http.Request, res *Resource, path string, params map[string]string, body []byte, requestID string, start time.Time) events.APIGatewayProxyRequest {
	headers, multi := map[string]string{}, map[string][]string{}
	for k, vs := range r.Header {
		headers[k], multi[k] = vs[len(vs)-1], slices.Clone(vs)
	}
	headers["Host"], multi["Host"] = api.DomainName, []string{api.DomainName}
	peer, _, _ := net.SplitHostPort(r.RemoteAddr)
	if peer == "" {
		peer = "127.0.0.1"
	}
	xff := peer
	if prior := r.Header.Get("X-Forwarded-For"); prior != "" {
		xff = prior + ", " + peer
	}
	for k, v := range map[string]string{
		"X-Forwarded-For": xff, "X-Forwarded-Port": "443", "X-Forwarded-Proto": "https",
		"X-Amzn-Trace-Id": "Root=1-" + strconv.FormatInt(start.Unix(), 16) + "-" + strings.ReplaceAll(requestID, "-", "")[:24],
	} {
		headers[k], multi[k] = v, []string{v}
	}
	single, multiQuery := splitQuery(r.URL.RawQuery)
	if len(params) == 0 {
		params = nil
	}
	ev := events.APIGatewayProxyRequest{
		Resource: res.Template, Path: path, HTTPMethod: r.Method,
		Headers: headers, MultiValueHeaders: multi,
		QueryStringParameters: single, MultiValueQueryStringParameters: multiQuery,
		PathParameters: params,
		RequestContext: events.APIGatewayProxyRequestContext{
			AccountID: api.AccountID, APIID: api.APIID, ResourceID: resourceID(res.Template),
			ResourcePath: res.Template, Path: "/" + api.Stage + path, HTTPMethod: r.Method,
			Stage: api.Stage, RequestID: requestID, ExtendedRequestID: strings.ReplaceAll(requestID, "-", "")[:16] + "=",
			Protocol: "HTTP/1.1", DomainName: api.DomainName, DomainPrefix: api.APIID,
			RequestTime:      start.UTC().Format("02/Jan/2006:15:04:05 -0700"),
			RequestTimeEpoch: start.UnixMilli(),
			Identity:         events.APIGatewayRequestIdentity{SourceIP: peer, UserAgent: r.Header.Get("User-Agent")},
		},
	}
	if len(api.Caller) > 0 {
		ev.RequestContext.Authorizer = map[string]any{}
		for k, v := range api.Caller {
			ev.RequestContext.Authorizer[k] = v
		}
		if _, ok := api.Caller["principalId"]; !ok {
			ev.RequestContext.Authorizer["principalId"] = api.Caller["sub"]
		}
	}
	if len(body) > 0 {
		if api.isBinary(r.Header.Get("Content-Type")) {
			ev.Body, ev.IsBase64Encoded = base64.StdEncoding.EncodeToString(body), true
		} else {
			// Without a binary media type the body is passed as text.
			ev.Body = strings.ToValidUTF8(string(body), "\uFFFD")
		}
	}
	return ev
}

// resourceID is a stable stand-in for API Gateway's resource id.
func resourceID(template string) string {
	var h uint32 = 2166136261
	for i := 0; i < len(template); i++ {
		h = (h ^ uint32(template[i])) * 16777619
	}
	return strconv.FormatUint(uint64(h%2176782336), 36)
}

// splitQuery is API Gateway's parse of a raw query string: split on "&"
// and on a raw ";" (docs/query-strings.md), empty pieces dropped, names
// and values decoded ("+" as a space); every value of a repeated name in
// order in the multi-value map, the last in the single-value one. Both
// are nil for no query, as in API Gateway's events. A piece that does not
// decode is passed as sent.
func splitQuery(raw string) (map[string]string, map[string][]string) {
	var single map[string]string
	var multi map[string][]string
	for _, pair := range strings.FieldsFunc(raw, func(r rune) bool { return r == '&' || r == ';' }) {
		rawName, rawValue, _ := strings.Cut(pair, "=")
		name, err := url.QueryUnescape(rawName)
		if err != nil {
			name = rawName
		}
		value, err := url.QueryUnescape(rawValue)
		if err != nil {
			value = rawValue
		}
		if multi == nil {
			single, multi = map[string]string{}, map[string][]string{}
		}
		single[name] = value
		multi[name] = append(multi[name], value)
	}
	return single, multi
}

func (api *API) isBinary(contentType string) bool {
	if contentType == "" {
		return false
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		mt = contentType
	}
	for _, b := range api.BinaryMediaTypes {
		if b == "*/*" || strings.EqualFold(b, mt) {
			return true
		}
		if p, ok := strings.CutSuffix(b, "/*"); ok && strings.HasPrefix(strings.ToLower(mt), strings.ToLower(p)+"/") {
			return true
		}
	}
	return false
}

// proxyResponse is the only shape API Gateway takes from a Lambda proxy
// integration; anything else is a "Malformed Lambda proxy response" (502).
type proxyResponse struct {
	StatusCode        *int                `json:"statusCode"`
	Headers           map[string]string   `json:"headers"`
	MultiValueHeaders map[string][]string `json:"multiValueHeaders"`
	Body              *string             `json:"body"`
	IsBase64Encoded   bool                `json:"isBase64Encoded"`
}

func parseProxyResponse(out []byte) (*proxyResponse, error) {
	dec := json.NewDecoder(bytes.NewReader(out))
	dec.DisallowUnknownFields()
	var resp proxyResponse
	if err := dec.Decode(&resp); err != nil {
		return nil, fmt.Errorf("malformed Lambda proxy response: %w", err)
	}
	if dec.More() {
		return nil, errors.New("malformed Lambda proxy response: trailing data")
	}
	if resp.StatusCode == nil || *resp.StatusCode < 100 || *resp.StatusCode > 599 {
		return nil, errors.New("malformed Lambda proxy response: no valid statusCode")
	}
	return &resp, nil
}

func (api *API) writeResponse(w http.ResponseWriter, r *http.Request, resp *proxyResponse) {
	h := w.Header()
	for k, v := range resp.Headers {
		h.Set(k, v)
	}
	for k, vs := range resp.MultiValueHeaders {
		h.Del(k)
		for _, v := range vs {
			h.Add(k, v)
		}
	}
	if h.Get("Content-Type") == "" {
		h.Set("Content-Type", "application/json") // API Gateway's default
	}
	var body []byte
	if resp.Body != nil {
		body = []byte(*resp.Body)
	}
	// A base64 body is decoded only when the caller accepts a binary
	// media type of the API; else the base64 text is the answer.
	if resp.IsBase64Encoded && api.acceptsBinary(r.Header.Get("Accept")) {
		d, err := base64.StdEncoding.DecodeString(string(body))
		if err != nil {
			writeAPIError(w, awslimits.APIGatewayBadResponseStatus, "InternalServerErrorException", awslimits.APIGatewayBadResponseBody)
			return
		}
		body = d
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(*resp.StatusCode)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// acceptsBinary: API Gateway looks at the first media type of Accept.
func (api *API) acceptsBinary(accept string) bool {
	first, _, _ := strings.Cut(accept, ",")
	return api.isBinary(strings.TrimSpace(first))
}

// proxy is an HTTP proxy integration to the monolith (a route with via:
// api-gateway): the same path and query, at the integration timeout.
func (api *API) proxy(ctx context.Context, w http.ResponseWriter, r *http.Request, target *url.URL, path string, body []byte, start time.Time) {
	rp := &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.SetURL(target)
			pr.Out.URL.Path, pr.Out.URL.RawPath = "", ""
			pr.Out.URL = pr.Out.URL.JoinPath(path)
			pr.Out.URL.RawQuery = r.URL.RawQuery
			pr.Out.Body = io.NopCloser(bytes.NewReader(body))
			pr.Out.ContentLength = int64(len(body))
		},
		ErrorHandler: func(w http.ResponseWriter, _ *http.Request, err error) {
			if errors.Is(err, context.DeadlineExceeded) || api.now().Sub(start) >= api.IntegrationTimeout {
				writeAPIError(w, awslimits.APIGatewayTimeoutStatus, "IntegrationTimeout", awslimits.APIGatewayTimeoutBody)
				return
			}
			writeAPIError(w, http.StatusInternalServerError, "InternalServerErrorException", awslimits.APIGatewayInvokeRejectedBody)
		},
	}
	rp.ServeHTTP(w, r.WithContext(ctx))
}

func writeAPIError(w http.ResponseWriter, status int, errorType, body string) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("x-amzn-ErrorType", errorType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	io.WriteString(w, body)
}
