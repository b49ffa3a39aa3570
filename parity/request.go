package parity

import (
	"bytes"
	"strings"
)

// Request is one logged request chosen for replay.
type Request struct {
	Route  string // the template it matched, e.g. "/products/{id}"
	Method string
	Path   string // the path as sent: still percent-encoded, never decoded
	Query  string // the query as sent, without "?"; "" for none
	Source string // "file:line" of the log line
}

// Target is the query string plus "?" when there is one, as a log line or
// a report shows a request: "/products?id=1;2".
func (r Request) Target() string {
	if r.Query == "" {
		return r.Path
	}
	return r.Path + "?" + r.Query
}

// UnescapeLog gives back the bytes the viewer sent for a cs-uri-stem or
// cs-uri-query value. CloudFront URL-encodes some characters when it writes
// a log field, '%' among them, so a viewer's "%2F" is logged as "%252F"
// (CloudFront standard logging reference, "URL-encoded equivalents are used
// for spaces and certain other characters in field values"; seen in
// snowplow/snowplow#333 and mapbox/aws-log-replay#20). Undoing "%25" is
// exact; the other characters CloudFront escapes (space, quotes, control
// bytes) cannot appear raw in a request line, so their escapes are what a
// client sends anyway and stay as they are. Everything else, ';', '&',
// repeated keys, '+', is kept byte for byte.
func UnescapeLog(b []byte) string {
	if bytes.IndexByte(b, '%') < 0 {
		return string(b)
	}
	var s strings.Builder
	s.Grow(len(b))
	for i := 0; i < len(b); i++ {
		if b[i] == '%' && i+2 < len(b) && b[i+1] == '2' && b[i+2] == '5' {
			s.WriteByte('%')
			i += 2
			continue
		}
		s.WriteByte(b[i])
	}
	return s.String()
}

// hasControl reports bytes that cannot go into a request line as they are.
func hasControl(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] == 0x7f {
			return true
		}
	}
	return false
}
