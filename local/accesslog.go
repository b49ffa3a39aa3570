package local

import (
	"io"
	"strconv"
	"sync"
	"time"

	"github.com/strangler-fig/strangler/planner/cflog"
)

// AccessLogHeader starts a log file as CloudFront starts each one.
const AccessLogHeader = "#Version: 1.0\n#Fields: " + cflog.DefaultFields + "\n"

// AccessEntry is one request as the edge saw it.
type AccessEntry struct {
	End           time.Time // when the answer was sent
	ClientIP      string
	ClientPort    string
	Method        string
	Path          string // as the viewer sent it, percent-encoded
	Query         string // as the viewer sent it, without "?"
	Status        int
	BytesOut      int64 // headers and body sent to the viewer
	BytesIn       int64
	ContentType   string
	ContentLength int64
	Host          string // the viewer's Host
	Referer       string
	UserAgent     string
	Cookie        string
	ForwardedFor  string
	Protocol      string // "HTTP/1.1"
	TimeTaken     time.Duration
	FirstByte     time.Duration
	RequestID     string
	ResultType    string // Miss, Error, FunctionExecutionError...
	DetailedType  string // default ResultType
}

// AccessLog writes CloudFront standard log lines (the 33 fields of
// cflog.DefaultFields, tab-separated, "-" for empty), one per request,
// so the planner and the parity check read local traffic as they read
// the distribution's.
type AccessLog struct {
	mu  sync.Mutex
	w   io.Writer
	buf []byte
}

// NewAccessLog writes to w; withHeader starts with the #Version and #Fields lines.
func NewAccessLog(w io.Writer, withHeader bool) (*AccessLog, error) {
	if withHeader {
		if _, err := io.WriteString(w, AccessLogHeader); err != nil {
			return nil, err
		}
	}
	return &AccessLog{w: w}, nil
}

// Write logs one request; each line is written whole, at once.
func (l *AccessLog) Write(e AccessEntry) error {
	if l == nil {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf = appendEntry(l.buf[:0], e)
	_, err := l.w.Write(l.buf)
	return err
}

func appendEntry(b []byte, e AccessEntry) []byte {
	t := e.End.UTC()
	b = t.AppendFormat(b, "2006-01-02\t15:04:05")
	field := func(s string) {
		b = append(b, '\t')
		b = appendLogValue(b, s)
	}
	num := func(n int64) {
		b = append(b, '\t')
		b = strconv.AppendInt(b, n, 10)
	}
	seconds := func(d time.Duration) {
		b = append(b, '\t')
		b = strconv.AppendFloat(b, d.Seconds(), 'f', 3, 64)
	}
	result := e.ResultType
	if result == "" {
		result = "Miss"
	}
	detailed := e.DetailedType
	if detailed == "" {
		detailed = result
	}
	field("LOCAL1-C1")            // x-edge-location
	num(e.BytesOut)               // sc-bytes
	field(e.ClientIP)             // c-ip
	field(e.Method)               // cs-method
	field("local.cloudfront.net") // cs(Host): the distribution's name
	field(e.Path)                 // cs-uri-stem
	num(int64(e.Status))          // sc-status
	field(e.Referer)              // cs(Referer)
	field(e.UserAgent)            // cs(User-Agent)
	field(e.Query)                // cs-uri-query
	field(e.Cookie)               // cs(Cookie)
	field(result)                 // x-edge-result-type
	field(e.RequestID)            // x-edge-request-id
	field(e.Host)                 // x-host-header
	field("http")                 // cs-protocol
	num(e.BytesIn)                // cs-bytes
	seconds(e.TimeTaken)          // time-taken
	field(e.ForwardedFor)         // x-forwarded-for
	field("")                     // ssl-protocol
	field("")                     // ssl-cipher
	field(result)                 // x-edge-response-result-type
	field(e.Protocol)             // cs-protocol-version
	field("")                     // fle-status
	field("")                     // fle-encrypted-fields
	field(e.ClientPort)           // c-port
	seconds(e.FirstByte)          // time-to-first-byte
	field(detailed)               // x-edge-detailed-result-type
	field(e.ContentType)          // sc-content-type
	num(e.ContentLength)          // sc-content-len
	field("")                     // sc-range-start
	field("")                     // sc-range-end
	return append(b, '\n')
}

// appendLogValue writes s as CloudFront logs a value: "-" for empty,
// spaces, tabs, controls, non-ASCII, quotes and backslashes as %XX;
// anything else (the viewer's own %XX escapes, ";", "&") as sent.
func appendLogValue(b []byte, s string) []byte {
	if s == "" {
		return append(b, '-')
	}
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || c == '"' || c == '\\' {
			b = append(b, '%', hex[c>>4], hex[c&15])
			continue
		}
		b = append(b, c)
	}
	return b
}
