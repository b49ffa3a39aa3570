// Package kvstest is a CloudFront KeyValueStore on loopback for tests: an
// httptest server speaking the data-plane REST-JSON protocol as
// aws-sdk-go-v2's cloudfrontkeyvaluestore client sends it (ETag response
// header, If-Match on writes, ListKeys pages with NextToken, typed errors
// in X-Amzn-Errortype), holding one store in memory.
package kvstest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// ARN is the store the server holds unless Server.ARN is changed.
const ARN = "arn:aws:cloudfront::123456789012:key-value-store/9e0a1a46-0b2f-4b6e-8d4f-8a2c1f0e7d11"

// Request is one call the server answered.
type Request struct {
	Op      string // DescribeKeyValueStore, GetKey, ListKeys, UpdateKeys
	Key     string // GetKey's key
	IfMatch string // UpdateKeys' If-Match
	Auth    string // the Authorization scheme, e.g. AWS4-ECDSA-P256-SHA256 (SigV4A)
	Status  int
}

// Server is the store and its HTTP endpoint.
type Server struct {
	*httptest.Server
	ARN string

	mu    sync.Mutex
	items map[string]string
	etag  int
	// interfere is how many coming UpdateKeys calls find that another
	// writer changed the store after the caller read its ETag.
	interfere int
	// mismatch answers a stale If-Match: 412, or the modelled
	// ConflictException (409).
	mismatch int
	// pageSize caps a ListKeys page below MaxResults, as the service may.
	pageSize int
	requests []Request
}

// New starts a server on 127.0.0.1, closed when the test ends.
func New(t testing.TB) *Server {
	s := &Server{ARN: ARN, items: map[string]string{}, etag: 1, mismatch: http.StatusPreconditionFailed}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// Config is an SDK configuration with static credentials, for clients of
// this server (no profile, environment or instance metadata is read).
func Config() aws.Config {
	return aws.Config{
		Region:      "us-east-1",
		Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""),
		HTTPClient:  NoKeepAlive(),
	}
}

// NoKeepAlive is an SDK HTTP client opening a connection per request. With
// one attempt per call (the tests' setting), a kept-alive loopback
// connection the stub closed in between fails the call with "use of closed
// network connection" (seen twice under heavy load); a stub test is about
// the protocol, not connection reuse.
func NoKeepAlive() *awshttp.BuildableClient {
	return awshttp.NewBuildableClient().WithTransportOptions(func(t *http.Transport) { t.DisableKeepAlives = true })
}

// Put stores key=value directly, changing the ETag as a write does.
func (s *Server) Put(key, value string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.items[key] = value
	s.etag++
}

// Get returns a stored value.
func (s *Server) Get(key string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.items[key]
	return v, ok
}

// Len is the number of keys stored.
func (s *Server) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.items)
}

// ETag is the store's current version, as the server sends it.
func (s *Server) ETag() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.etagLocked()
}

func (s *Server) etagLocked() string { return "KV" + strconv.Itoa(s.etag) }

// Interfere makes the next n UpdateKeys calls lose a race: another writer
// changes the store just before each, so its If-Match is stale.
func (s *Server) Interfere(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.interfere = n
}

// AnswerMismatchWith sets the status of a stale If-Match: 412 (default)
// or 409, the ConflictException of the service's model.
func (s *Server) AnswerMismatchWith(status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mismatch = status
}

// PageSize caps ListKeys pages (0: MaxResults alone).
func (s *Server) PageSize(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pageSize = n
}

// Requests returns the calls answered so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Count is how many calls of op were answered.
func (s *Server) Count(op string) int {
	n := 0
	for _, r := range s.Requests() {
		if r.Op == op {
			n++
		}
	}
	return n
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	req := Request{Auth: strings.SplitN(r.Header.Get("Authorization"), " ", 2)[0], IfMatch: r.Header.Get("If-Match")}
	status := s.route(w, r, &req)
	req.Status = status
	s.requests = append(s.requests, req)
}

// route answers one request and returns its status.
func (s *Server) route(w http.ResponseWriter, r *http.Request, req *Request) int {
	// The SDK escapes the ARN and key as single path segments ("/" is %2F).
	parts := strings.Split(strings.TrimPrefix(r.URL.EscapedPath(), "/"), "/")
	for i, p := range parts {
		u, err := url.PathUnescape(p)
		if err != nil {
			return fail(w, http.StatusBadRequest, "ValidationException", "bad path segment "+p)
		}
		parts[i] = u
	}
	if len(parts) < 2 || parts[0] != "key-value-stores" {
		return fail(w, http.StatusNotFound, "UnknownOperationException", r.Method+" "+r.URL.Path)
	}
	if req.Auth != "AWS4-ECDSA-P256-SHA256" || r.Header.Get("X-Amz-Region-Set") == "" {
		return fail(w, http.StatusForbidden, "AccessDeniedException", "want a SigV4A signature (AWS4-ECDSA-P256-SHA256 with X-Amz-Region-Set), got "+req.Auth)
	}
	if parts[1] != s.ARN {
		return fail(w, http.StatusNotFound, "ResourceNotFoundException", "no key value store "+parts[1])
	}
	switch {
	case len(parts) == 2 && r.Method == http.MethodGet:
		req.Op = "DescribeKeyValueStore"
		w.Header().Set("ETag", s.etagLocked())
		return reply(w, map[string]any{
			"KvsARN": s.ARN, "ItemCount": len(s.items), "TotalSizeInBytes": s.size(),
			"Created": float64(time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC).Unix()), "Status": "READY",
		})
	case len(parts) == 3 && parts[2] == "keys" && r.Method == http.MethodGet:
		req.Op = "ListKeys"
		return s.listKeys(w, r)
	case len(parts) == 3 && parts[2] == "keys" && r.Method == http.MethodPost:
		req.Op = "UpdateKeys"
		return s.updateKeys(w, r, req)
	case len(parts) == 4 && parts[2] == "keys" && r.Method == http.MethodGet:
		req.Op, req.Key = "GetKey", parts[3]
		v, ok := s.items[parts[3]]
		if !ok {
			return fail(w, http.StatusNotFound, "ResourceNotFoundException", "Key not found: "+parts[3])
		}
		return reply(w, map[string]any{"Key": parts[3], "Value": v, "ItemCount": len(s.items), "TotalSizeInBytes": s.size()})
	}
	return fail(w, http.StatusNotFound, "UnknownOperationException", r.Method+" "+r.URL.Path)
}

func (s *Server) listKeys(w http.ResponseWriter, r *http.Request) int {
	max := 10 // the service's default page
	if v := r.URL.Query().Get("MaxResults"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 50 {
			return fail(w, http.StatusBadRequest, "ValidationException", "MaxResults must be 1..50, got "+v)
		}
		max = n
	}
	if s.pageSize > 0 {
		max = min(max, s.pageSize)
	}
	keys := make([]string, 0, len(s.items))
	for k := range s.items {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	start := 0
	if tok := r.URL.Query().Get("NextToken"); tok != "" {
		after, err := base64.RawURLEncoding.DecodeString(tok)
		if err != nil {
			return fail(w, http.StatusBadRequest, "ValidationException", "bad NextToken")
		}
		start = sort.SearchStrings(keys, string(after)+"\x00")
	}
	end := min(start+max, len(keys))
	items := []map[string]string{}
	for _, k := range keys[start:end] {
		items = append(items, map[string]string{"Key": k, "Value": s.items[k]})
	}
	body := map[string]any{"Items": items}
	if end < len(keys) {
		body["NextToken"] = base64.RawURLEncoding.EncodeToString([]byte(keys[end-1]))
	}
	return reply(w, body)
}

func (s *Server) updateKeys(w http.ResponseWriter, r *http.Request, req *Request) int {
	var body struct {
		Puts    []struct{ Key, Value *string }
		Deletes []struct{ Key *string }
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		return fail(w, http.StatusBadRequest, "ValidationException", "body: "+err.Error())
	}
	if req.IfMatch == "" {
		return fail(w, http.StatusBadRequest, "ValidationException", "If-Match is required")
	}
	if s.interfere > 0 {
		s.interfere--
		s.etag++ // another writer got there first
	}
	if req.IfMatch != s.etagLocked() {
		if s.mismatch == http.StatusConflict {
			return fail(w, http.StatusConflict, "ConflictException", "Resource is not in expected state")
		}
		return fail(w, http.StatusPreconditionFailed, "PreconditionFailed", "If-Match "+req.IfMatch+" is not the current ETag")
	}
	for _, p := range body.Puts {
		if p.Key == nil || p.Value == nil || len(*p.Key) > 512 || len(*p.Value) > 1024 {
			return fail(w, http.StatusBadRequest, "ValidationException", fmt.Sprintf("put %v: key of 1..512 bytes and value of at most 1024 bytes required", p))
		}
	}
	for _, p := range body.Puts {
		s.items[*p.Key] = *p.Value
	}
	for _, d := range body.Deletes {
		if d.Key != nil {
			delete(s.items, *d.Key)
		}
	}
	s.etag++
	w.Header().Set("ETag", s.etagLocked())
	return reply(w, map[string]any{"ItemCount": len(s.items), "TotalSizeInBytes": s.size()})
}

func (s *Server) size() int {
	n := 0
	for k, v := range s.items {
		n += len(k) + len(v)
	}
	return n
}

func reply(w http.ResponseWriter, body any) int {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	json.NewEncoder(w).Encode(body)
	return http.StatusOK
}

// fail answers as the service does: the error type in X-Amzn-Errortype,
// the message in the JSON body.
func fail(w http.ResponseWriter, status int, errType, msg string) int {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Amzn-Errortype", errType)
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"Message": msg})
	return status
}
