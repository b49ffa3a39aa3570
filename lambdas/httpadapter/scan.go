package httpadapter

import (
	"encoding/json"
	"net/http"
	"net/textproto"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// scanEvent is a fast path for decoding an event: a single pass over the
// payload that fills e for the fields the adapter reads and validates the
// rest of the JSON without building it. It handles only what it can decode
// exactly as encoding/json would (exact-case field names, each field at most
// once, the expected JSON types, valid UTF-8, no UTF-16 surrogate escapes,
// no collisions between header names after canonicalisation); for anything
// else it returns false, and decodeEvent decodes the payload again with
// encoding/json, which gives the reference result or error. FuzzScanEvent
// compares the two.
//
// Strings that need no unescaping are substrings of one copy of the payload
// (one allocation instead of one per string). The body is unescaped into a
// pooled buffer (or, without escapes, used in place) and never becomes a
// string. multiValueHeaders is decoded straight into an http.Header with
// canonical keys.
func scanEvent(payload []byte, e *event) bool {
	s := scanner{data: payload}
	if !s.topLevel(e) {
		return false
	}
	s.ws()
	return s.i == len(s.data)
}

type scanner struct {
	data []byte
	src  string // string(data), made on first use
	i    int
	vals []string // backing array shared by the []string values
	tmp  []byte   // unescape scratch
}

// maxScanDepth bounds the nesting of skipped values; deeper input is left
// to encoding/json (which has its own limit).
const maxScanDepth = 1000

// strSpecial marks bytes that end the fast run inside a string.
var strSpecial = func() (t [256]bool) {
	for c := range 256 {
		t[c] = c < 0x20 || c == '"' || c == '\\' || c >= utf8.RuneSelf
	}
	return t
}()

func (s *scanner) ws() {
	for s.i < len(s.data) {
		switch s.data[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// peek returns the next non-space byte, or 0 at the end.
func (s *scanner) peek() byte {
	s.ws()
	if s.i < len(s.data) {
		return s.data[s.i]
	}
	return 0
}

// consume skips spaces and then c; it reports whether c was there.
func (s *scanner) consume(c byte) bool {
	if s.peek() == c {
		s.i++
		return true
	}
	return false
}

func (s *scanner) literal(lit string) bool {
	if len(s.data)-s.i >= len(lit) && string(s.data[s.i:s.i+len(lit)]) == lit {
		s.i += len(lit)
		return true
	}
	return false
}

// null consumes a null literal if one comes next.
func (s *scanner) null() bool {
	return s.peek() == 'n' && s.literal("null")
}

// appendStr parses the JSON string at s.i (after spaces). When it holds
// escapes, it appends the unescaped contents to dst; otherwise (plain) dst is
// returned as is and the contents are the raw bytes data[start:end]. ok is false for invalid JSON, invalid
// UTF-8 or a surrogate escape.
func (s *scanner) appendStr(dst []byte) (out []byte, start, end int, plain, ok bool) {
	if s.peek() != '"' {
		return dst, 0, 0, false, false
	}
	s.i++
	start = s.i
	d := s.data
	i := s.i
	nonASCII := false
	plain = true
	runStart := i
	for {
		for i < len(d) && !strSpecial[d[i]] {
			i++
		}
		if i >= len(d) {
			return dst, 0, 0, false, false
		}
		c := d[i]
		switch {
		case c == '"':
			if plain {
				if nonASCII && !utf8.Valid(d[start:i]) {
					return dst, 0, 0, false, false
				}
				s.i = i + 1
				return dst, start, i, true, true
			}
			dst = append(dst, d[runStart:i]...)
			s.i = i + 1
			if nonASCII && !utf8.Valid(dst) {
				return dst, 0, 0, false, false
			}
			return dst, start, i, false, true
		case c >= utf8.RuneSelf:
			nonASCII = true
			i++
		case c < 0x20:
			return dst, 0, 0, false, false
		default: // backslash
			plain = false
			dst = append(dst, d[runStart:i]...)
			if i+1 >= len(d) {
				return dst, 0, 0, false, false
			}
			switch e := d[i+1]; e {
			case '"', '\\', '/':
				dst = append(dst, e)
			case 'b':
				dst = append(dst, '\b')
			case 'f':
				dst = append(dst, '\f')
			case 'n':
				dst = append(dst, '\n')
			case 'r':
				dst = append(dst, '\r')
			case 't':
				dst = append(dst, '\t')
			case 'u':
				r, ok := hex4(d[i+2:])
				if !ok || utf16.IsSurrogate(r) {
					return dst, 0, 0, false, false
				}
				dst = utf8.AppendRune(dst, r)
				i += 4
			default:
				return dst, 0, 0, false, false
			}
			i += 2
			runStart = i
		}
	}
}

func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// str parses a JSON string into a Go string: a substring of the payload
// copy when it has no escapes, else a new string.
func (s *scanner) str() (string, bool) {
	var ok, plain bool
	var start, end int
	s.tmp, start, end, plain, ok = s.appendStr(s.tmp[:0])
	if !ok {
		return "", false
	}
	if plain {
		if s.src == "" {
			s.src = string(s.data)
		}
		return s.src[start:end], true
	}
	return string(s.tmp), true
}

// key parses an object key that must be a struct field name: plain ASCII,
// returned without allocating (it aliases the payload), followed by ':'.
func (s *scanner) key() ([]byte, bool) {
	if s.peek() != '"' {
		return nil, false
	}
	d := s.data
	start := s.i + 1
	i := start
	for i < len(d) && !strSpecial[d[i]] {
		i++
	}
	if i >= len(d) || d[i] != '"' {
		return nil, false // escapes, non-ASCII or invalid: let encoding/json decide
	}
	s.i = i + 1
	if !s.consume(':') {
		return nil, false
	}
	return d[start:i], true
}

// object calls field for each member of the object at s.i; field must
// consume the value. null is not accepted here.
func (s *scanner) object(field func(k []byte) bool) bool {
	if !s.consume('{') {
		return false
	}
	if s.consume('}') {
		return true
	}
	for {
		k, ok := s.key()
		if !ok || !field(k) {
			return false
		}
		if s.consume(',') {
			continue
		}
		return s.consume('}')
	}
}

// folds reports whether k matches one of names case-insensitively, which
// encoding/json would accept as that field.
func folds(k []byte, names []string) bool {
	for _, n := range names {
		if len(n) == len(k) && strings.EqualFold(n, string(k)) {
			return true
		}
	}
	return false
}

var (
	topFields = []string{"version", "httpMethod", "path", "multiValueHeaders",
		"multiValueQueryStringParameters", "headers", "queryStringParameters",
		"pathParameters", "body", "isBase64Encoded", "requestContext", "rawPath",
		"rawQueryString", "cookies"}
	ctxFields      = []string{"requestId", "stage", "path", "domainName", "protocol", "identity", "http", "authorizer"}
	identityFields = []string{"sourceIp"}
	httpFields     = []string{"method", "path", "protocol", "sourceIp"}
)

// seenField tracks which fields of one object were seen; a repeated field
// goes to encoding/json (which merges or overwrites).
type seenField uint32

func (f *seenField) first(i int) bool {
	if *f&(1<<i) != 0 {
		return false
	}
	*f |= 1 << i
	return true
}

func (s *scanner) topLevel(e *event) bool {
	var seen seenField
	return s.object(func(k []byte) bool {
		switch string(k) {
		case "version":
			return seen.first(0) && s.strField(&e.Version)
		case "httpMethod":
			return seen.first(1) && s.strField(&e.HTTPMethod)
		case "path":
			return seen.first(2) && s.strField(&e.Path)
		case "multiValueHeaders":
			if !seen.first(3) {
				return false
			}
			if s.null() {
				return true
			}
			h, ok := s.headerMap()
			e.MultiValueHeaders, e.canonicalHeaders = h, true
			return ok
		case "multiValueQueryStringParameters":
			if !seen.first(4) {
				return false
			}
			if s.null() {
				return true
			}
			m, ok := s.multiMap()
			e.MultiValueQuery = m
			return ok
		case "headers":
			return seen.first(5) && s.raw(&e.Headers)
		case "queryStringParameters":
			return seen.first(6) && s.raw(&e.Query)
		case "pathParameters":
			if !seen.first(7) {
				return false
			}
			if s.null() {
				return true
			}
			m, ok := s.stringMap()
			e.PathParameters = m
			return ok
		case "body":
			if !seen.first(8) {
				return false
			}
			if s.null() {
				return true
			}
			return s.body(e)
		case "isBase64Encoded":
			if !seen.first(9) {
				return false
			}
			switch s.peek() {
			case 't':
				e.IsBase64Encoded = true
				return s.literal("true")
			case 'f':
				e.IsBase64Encoded = false
				return s.literal("false")
			case 'n':
				return s.literal("null")
			}
			return false
		case "requestContext":
			return seen.first(10) && (s.null() || s.requestContext(&e.RequestContext))
		case "rawPath":
			return seen.first(11) && s.strField(&e.RawPath)
		case "rawQueryString":
			return seen.first(12) && s.strField(&e.RawQueryString)
		case "cookies":
			if !seen.first(13) {
				return false
			}
			if s.null() {
				return true
			}
			c, ok := s.strSlice()
			e.Cookies = c
			return ok
		}
		return !folds(k, topFields) && s.skip(0)
	})
}

func (s *scanner) requestContext(c *eventContext) bool {
	var seen seenField
	return s.object(func(k []byte) bool {
		switch string(k) {
		case "requestId":
			return seen.first(0) && s.strField(&c.RequestID)
		case "stage":
			return seen.first(1) && s.strField(&c.Stage)
		case "path":
			return seen.first(2) && s.strField(&c.Path)
		case "domainName":
			return seen.first(3) && s.strField(&c.DomainName)
		case "protocol":
			return seen.first(4) && s.strField(&c.Protocol)
		case "identity":
			if !seen.first(5) {
				return false
			}
			if s.null() {
				return true
			}
			var seen2 seenField
			return s.object(func(k []byte) bool {
				if string(k) == "sourceIp" {
					return seen2.first(0) && s.strField(&c.Identity.SourceIP)
				}
				return !folds(k, identityFields) && s.skip(0)
			})
		case "http":
			if !seen.first(6) {
				return false
			}
			if s.null() {
				return true
			}
			var seen2 seenField
			h := &c.HTTP
			return s.object(func(k []byte) bool {
				switch string(k) {
				case "method":
					return seen2.first(0) && s.strField(&h.Method)
				case "path":
					return seen2.first(1) && s.strField(&h.Path)
				case "protocol":
					return seen2.first(2) && s.strField(&h.Protocol)
				case "sourceIp":
					return seen2.first(3) && s.strField(&h.SourceIP)
				}
				return !folds(k, httpFields) && s.skip(0)
			})
		case "authorizer":
			// Kept raw: decoded only when present (see callerFrom).
			return seen.first(7) && s.raw(&c.Authorizer)
		}
		return !folds(k, ctxFields) && s.skip(0)
	})
}

// strField decodes a string field; null leaves it unchanged.
func (s *scanner) strField(dst *string) bool {
	if s.null() {
		return true
	}
	v, ok := s.str()
	*dst = v
	return ok
}

// raw stores the raw bytes of any JSON value (a json.RawMessage field).
// They alias the payload, which outlives the request.
func (s *scanner) raw(dst *json.RawMessage) bool {
	s.ws()
	start := s.i
	if !s.skip(0) {
		return false
	}
	*dst = s.data[start:s.i:s.i]
	return true
}

// strArray appends the strings of a JSON array to s.vals; null elements
// are left to encoding/json.
func (s *scanner) strArray() bool {
	if !s.consume('[') {
		return false
	}
	if s.consume(']') {
		return true
	}
	for {
		v, ok := s.str()
		if !ok {
			return false
		}
		if s.vals == nil {
			s.vals = make([]string, 0, 24)
		}
		s.vals = append(s.vals, v)
		if s.consume(',') {
			continue
		}
		return s.consume(']')
	}
}

// mapKey parses an object key of a string map, followed by ':'.
func (s *scanner) mapKey() (string, bool) {
	k, ok := s.str()
	return k, ok && s.consume(':')
}

// members calls member for each key of the object at s.i.
func (s *scanner) members(member func(k string) bool) bool {
	if !s.consume('{') {
		return false
	}
	if s.consume('}') {
		return true
	}
	for {
		k, ok := s.mapKey()
		if !ok || !member(k) {
			return false
		}
		if s.consume(',') {
			continue
		}
		return s.consume('}')
	}
}

// strSlice decodes a JSON array of strings into a slice of s.vals capped
// at its length, so appending to it never touches its neighbours.
func (s *scanner) strSlice() ([]string, bool) {
	start := len(s.vals)
	if !s.strArray() {
		return nil, false
	}
	if len(s.vals) == start {
		return []string{}, true
	}
	return s.vals[start:len(s.vals):len(s.vals)], true
}

// headerMap decodes multiValueHeaders into an http.Header with canonical
// keys. Two names with the same canonical form go to encoding/json.
func (s *scanner) headerMap() (http.Header, bool) {
	h := make(http.Header, 16)
	ok := s.members(func(k string) bool {
		vs, ok := s.strSlice()
		if !ok {
			return false
		}
		ck := textproto.CanonicalMIMEHeaderKey(k)
		if _, dup := h[ck]; dup {
			return false
		}
		h[ck] = vs
		return true
	})
	return h, ok
}

// multiMap decodes an object of string arrays; a repeated key goes to
// encoding/json.
func (s *scanner) multiMap() (map[string][]string, bool) {
	m := make(map[string][]string, 8)
	ok := s.members(func(k string) bool {
		vs, ok := s.strSlice()
		if !ok {
			return false
		}
		if _, dup := m[k]; dup {
			return false
		}
		m[k] = vs
		return true
	})
	return m, ok
}

// stringMap decodes an object of strings; a repeated key goes to
// encoding/json.
func (s *scanner) stringMap() (map[string]string, bool) {
	m := make(map[string]string, 8)
	ok := s.members(func(k string) bool {
		v, ok := s.str()
		if !ok {
			return false
		}
		if _, dup := m[k]; dup {
			return false
		}
		m[k] = v
		return true
	})
	return m, ok
}

// body decodes the body string: without escapes it is used in place,
// otherwise it is unescaped into a pooled buffer that the event releases
// when Invoke returns. Both are safe because, as with net/http, a handler
// must not read Request.Body after ServeHTTP returns (the Lambda runtime
// reuses its payload buffer for the next event).
func (s *scanner) body(e *event) bool {
	if s.peek() != '"' {
		return false
	}
	buf := getBuf()
	b, start, end, plain, ok := s.appendStr((*buf)[:0])
	if !ok {
		putBuf(buf)
		return false
	}
	if plain {
		putBuf(buf)
		e.body = s.data[start:end:end]
	} else {
		*buf = b
		e.keepBuf(buf)
		e.body = b
	}
	return true
}

// skip validates and skips any JSON value.
func (s *scanner) skip(depth int) bool {
	if depth > maxScanDepth {
		return false
	}
	switch s.peek() {
	case '"':
		return s.skipStr()
	case '{':
		s.i++
		if s.consume('}') {
			return true
		}
		for {
			if !s.skipStr() || !s.consume(':') || !s.skip(depth+1) {
				return false
			}
			if s.consume(',') {
				continue
			}
			return s.consume('}')
		}
	case '[':
		s.i++
		if s.consume(']') {
			return true
		}
		for {
			if !s.skip(depth + 1) {
				return false
			}
			if s.consume(',') {
				continue
			}
			return s.consume(']')
		}
	case 't':
		return s.literal("true")
	case 'f':
		return s.literal("false")
	case 'n':
		return s.literal("null")
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return s.number()
	}
	return false
}

// skipStr validates and skips a string (after spaces). Like encoding/json
// it accepts any bytes >= 0x20, valid UTF-8 or not.
func (s *scanner) skipStr() bool {
	if s.peek() != '"' {
		return false
	}
	d := s.data
	i := s.i + 1
	for i < len(d) {
		c := d[i]
		switch {
		case c == '"':
			s.i = i + 1
			return true
		case c < 0x20:
			return false
		case c == '\\':
			if i+1 >= len(d) {
				return false
			}
			switch d[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if _, ok := hex4(d[i+2:]); !ok {
					return false
				}
				i += 6
			default:
				return false
			}
		default:
			i++
		}
	}
	return false
}

// number validates and skips a JSON number.
func (s *scanner) number() bool {
	d := s.data
	i := s.i
	if i < len(d) && d[i] == '-' {
		i++
	}
	digits := func() bool {
		j := i
		for i < len(d) && '0' <= d[i] && d[i] <= '9' {
			i++
		}
		return i > j
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case i < len(d) && '1' <= d[i] && d[i] <= '9':
		digits()
	default:
		return false
	}
	if i < len(d) && d[i] == '.' {
		i++
		if !digits() {
			return false
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if !digits() {
			return false
		}
	}
	s.i = i
	return true
}

// scanHeaders is the fast path for the single-value "headers" object (HTTP
// API events, and REST events without multiValueHeaders): an http.Header with
// canonical keys, built without the intermediate map[string]string. ok is
// false for anything it does not handle exactly like stringMap followed by
// canonicalisation (null, non-string values, invalid UTF-8, surrogate
// escapes, two names with one canonical form); the caller then takes that
// path.
func scanHeaders(raw []byte, extra int) (h http.Header, ok bool) {
	if len(raw) == 0 || raw[0] != '{' {
		return nil, false
	}
	s := scanner{data: raw}
	h = make(http.Header, 16+extra)
	ok = s.members(func(k string) bool {
		v, ok := s.str()
		if !ok {
			return false
		}
		ck := textproto.CanonicalMIMEHeaderKey(k)
		if _, dup := h[ck]; dup {
			return false
		}
		if s.vals == nil {
			s.vals = make([]string, 0, 24)
		}
		n := len(s.vals)
		s.vals = append(s.vals, v)
		h[ck] = s.vals[n : n+1 : n+1]
		return true
	})
	s.ws()
	return h, ok && s.i == len(raw)
}
