package local

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/strangler-fig/strangler/awslimits"
	"github.com/strangler-fig/strangler/constructs"
	"github.com/strangler-fig/strangler/cors"
	"github.com/strangler-fig/strangler/manifest"
	"github.com/strangler-fig/strangler/routing"
)

// Behavior is one CloudFront cache behaviour, in the distribution's order.
type Behavior struct {
	// Pattern is CloudFront's path pattern, e.g. "/user/*".
	Pattern string
	// Target is manifest.TargetLambda (API Gateway, with the viewer-request
	// function) or manifest.TargetLegacy (the monolith).
	Target string
	// ReadFailover: GET, HEAD and OPTIONS that API Gateway answers 500,
	// 502, 503 or 504 go to the monolith (EdgeDistribution's origin group
	// on behaviours that allow only reads).
	ReadFailover bool
	// AllowedMethods at the edge; nil for all. CloudFront answers 403 to
	// any other.
	AllowedMethods []string
	// Cors of the routes behind it (lambda target): every answer to a page
	// of an allowed origin gets the CORS headers (corsAnswer); nil for none.
	Cors *cors.Policy
}

// Edge is the distribution: the first behaviour whose pattern matches the
// path picks the origin, the monolith being the default; behaviours to
// API Gateway run the viewer-request function first, which may send the
// request to the monolith instead (the cut-over) and rewrites its query.
type Edge struct {
	Behaviors []Behavior
	// Viewer runs on every behaviour to API Gateway; nil for none.
	Viewer *ViewerFunction
	// API is API Gateway's stage, reached at "/"+Stage+path (the origin path).
	API   http.Handler
	Stage string
	// Legacy is the monolith's base URL; LegacyTimeout CloudFront's read timeout for it.
	Legacy        *url.URL
	LegacyTimeout time.Duration
	// Log receives a CloudFront standard log line per request; nil for none.
	Log *AccessLog

	legacy *httputil.ReverseProxy
}

// behavior picks the behaviour of an (escaped) path: nil for the default.
func (e *Edge) behavior(path string) *Behavior {
	for i := range e.Behaviors {
		if routing.PatternMatches(e.Behaviors[i].Pattern, path) {
			return &e.Behaviors[i]
		}
	}
	return nil
}

func (e *Edge) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	id := edgeRequestID()
	rec := &recorder{w: w, start: start}
	result := "Miss"
	detailed := ""
	defer func() {
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		if result == "Miss" && rec.status >= 400 {
			result = "Error"
		}
		e.log(r, rec, start, id, result, detailed)
	}()

	out := r.Clone(r.Context())
	out.Header.Set("X-Amz-Cf-Id", id)
	out.Header.Add("Via", "1.1 local.cloudfront.net (CloudFront)")
	ip, _, _ := net.SplitHostPort(r.RemoteAddr)
	if prior := r.Header.Get("X-Forwarded-For"); prior != "" {
		out.Header.Set("X-Forwarded-For", prior+", "+ip)
	} else {
		out.Header.Set("X-Forwarded-For", ip)
	}

	b := e.behavior(r.URL.EscapedPath())
	if b != nil && b.AllowedMethods != nil && !slices.Contains(b.AllowedMethods, r.Method) {
		writeEdgeError(rec, http.StatusForbidden, "This distribution is not configured to allow the HTTP request method that was used for this request. The distribution supports only cachable requests.")
		return
	}
	if b == nil || b.Target != manifest.TargetLambda {
		e.toLegacy(rec, out)
		return
	}
	if b.Cors != nil {
		origin := r.Header.Get("Origin")
		rec.beforeHeader = func(h http.Header) { corsAnswer(b.Cors, origin, h) }
	}
	if e.Viewer != nil {
		toLegacy, generated, err := e.runViewer(r, out, id)
		switch {
		case err != nil:
			result, detailed = "Error", "FunctionExecutionError"
			writeEdgeError(rec, awslimits.CloudFrontFunctionErrorStatus, "The CloudFront function associated with the request failed: "+err.Error())
			return
		case generated != nil:
			result = "FunctionGeneratedResponse"
			writeGenerated(rec, generated)
			return
		case toLegacy:
			e.toLegacy(rec, out)
			return
		}
	}
	e.toAPI(rec, out, b.ReadFailover)
}

// runViewer runs the function on the request and applies what it
// returned to out; it says whether the function chose the monolith, or
// the response it generated.
func (e *Edge) runViewer(r, out *http.Request, id string) (bool, *cfReturned, error) {
	ev := viewerEvent(r, id)
	res, err := e.Viewer.Run(r.Context(), ev)
	if err != nil {
		return false, nil, err
	}
	var ret cfReturned
	if err := json.Unmarshal(res.Result, &ret); err != nil {
		return false, nil, fmt.Errorf("the function returned %s: %v", res.Result, err)
	}
	if ret.StatusCode != 0 {
		return false, &ret, nil
	}
	if err := ret.apply(out, ev); err != nil {
		return false, nil, err
	}
	return res.Origin != nil && *res.Origin == constructs.LegacyOriginId, nil, nil
}

// toAPI sends the request to API Gateway's stage; with read failover, a
// read it answers 500-504 goes to the monolith instead.
func (e *Edge) toAPI(w *recorder, out *http.Request, failover bool) {
	stagePath := "/" + e.Stage + out.URL.EscapedPath()
	apiReq := out.Clone(out.Context())
	if err := setEscapedPath(apiReq, stagePath); err != nil {
		writeEdgeError(w, http.StatusBadGateway, err.Error())
		return
	}
	apiReq.Host = ""
	apiReq.RemoteAddr = "127.0.0.1:0" // API Gateway's peer is the edge
	read := slices.Contains([]string{http.MethodGet, http.MethodHead, http.MethodOptions}, out.Method)
	if !failover || !read {
		e.API.ServeHTTP(w, apiReq)
		return
	}
	buf := httptest.NewRecorder()
	e.API.ServeHTTP(buf, apiReq)
	if slices.Contains(awslimits.CloudFrontFailoverStatuses, buf.Code) {
		e.toLegacy(w, out)
		return
	}
	for k, vs := range buf.Header() {
		w.Header()[k] = vs
	}
	w.WriteHeader(buf.Code)
	w.Write(buf.Body.Bytes())
}

// toLegacy sends the request to the monolith, with its own Host (the
// default behaviour forwards every viewer header but Host).
func (e *Edge) toLegacy(w *recorder, out *http.Request) {
	e.legacy.ServeHTTP(w, out)
}

// init makes the monolith's proxy.
func (e *Edge) init() {
	e.legacy = &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			path, raw := pr.Out.URL.Path, pr.Out.URL.RawPath
			pr.SetURL(e.Legacy)
			// Path as the viewer (or the function) wrote it, under the base URL's.
			pr.Out.URL.Path = singleJoin(e.Legacy.Path, path)
			if raw != "" {
				pr.Out.URL.RawPath = singleJoin(e.Legacy.EscapedPath(), raw)
			}
			pr.Out.URL.RawQuery = pr.In.URL.RawQuery
			pr.Out.Header["X-Forwarded-For"] = pr.In.Header["X-Forwarded-For"]
		},
		Transport: &http.Transport{
			Proxy:                 nil,
			ResponseHeaderTimeout: e.LegacyTimeout,
			MaxIdleConnsPerHost:   64,
			DialContext:           (&net.Dialer{Timeout: 10 * time.Second}).DialContext,
		},
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() || errors.Is(err, context.DeadlineExceeded) {
				writeEdgeError(w, http.StatusGatewayTimeout, "CloudFront attempted to establish a connection with the origin, but either the attempt failed or the origin closed the connection.")
				return
			}
			writeEdgeError(w, http.StatusBadGateway, "CloudFront wasn't able to connect to the origin.")
		},
	}
}

func singleJoin(base, path string) string {
	if base == "" || base == "/" {
		return path
	}
	if base[len(base)-1] == '/' {
		base = base[:len(base)-1]
	}
	return base + path
}

func (e *Edge) log(r *http.Request, rec *recorder, start time.Time, id, result, detailed string) {
	if e.Log == nil {
		return
	}
	ip, port, _ := net.SplitHostPort(r.RemoteAddr)
	end := time.Now()
	first := rec.first
	if first.IsZero() {
		first = end
	}
	bytesIn := r.ContentLength
	if bytesIn < 0 {
		bytesIn = 0
	}
	e.Log.Write(AccessEntry{
		End: end, ClientIP: ip, ClientPort: port, Method: r.Method,
		Path: r.URL.EscapedPath(), Query: r.URL.RawQuery, Status: rec.status,
		BytesOut: rec.bytes + rec.headerBytes(), BytesIn: bytesIn,
		ContentType: rec.Header().Get("Content-Type"), ContentLength: rec.bytes,
		Host: r.Host, Referer: r.Referer(), UserAgent: r.UserAgent(), Cookie: r.Header.Get("Cookie"),
		ForwardedFor: r.Header.Get("X-Forwarded-For"), Protocol: r.Proto,
		TimeTaken: end.Sub(start), FirstByte: first.Sub(start), RequestID: id,
		ResultType: result, DetailedType: detailed,
	})
}

// recorder passes the answer on and remembers its status, size and first byte.
type recorder struct {
	w      http.ResponseWriter
	start  time.Time
	status int
	bytes  int64
	first  time.Time
	// beforeHeader edits the answer's headers just before they are sent
	// (the behaviour's response headers policy).
	beforeHeader func(http.Header)
}

func (r *recorder) Header() http.Header { return r.w.Header() }

func (r *recorder) WriteHeader(code int) {
	if r.status != 0 {
		return
	}
	r.status = code
	r.first = time.Now()
	if r.beforeHeader != nil {
		r.beforeHeader(r.w.Header())
	}
	r.w.Header().Set("X-Cache", "Miss from cloudfront")
	r.w.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.WriteHeader(http.StatusOK)
	}
	n, err := r.w.Write(b)
	r.bytes += int64(n)
	return n, err
}

func (r *recorder) Flush() {
	if f, ok := r.w.(http.Flusher); ok {
		f.Flush()
	}
}

// headerBytes estimates the status line and headers sent, for sc-bytes.
func (r *recorder) headerBytes() int64 {
	n := int64(len("HTTP/1.1 200 OK\r\n\r\n"))
	for k, vs := range r.w.Header() {
		for _, v := range vs {
			n += int64(len(k) + len(v) + 4)
		}
	}
	return n
}

func writeEdgeError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "text/html")
	body := "<HTML><HEAD><TITLE>" + strconv.Itoa(status) + " ERROR</TITLE></HEAD><BODY><H1>" + http.StatusText(status) + "</H1>" + msg + "</BODY></HTML>\n"
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	io.WriteString(w, body)
}

// writeGenerated writes a response the viewer-request function made.
func writeGenerated(w http.ResponseWriter, ret *cfReturned) {
	for name, v := range ret.Headers {
		for _, s := range values(v) {
			w.Header().Add(name, s)
		}
	}
	var body string
	if len(ret.Body) > 0 {
		var s string
		var obj struct{ Data, Encoding string }
		if json.Unmarshal(ret.Body, &s) == nil {
			body = s
		} else if json.Unmarshal(ret.Body, &obj) == nil {
			body = obj.Data
			if obj.Encoding == "base64" {
				if d, err := base64.StdEncoding.DecodeString(obj.Data); err == nil {
					body = string(d)
				}
			}
		}
	}
	w.WriteHeader(ret.StatusCode)
	io.WriteString(w, body)
}

// edgeRequestID looks like CloudFront's x-edge-request-id.
func edgeRequestID() string {
	var b [39]byte
	rand.Read(b[:])
	return base64.URLEncoding.EncodeToString(b[:]) + "=="
}
