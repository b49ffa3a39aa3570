package httpadapter

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// responseWriter buffers a handler's response.
type responseWriter struct {
	header      http.Header
	status      int
	wroteHeader bool
	body        bytes.Buffer
}

var writerPool = sync.Pool{New: func() any {
	return &responseWriter{header: make(http.Header, 4)}
}}

// maxPooledBody keeps very large response buffers out of the pool.
const maxPooledBody = 1 << 20

func getWriter() *responseWriter {
	w := writerPool.Get().(*responseWriter)
	w.status = http.StatusOK
	return w
}

func putWriter(w *responseWriter) {
	if w.body.Cap() > maxPooledBody {
		return
	}
	clear(w.header)
	w.wroteHeader = false
	w.body.Reset()
	writerPool.Put(w)
}

func (w *responseWriter) Header() http.Header { return w.header }

func (w *responseWriter) WriteHeader(code int) {
	if w.wroteHeader {
		return
	}
	if code < 100 || code > 999 {
		panic(fmt.Sprintf("invalid WriteHeader code %v", code))
	}
	if code < 200 {
		return // informational responses cannot be relayed through API Gateway
	}
	w.status = code
	w.wroteHeader = true
}

func (w *responseWriter) Write(p []byte) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	return w.body.Write(p)
}

func (w *responseWriter) WriteString(s string) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	return w.body.WriteString(s)
}

// Flush implements http.Flusher; the response is sent when the handler
// returns, so it does nothing.
func (w *responseWriter) Flush() {}

// finish applies what net/http would before sending: sniff a missing
// Content-Type.
func (w *responseWriter) finish() {
	if _, has := w.header["Content-Type"]; !has && w.body.Len() > 0 && w.header.Get("Content-Encoding") == "" {
		b := w.body.Bytes()
		w.header["Content-Type"] = []string{http.DetectContentType(b[:min(len(b), 512)])}
	}
}

// isTextual reports whether a body of this Content-Type can travel as a JSON
// string rather than base64.
func isTextual(h http.Header, body []byte) bool {
	if ce := h.Get("Content-Encoding"); ce != "" && !strings.EqualFold(ce, "identity") {
		return false
	}
	ct := h.Get("Content-Type")
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = ct[:i]
	}
	ct = strings.ToLower(strings.TrimSpace(ct))
	textual := strings.HasPrefix(ct, "text/") ||
		strings.Contains(ct, "json") ||
		strings.Contains(ct, "xml") ||
		strings.Contains(ct, "javascript") ||
		ct == "application/x-www-form-urlencoded" ||
		(ct == "" && len(body) == 0)
	return textual && utf8.Valid(body)
}

// encodeResponse writes the response event for the payload version into dst.
func encodeResponse(dst []byte, v2 bool, status int, h http.Header, body []byte) []byte {
	var keysBuf [16]string
	keys := keysBuf[:0]
	for k := range h {
		keys = append(keys, k)
	}
	slices.Sort(keys)

	dst = append(dst, `{"statusCode":`...)
	dst = strconv.AppendInt(dst, int64(status), 10)
	if v2 {
		dst = append(dst, `,"headers":{`...)
		first := true
		for _, k := range keys {
			vs := h[k]
			if k == "Set-Cookie" || len(vs) == 0 {
				continue
			}
			if !first {
				dst = append(dst, ',')
			}
			first = false
			dst = appendJSONString(dst, k)
			dst = append(dst, ':', '"')
			for i, v := range vs {
				if i > 0 {
					dst = append(dst, ',')
				}
				dst = appendJSONStringBody(dst, v)
			}
			dst = append(dst, '"')
		}
		dst = append(dst, '}')
		if cookies := h["Set-Cookie"]; len(cookies) > 0 {
			dst = append(dst, `,"cookies":[`...)
			for i, c := range cookies {
				if i > 0 {
					dst = append(dst, ',')
				}
				dst = appendJSONString(dst, c)
			}
			dst = append(dst, ']')
		}
	} else {
		dst = append(dst, `,"multiValueHeaders":{`...)
		first := true
		for _, k := range keys {
			vs := h[k]
			if len(vs) == 0 {
				continue
			}
			if !first {
				dst = append(dst, ',')
			}
			first = false
			dst = appendJSONString(dst, k)
			dst = append(dst, ':', '[')
			for i, v := range vs {
				if i > 0 {
					dst = append(dst, ',')
				}
				dst = appendJSONString(dst, v)
			}
			dst = append(dst, ']')
		}
		dst = append(dst, '}')
	}
	dst = append(dst, `,"body":"`...)
	if isTextual(h, body) {
		dst = appendJSONStringBody(dst, body)
		dst = append(dst, `","isBase64Encoded":false}`...)
	} else {
		dst = base64.StdEncoding.AppendEncode(dst, body)
		dst = append(dst, `","isBase64Encoded":true}`...)
	}
	return dst
}
