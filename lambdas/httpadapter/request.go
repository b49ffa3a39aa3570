package httpadapter

import (
	"bytes"
	"context"
	"encoding/base64"
	"net/http"
	"net/textproto"
	"net/url"
	"slices"
	"strings"
)

// bytesBody is a request body that needs no extra io.NopCloser allocation.
type bytesBody struct{ bytes.Reader }

func (*bytesBody) Close() error { return nil }

// reqAlloc groups what every request needs so it is allocated once.
type reqAlloc struct {
	req  http.Request
	url  url.URL
	info requestInfo
	bb   bytesBody
}

// buildRequest converts a decoded event into the request a net/http server
// would have passed to the handler. Errors wrap errBadEvent.
func (a *Adapter) buildRequest(ctx context.Context, e *event, lambdaID string) (*http.Request, error) {
	ra := new(reqAlloc)
	r := &ra.req
	u := &ra.url

	// Body.
	r.Body = http.NoBody
	if b := e.body; len(b) > 0 {
		if e.IsBase64Encoded {
			buf := getBuf()
			e.keepBuf(buf)
			dec := slices.Grow((*buf)[:0], base64.StdEncoding.DecodedLen(len(b)))
			n, err := base64.StdEncoding.Decode(dec[:cap(dec)], b)
			if err != nil {
				return nil, badEvent("body is not valid base64: %v", err)
			}
			*buf = dec
			b = dec[:n:n]
		}
		ra.bb.Reset(b)
		r.Body = &ra.bb
		r.ContentLength = int64(len(b))
	}

	// Path.
	p := a.requestPath(e)
	if e.isREST() && strings.IndexByte(p, '%') >= 0 {
		if dec, err := url.PathUnescape(p); err == nil {
			u.Path, u.RawPath = dec, p
		} else {
			u.Path = p
		}
	} else {
		u.Path = p
	}

	// Query.
	q, err := requestQuery(e)
	if err != nil {
		return nil, err
	}
	u.RawQuery = q

	// Headers.
	h, err := requestHeader(e)
	if err != nil {
		return nil, err
	}
	// The origin key proves the request came through CloudFront (API
	// Gateway let it in only with the key only CloudFront sends); no
	// handler needs it, and one that logged or forwarded it would leak it.
	viaCloudFront := len(h["X-Api-Key"]) > 0
	delete(h, "X-Api-Key")
	host := ""
	if hv := h["Host"]; len(hv) > 0 {
		host = hv[0]
		delete(h, "Host")
	}
	if host == "" {
		host = e.RequestContext.DomainName
	}
	// Through CloudFront, X-Forwarded-Host is the public name the viewer
	// called (CloudFront's function sets it, whatever the viewer sent):
	// the host handlers build links and redirects with. Otherwise (a test,
	// a local run, a caller around CloudFront) it is not to be trusted.
	if fh := h.Get("X-Forwarded-Host"); viaCloudFront && fh != "" {
		host = fh
	}

	// The invocation's trace context, whose parent is this function's
	// segment, replaces API Gateway's (whose parent is the stage's): what
	// a handler passes on then hangs under the function in the trace.
	if tid := TraceHeader(ctx); tid != "" {
		h[traceHeaderKey] = []string{tid}
	}

	r.Method = e.method()
	r.URL = u
	r.Proto = "HTTP/1.1"
	r.ProtoMajor, r.ProtoMinor = 1, 1
	if proto := e.protocol(); proto != "" {
		if major, minor, ok := http.ParseHTTPVersion(proto); ok {
			r.Proto, r.ProtoMajor, r.ProtoMinor = proto, major, minor
		}
	}
	r.Header = h
	r.Host = host
	r.RemoteAddr = e.sourceIP()
	r.RequestURI = u.RequestURI()

	caller, err := callerFrom(e.RequestContext.Authorizer)
	if err != nil {
		return nil, err
	}
	ra.info = requestInfo{
		lambdaRequestID: lambdaID,
		apiRequestID:    e.RequestContext.RequestID,
		pathParams:      e.PathParameters,
		caller:          caller,
	}
	for k, v := range e.PathParameters {
		r.SetPathValue(k, v)
	}
	return r.WithContext(withInfo(ctx, &ra.info)), nil
}

// requestPath returns the event's path with the stage and the configured
// prefix removed.
func (a *Adapter) requestPath(e *event) string {
	p := e.rawPath()
	stage := e.RequestContext.Stage
	switch {
	case e.isV2():
		if stage != "$default" {
			p = stripSegmentPrefix(p, stage)
		}
	case e.RequestContext.Path == p:
		// REST API: "path" normally lacks the stage while requestContext.path
		// has it; only when they are equal does "path" carry the stage.
		p = stripSegmentPrefix(p, stage)
	}
	if a.stripPrefix != "" {
		p = stripSegmentPrefix(p, a.stripPrefix)
	}
	if p == "" || p[0] != '/' {
		p = "/" + p
	}
	return p
}

// stripSegmentPrefix removes "/"+seg from the start of p when it is a whole
// path segment: "/prod/user" -> "/user", "/prod" -> "/", "/production" stays.
func stripSegmentPrefix(p, seg string) string {
	seg = strings.Trim(seg, "/")
	if seg == "" || len(p) < len(seg)+1 || p[0] != '/' || p[1:1+len(seg)] != seg {
		return p
	}
	rest := p[1+len(seg):]
	switch {
	case rest == "":
		return "/"
	case rest[0] == '/':
		return rest
	}
	return p
}

// requestQuery builds URL.RawQuery; see the package documentation.
func requestQuery(e *event) (string, error) {
	if e.isV2() {
		if e.RawQueryString != "" {
			return strings.ReplaceAll(e.RawQueryString, ";", "%3B"), nil
		}
	} else if len(e.MultiValueQuery) > 0 {
		return encodeQuery(e.MultiValueQuery), nil
	}
	single, err := stringMap(e.Query, "queryStringParameters")
	if err != nil || len(single) == 0 {
		return "", err
	}
	multi := make(map[string][]string, len(single))
	for k, v := range single {
		multi[k] = []string{v}
	}
	return encodeQuery(multi), nil
}

// encodeQuery encodes decoded values with keys sorted; values of one key keep
// their order. Unlike url.Values.Encode it writes into one builder sized up
// front.
func encodeQuery(m map[string][]string) string {
	var keysBuf [16]string
	keys := keysBuf[:0]
	n := 0
	for k, vs := range m {
		keys = append(keys, k)
		for _, v := range vs {
			n += len(k) + len(v) + 2
		}
	}
	slices.Sort(keys)
	var b strings.Builder
	b.Grow(n + n/4)
	for _, k := range keys {
		ek := url.QueryEscape(k)
		for _, v := range m[k] {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(ek)
			b.WriteByte('=')
			b.WriteString(url.QueryEscape(v))
		}
	}
	return b.String()
}

// requestHeader builds the request header: multiValueHeaders for payload 1.0
// (falling back to "headers"), "headers" and "cookies" for 2.0.
func requestHeader(e *event) (http.Header, error) {
	if !e.isV2() && e.MultiValueHeaders != nil {
		if e.canonicalHeaders {
			return e.MultiValueHeaders, nil
		}
		h := make(http.Header, len(e.MultiValueHeaders))
		for k, vs := range e.MultiValueHeaders {
			ck := textproto.CanonicalMIMEHeaderKey(k)
			if prev, ok := h[ck]; ok {
				h[ck] = append(prev[:len(prev):len(prev)], vs...)
			} else {
				h[ck] = vs
			}
		}
		return h, nil
	}
	h, ok := scanHeaders(e.Headers, 1)
	if !ok {
		single, err := stringMap(e.Headers, "headers")
		if err != nil {
			return nil, err
		}
		h = make(http.Header, len(single)+1)
		for k, v := range single {
			ck := textproto.CanonicalMIMEHeaderKey(k)
			h[ck] = append(h[ck], v)
		}
	}
	if len(e.Cookies) > 0 {
		h["Cookie"] = []string{strings.Join(e.Cookies, "; ")}
	}
	return h, nil
}
