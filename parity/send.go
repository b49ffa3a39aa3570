package parity

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Target is one side of the comparison.
type Target struct {
	Name    string      // "primary" or "candidate", in messages
	BaseURL string      // scheme://host[:port][/base path], e.g. an API Gateway stage URL
	Header  http.Header // sent with every request (a test user's token, x-api-key); "Host" sets the Host
}

// Answer is what a target answered.
type Answer struct {
	Status    int
	Header    http.Header
	Body      []byte
	Truncated bool   // the body was longer than the limit and was cut
	Origin    string // scheme://host of the target, to compare Location headers
}

// Sender sends replayed requests.
type Sender struct {
	Client    *http.Client  // default: no redirects followed, keep-alive
	MaxBody   int64         // bodies are read up to this many bytes (default 10 MiB)
	Timeout   time.Duration // per request (default 10 s)
	UserAgent string        // default "strangler-parity"
}

// NewClient returns a client that does not follow redirects (a Location
// header is compared, not followed) and keeps enough idle connections for
// the workers.
func NewClient(workers int) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = max(workers*2, 2)
	tr.DisableCompression = true // bodies are compared as sent, Content-Encoding included
	return &http.Client{
		Transport:     tr,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// target is a Target ready to send to.
type target struct {
	Target
	base     *url.URL
	basePath string // the base URL's path without its trailing "/"
	origin   string
	host     string // Host header override
	header   http.Header
}

func prepare(t Target) (*target, error) {
	u, err := url.Parse(t.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%s URL %q: give scheme and host, e.g. https://legacy-api.example.com or http://127.0.0.1:8080", t.Name, t.BaseURL)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("%s URL %q: no query or fragment; the logged ones are sent", t.Name, t.BaseURL)
	}
	p := &target{Target: t, base: u, basePath: strings.TrimSuffix(u.EscapedPath(), "/"),
		origin: u.Scheme + "://" + u.Host, header: http.Header{}}
	for k, v := range t.Header {
		if http.CanonicalHeaderKey(k) == "Host" {
			p.host = v[len(v)-1]
			continue
		}
		p.header[http.CanonicalHeaderKey(k)] = v
	}
	return p, nil
}

// send replays r on t. The path and the query go out byte for byte as in
// r: the URL is assembled from them, never parsed into values and encoded
// again (which would reorder keys and turn ';' into '%3B').
func (s *Sender) send(ctx context.Context, t *target, r Request) (Answer, error) {
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, r.Method, t.origin+"/", nil)
	if err != nil {
		return Answer{}, err
	}
	u := *t.base
	path := t.basePath + r.Path
	if strings.HasPrefix(path, "//") {
		// Opaque "//x" would be read as a host; let net/url escape it.
		u.Path, u.RawPath = path, path
	} else {
		u.Opaque = path // written to the request line as is
	}
	u.RawQuery = r.Query
	req.URL = &u
	for k, v := range t.header {
		req.Header[k] = v
	}
	if t.host != "" {
		req.Host = t.host
	}
	if req.Header.Get("User-Agent") == "" {
		ua := s.UserAgent
		if ua == "" {
			ua = "strangler-parity"
		}
		req.Header.Set("User-Agent", ua)
	}
	client := s.Client
	if client == nil {
		client = NewClient(1)
	}
	resp, err := client.Do(req)
	if err != nil {
		return Answer{}, fmt.Errorf("%s: %w", t.Name, err)
	}
	defer resp.Body.Close()
	limit := s.MaxBody
	if limit <= 0 {
		limit = 10 << 20
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return Answer{}, fmt.Errorf("%s: reading the body: %w", t.Name, err)
	}
	a := Answer{Status: resp.StatusCode, Header: resp.Header, Body: body, Origin: t.origin}
	if int64(len(body)) > limit {
		a.Body, a.Truncated = body[:limit], true
		io.Copy(io.Discard, resp.Body) // let the connection be reused
	}
	return a, nil
}
