// Package cflog reads CloudFront standard access logs (the "legacy" and v2
// W3C layout S3 delivers as DISTRIBUTION.YYYY-MM-DD-HH.ID.gz): tab-separated
// lines under "#Version" and "#Fields" header lines, URL-encoded values and
// "-" for empty.
//
// Parsing is built for throughput: a line is scanned once on the caller's
// buffer, only the columns the planner needs are decoded, and nothing is
// allocated per line. Columns are found by name from the "#Fields" line, so
// a distribution that logs fewer or more fields still parses.
package cflog

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
)

// DefaultFields is the field list the CloudFront documentation gives for
// standard logs, used for lines that come before any "#Fields" header.
const DefaultFields = "date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type cs-protocol-version fle-status fle-encrypted-fields c-port time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len sc-range-start sc-range-end"

// Record is one request, holding only what the planner reads. The byte
// slices point into the line and are valid until the next line is parsed.
type Record struct {
	Time        int64  // request completion, Unix seconds (UTC)
	Method      []byte // cs-method
	Path        []byte // cs-uri-stem, still URL-encoded
	Query       []byte // cs-uri-query as logged (without "?"); nil when "-"
	Host        []byte // x-host-header (the viewer's Host), else cs(Host); nil when "-"
	Status      int    // sc-status; 0 when "-" (e.g. the viewer went away)
	Bytes       int64  // sc-bytes; 0 when "-"
	TimeTakenMs int64  // time-taken in milliseconds; -1 when the column is absent or "-"
	Line        int64  // 1-based line in its file, set by ChunkParser.Parse
}

// Field kinds the planner decodes.
const (
	colNone = iota
	colDate
	colTime
	colMethod
	colStem
	colStatus
	colBytes
	colTimeTaken
	colHost
	colXHost
	colQuery
)

// Columns maps a "#Fields" header to the columns the planner reads.
type Columns struct {
	kinds   []uint8 // kind of each column, in order
	last    int     // index of the last column that must be present
	hasTime bool
}

// ErrNoFields is returned by ParseFields for a header naming none of the
// required fields.
var ErrNoFields = errors.New("the #Fields line lacks date, time or cs-uri-stem")

// ParseFields reads a "#Fields: a b c" header line (the prefix is optional).
func ParseFields(line string) (*Columns, error) {
	line = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "#Fields:"))
	names := strings.Fields(line)
	c := &Columns{kinds: make([]uint8, len(names)), last: -1}
	need := map[uint8]bool{}
	for i, n := range names {
		var k uint8
		switch strings.ToLower(n) {
		case "date":
			k = colDate
		case "time":
			k = colTime
		case "cs-method":
			k = colMethod
		case "cs-uri-stem":
			k = colStem
		case "sc-status":
			k = colStatus
		case "sc-bytes":
			k = colBytes
		case "time-taken":
			k = colTimeTaken
			c.hasTime = true
		case "cs(host)":
			k = colHost
		case "x-host-header":
			k = colXHost
		case "cs-uri-query":
			k = colQuery
		}
		if k != colNone {
			c.kinds[i] = k
			need[k] = true
			c.last = i
		}
	}
	if !need[colDate] || !need[colTime] || !need[colStem] {
		return nil, fmt.Errorf("%w: %q", ErrNoFields, line)
	}
	return c, nil
}

// HasTimeTaken reports whether the header has a time-taken column.
func (c *Columns) HasTimeTaken() bool { return c.hasTime }

// ParseError says why a line was not a valid record.
type ParseError struct{ Reason string }

func (e *ParseError) Error() string { return e.Reason }

var (
	errTooFewFields = &ParseError{"too few tab-separated fields for the #Fields header"}
	errBadDate      = &ParseError{"date is not YYYY-MM-DD"}
	errBadTime      = &ParseError{"time is not HH:MM:SS"}
	errBadStatus    = &ParseError{"sc-status is not a number"}
	errBadBytes     = &ParseError{"sc-bytes is not a number"}
	errBadTaken     = &ParseError{"time-taken is not a number of seconds"}
	errBadStem      = &ParseError{"cs-uri-stem does not start with /"}
)

// dayCache remembers the last date seen, since lines of one file share it.
type dayCache struct {
	date [10]byte
	days int64
	ok   bool
}

// Parser parses lines for one Columns layout; it is not safe for
// concurrent use (it caches the last date).
type Parser struct {
	Columns *Columns
	day     dayCache
}

// Parse decodes one data line (without its newline) into r.
func (p *Parser) Parse(line []byte, r *Record) error {
	c := p.Columns
	var date, clock []byte
	r.Method, r.Path, r.Host, r.Query = nil, nil, nil, nil
	r.Status, r.Bytes, r.TimeTakenMs = 0, 0, -1
	var host []byte
	rest := line
	for i := 0; i <= c.last; i++ {
		var f []byte
		if j := bytes.IndexByte(rest, '\t'); j >= 0 {
			f, rest = rest[:j], rest[j+1:]
		} else if i == c.last {
			f, rest = rest, nil
		} else {
			return errTooFewFields
		}
		switch c.kinds[i] {
		case colDate:
			date = f
		case colTime:
			clock = f
		case colMethod:
			r.Method = f
		case colStem:
			r.Path = f
		case colStatus:
			if !isDash(f) {
				n, ok := atoi(f)
				if !ok {
					return errBadStatus
				}
				r.Status = int(n)
			}
		case colBytes:
			if !isDash(f) {
				n, ok := atoi(f)
				if !ok {
					return errBadBytes
				}
				r.Bytes = n
			}
		case colTimeTaken:
			if !isDash(f) {
				ms, ok := secondsToMs(f)
				if !ok {
					return errBadTaken
				}
				r.TimeTakenMs = ms
			}
		case colHost:
			if host == nil && !isDash(f) {
				host = f
			}
		case colXHost:
			if !isDash(f) {
				host = f // the viewer's Host header wins over the distribution name
			}
		case colQuery:
			if !isDash(f) {
				r.Query = f
			}
		}
	}
	r.Host = host
	if len(r.Path) == 0 || r.Path[0] != '/' {
		return errBadStem
	}
	days, ok := p.day.lookup(date)
	if !ok {
		return errBadDate
	}
	secs, ok := clockSeconds(clock)
	if !ok {
		return errBadTime
	}
	r.Time = days*86400 + secs
	return nil
}

func isDash(f []byte) bool { return len(f) == 1 && f[0] == '-' }

func atoi(f []byte) (int64, bool) {
	if len(f) == 0 || len(f) > 18 {
		return 0, false
	}
	var n int64
	for _, ch := range f {
		if ch < '0' || ch > '9' {
			return 0, false
		}
		n = n*10 + int64(ch-'0')
	}
	return n, true
}

// secondsToMs reads "0.102" (seconds, up to millisecond precision as
// CloudFront writes it; further digits are rounded) as 102.
func secondsToMs(f []byte) (int64, bool) {
	if len(f) == 0 || len(f) > 20 {
		return 0, false
	}
	var whole, frac int64
	digits, fracDigits := 0, 0
	inFrac, roundUp := false, false
	for _, ch := range f {
		switch {
		case ch == '.' && !inFrac:
			inFrac = true
		case ch < '0' || ch > '9':
			return 0, false
		case !inFrac:
			whole = whole*10 + int64(ch-'0')
			digits++
		default:
			switch {
			case fracDigits < 3:
				frac = frac*10 + int64(ch-'0')
			case fracDigits == 3:
				roundUp = ch >= '5'
			}
			fracDigits++
			digits++
		}
	}
	if digits == 0 {
		return 0, false
	}
	for d := min(fracDigits, 3); d < 3; d++ {
		frac *= 10
	}
	ms := whole*1000 + frac
	if roundUp {
		ms++
	}
	return ms, true
}

func (d *dayCache) lookup(f []byte) (int64, bool) {
	if len(f) != 10 {
		return 0, false
	}
	if d.ok && string(f) == string(d.date[:]) {
		return d.days, true
	}
	if f[4] != '-' || f[7] != '-' {
		return 0, false
	}
	y, ok1 := atoi(f[0:4])
	m, ok2 := atoi(f[5:7])
	day, ok3 := atoi(f[8:10])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || day < 1 || day > daysIn(y, m) {
		return 0, false
	}
	d.days = daysFromCivil(y, m, day)
	copy(d.date[:], f)
	d.ok = true
	return d.days, true
}

func daysIn(y, m int64) int64 {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil is Howard Hinnant's days_from_civil: days since 1970-01-01.
func daysFromCivil(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

func clockSeconds(f []byte) (int64, bool) {
	if len(f) != 8 || f[2] != ':' || f[5] != ':' {
		return 0, false
	}
	h, ok1 := atoi(f[0:2])
	m, ok2 := atoi(f[3:5])
	s, ok3 := atoi(f[6:8])
	if !ok1 || !ok2 || !ok3 || h > 23 || m > 59 || s > 60 {
		return 0, false
	}
	return h*3600 + m*60 + s, true
}
