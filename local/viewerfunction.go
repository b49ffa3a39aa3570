package local

import (
	"bufio"
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"reflect"
	"strings"
	"sync"
)

//go:embed viewer_function.mjs
var viewerFunctionRunner string

// ViewerFunction runs a CloudFront Function's own source on the
// viewer-request event in one long-lived Node process, one request at a
// time (a request takes microseconds there), with a Store behind
// cf.kvs().
type ViewerFunction struct {
	cmd   *exec.Cmd
	store *Store

	mu      sync.Mutex // writes to stdin, pending, sentVersion
	stdin   io.WriteCloser
	pending map[int64]chan viewerResult
	nextID  int64
	sent    int // store version last sent

	dead    chan struct{}
	deadErr error
}

// viewerResult is what the function returned: a request (maybe changed),
// or a response, and the origin it selected.
type viewerResult struct {
	ID     int64           `json:"id"`
	Result json.RawMessage `json:"result"`
	Origin *string         `json:"origin"`
	Error  string          `json:"error"`
}

// StartViewerFunction starts node (a path or a name on PATH) running code.
// Node's own complaints go to logs.
func StartViewerFunction(node, code string, store *Store, logs io.Writer) (*ViewerFunction, error) {
	if node == "" {
		node = "node"
	}
	cmd := exec.Command(node, "--input-type=module", "--eval", viewerFunctionRunner)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	var stderr bytes.Buffer
	cmd.Stderr = io.MultiWriter(&stderr, orDiscard(logs))
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting Node for the viewer-request function (%s): %w; install Node (scripts/tools.sh puts it in .tools/) or give its path", node, err)
	}
	v := &ViewerFunction{cmd: cmd, store: store, stdin: stdin, pending: map[int64]chan viewerResult{}, dead: make(chan struct{})}
	go v.read(stdout, &stderr)
	line, _ := json.Marshal(map[string]string{"code": code})
	if _, err := stdin.Write(append(line, '\n')); err != nil {
		return nil, fmt.Errorf("viewer-request function: %w", err)
	}
	return v, nil
}

func orDiscard(w io.Writer) io.Writer {
	if w == nil {
		return io.Discard
	}
	return w
}

func (v *ViewerFunction) read(stdout io.Reader, stderr *bytes.Buffer) {
	sc := bufio.NewScanner(stdout)
	sc.Buffer(make([]byte, 64*1024), 64*1024*1024)
	for sc.Scan() {
		var r viewerResult
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			continue
		}
		v.mu.Lock()
		ch := v.pending[r.ID]
		delete(v.pending, r.ID)
		v.mu.Unlock()
		if ch != nil {
			ch <- r
		}
	}
	err := v.cmd.Wait()
	v.deadErr = fmt.Errorf("the Node process running the viewer-request function ended (%v): %s", err, strings.TrimSpace(stderr.String()))
	close(v.dead)
}

// ErrFunctionExecution is a viewer-request function that threw or could
// not run: CloudFront answers 503.
var ErrFunctionExecution = errors.New("FunctionExecutionError")

// Run gives the function one event and returns what it returned.
func (v *ViewerFunction) Run(ctx context.Context, ev *cfEvent) (*viewerResult, error) {
	ch := make(chan viewerResult, 1)
	v.mu.Lock()
	values, version := v.store.Snapshot()
	var buf bytes.Buffer
	if version != v.sent {
		line, _ := json.Marshal(map[string]any{"store": values})
		buf.Write(line)
		buf.WriteByte('\n')
		v.sent = version
	}
	v.nextID++
	id := v.nextID
	line, err := json.Marshal(map[string]any{"id": id, "event": ev})
	if err != nil {
		v.mu.Unlock()
		return nil, err
	}
	buf.Write(line)
	buf.WriteByte('\n')
	v.pending[id] = ch
	_, err = v.stdin.Write(buf.Bytes())
	v.mu.Unlock()
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFunctionExecution, err)
	}
	select {
	case r := <-ch:
		if r.Error != "" {
			return nil, fmt.Errorf("%w: %s", ErrFunctionExecution, r.Error)
		}
		return &r, nil
	case <-v.dead:
		return nil, fmt.Errorf("%w: %v", ErrFunctionExecution, v.deadErr)
	case <-ctx.Done():
		v.mu.Lock()
		delete(v.pending, id)
		v.mu.Unlock()
		return nil, ctx.Err()
	}
}

// Close ends the Node process.
func (v *ViewerFunction) Close() {
	v.stdin.Close()
	<-v.dead
}

// cfValue is a header, query or cookie value in a CloudFront Functions event.
type cfValue struct {
	Value      string    `json:"value"`
	MultiValue []cfValue `json:"multiValue,omitempty"`
}

// cfEvent is CloudFront Functions' viewer-request event (version 1.0).
type cfEvent struct {
	Version string            `json:"version"`
	Context map[string]string `json:"context"`
	Viewer  map[string]string `json:"viewer"`
	Request cfRequest         `json:"request"`
}

type cfRequest struct {
	Method         string             `json:"method"`
	URI            string             `json:"uri"`
	Querystring    map[string]cfValue `json:"querystring"`
	Headers        map[string]cfValue `json:"headers"`
	Cookies        map[string]cfValue `json:"cookies"`
	RawQueryString string             `json:"rawQueryString"` // the runner makes it the rawQueryString() helper
}

// viewerEvent is the event CloudFront gives a viewer-request function:
// header names in lower case, the Cookie header as cookies, query names
// and values as sent (still percent-encoded).
func viewerEvent(r *http.Request, requestID string) *cfEvent {
	ip, _, _ := net.SplitHostPort(r.RemoteAddr)
	ev := &cfEvent{
		Version: "1.0",
		Context: map[string]string{"distributionDomainName": "local.cloudfront.net", "distributionId": "ELOCAL", "eventType": "viewer-request", "requestId": requestID},
		Viewer:  map[string]string{"ip": ip},
		Request: cfRequest{Method: r.Method, URI: r.URL.EscapedPath(), Querystring: map[string]cfValue{},
			Headers: map[string]cfValue{}, Cookies: map[string]cfValue{}, RawQueryString: r.URL.RawQuery},
	}
	for k, vs := range r.Header {
		name := strings.ToLower(k)
		if name == "cookie" {
			continue
		}
		ev.Request.Headers[name] = multiValue(vs)
	}
	ev.Request.Headers["host"] = cfValue{Value: r.Host}
	for _, c := range r.Cookies() {
		add(ev.Request.Cookies, c.Name, c.Value)
	}
	for _, pair := range strings.Split(r.URL.RawQuery, "&") {
		if pair == "" {
			continue
		}
		name, value, _ := strings.Cut(pair, "=")
		add(ev.Request.Querystring, name, value)
	}
	return ev
}

func multiValue(vs []string) cfValue {
	v := cfValue{Value: vs[0]}
	if len(vs) > 1 {
		for _, s := range vs {
			v.MultiValue = append(v.MultiValue, cfValue{Value: s})
		}
	}
	return v
}

func add(m map[string]cfValue, name, value string) {
	v, ok := m[name]
	if !ok {
		m[name] = cfValue{Value: value}
		return
	}
	if len(v.MultiValue) == 0 {
		v.MultiValue = []cfValue{{Value: v.Value}}
	}
	v.MultiValue = append(v.MultiValue, cfValue{Value: value})
	m[name] = v
}

// cfReturned is what a viewer-request function may return: the request,
// or a response generated at the edge (it has a statusCode).
type cfReturned struct {
	StatusCode  int                `json:"statusCode"`
	Description string             `json:"statusDescription"`
	URI         string             `json:"uri"`
	Querystring json.RawMessage    `json:"querystring"`
	Headers     map[string]cfValue `json:"headers"`
	Cookies     map[string]cfValue `json:"cookies"`
	Body        json.RawMessage    `json:"body"`
}

// apply makes out the request the function returned; it reports a
// generated response instead, if it returned one.
func (ret *cfReturned) apply(out *http.Request, sent *cfEvent) error {
	if ret.URI != "" && ret.URI != sent.Request.URI {
		if err := setEscapedPath(out, ret.URI); err != nil {
			return err
		}
	}
	if len(ret.Querystring) > 0 {
		raw, changed, err := returnedQuery(ret.Querystring, sent.Request)
		if err != nil {
			return err
		}
		if changed {
			out.URL.RawQuery = raw
		}
	}
	if ret.Headers != nil {
		h := http.Header{}
		for name, v := range ret.Headers {
			if name == "host" {
				continue
			}
			for _, s := range values(v) {
				h.Add(name, s)
			}
		}
		if c := out.Header.Values("Cookie"); len(c) > 0 && ret.Cookies == nil {
			h["Cookie"] = c
		}
		out.Header = h
	}
	if ret.Cookies != nil {
		var parts []string
		for name, v := range ret.Cookies {
			for _, s := range values(v) {
				parts = append(parts, name+"="+s)
			}
		}
		out.Header.Del("Cookie")
		if len(parts) > 0 {
			out.Header.Set("Cookie", strings.Join(parts, "; "))
		}
	}
	return nil
}

func values(v cfValue) []string {
	if len(v.MultiValue) == 0 {
		return []string{v.Value}
	}
	out := make([]string, len(v.MultiValue))
	for i, m := range v.MultiValue {
		out[i] = m.Value
	}
	return out
}

// returnedQuery is the query string a function returned: a string is sent
// as it is; an object is written back in its own order, unless it is the
// one it was given (the viewer's bytes are kept then).
func returnedQuery(q json.RawMessage, sent cfRequest) (string, bool, error) {
	var s string
	if json.Unmarshal(q, &s) == nil {
		return strings.TrimPrefix(s, "?"), s != sent.RawQueryString, nil
	}
	var same map[string]cfValue
	if err := json.Unmarshal(q, &same); err != nil {
		return "", false, fmt.Errorf("the function returned a querystring that is neither a string nor an object: %s", q)
	}
	if reflect.DeepEqual(same, sent.Querystring) {
		return sent.RawQueryString, false, nil
	}
	dec := json.NewDecoder(bytes.NewReader(q))
	dec.Token() // {
	var parts []string
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return "", false, err
		}
		var v cfValue
		if err := dec.Decode(&v); err != nil {
			return "", false, err
		}
		for _, s := range values(v) {
			parts = append(parts, t.(string)+"="+s)
		}
	}
	return strings.Join(parts, "&"), true, nil
}

func setEscapedPath(r *http.Request, escaped string) error {
	u, err := r.URL.Parse(escaped)
	if err != nil {
		return fmt.Errorf("the function returned uri %q: %v", escaped, err)
	}
	r.URL.Path, r.URL.RawPath = u.Path, u.RawPath
	return nil
}
