package parity

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"
)

// Kind names a sort of difference.
type Kind string

// The kinds of difference. Those that Cosmetic reports true are shown but
// do not count against parity: a JSON client reads both answers alike.
const (
	KindStatus         Kind = "status"           // different status codes
	KindHeaderMissing  Kind = "header-missing"   // the primary sent the header, the candidate did not
	KindHeaderAdded    Kind = "header-added"     // the candidate sent a header the primary did not
	KindHeaderChanged  Kind = "header-changed"   // both sent it, with different values
	KindBodyBytes      Kind = "body-bytes"       // non-JSON bodies that differ
	KindBodyNotJSON    Kind = "body-not-json"    // one body is JSON, the other is not
	KindFieldMissing   Kind = "field-missing"    // an object member the candidate lacks
	KindFieldAdded     Kind = "field-added"      // an object member only the candidate has
	KindFieldRenamed   Kind = "field-renamed"    // the same value under another name
	KindItemMissing    Kind = "item-missing"     // the candidate's array is shorter
	KindItemAdded      Kind = "item-added"       // the candidate's array is longer
	KindValueChanged   Kind = "value-changed"    // same type, other value
	KindTypeChanged    Kind = "type-changed"     // e.g. an object where the primary had an array
	KindNumberAsString Kind = "number-vs-string" // the same number, once as a number and once as a string
	KindArrayOrder     Kind = "array-order"      // the same items in another order
	KindKeyOrder       Kind = "key-order"        // cosmetic: the same JSON with members in another order
	KindWhitespace     Kind = "whitespace"       // cosmetic: the same JSON tokens, other whitespace
	KindJSONSpelling   Kind = "json-spelling"    // cosmetic: the same values spelled otherwise (1.0 and 1, "\u00e9" and "é")
)

// Cosmetic kinds do not count against parity.
func (k Kind) Cosmetic() bool {
	return k == KindKeyOrder || k == KindWhitespace || k == KindJSONSpelling
}

// Difference is one way two answers differ.
type Difference struct {
	Kind Kind `json:"kind"`
	// Where: "status", "body", "header:Name" or a JSON Pointer ("" is the
	// whole document, "/products/0/price" a value in it).
	Where string `json:"where"`
	To    string `json:"to,omitempty"` // the new JSON Pointer of a renamed field
	// The relevant parts of each answer: the status, the header's value,
	// the JSON value at Where (shortened).
	Primary   string `json:"primary"`
	Candidate string `json:"candidate"`
}

// DefaultHeaders are the response headers compared unless told otherwise:
// what clients and caches act on.
var DefaultHeaders = []string{
	"Content-Type", "Cache-Control", "Location",
	"Access-Control-Allow-Origin", "Access-Control-Allow-Credentials", "Access-Control-Allow-Methods",
	"Access-Control-Allow-Headers", "Access-Control-Expose-Headers", "Access-Control-Max-Age",
}

// notCompared are headers that "*" still leaves out: they describe the
// connection or the encoding of this one answer, not the API.
var notCompared = []string{"Connection", "Content-Length", "Keep-Alive", "Transfer-Encoding", "Trailer", "Upgrade"}

// Comparer compares two answers.
type Comparer struct {
	headers []string // canonical names
	all     bool
}

// NewComparer compares the given headers (DefaultHeaders when nil; "*"
// for every header but the connection's own).
func NewComparer(headers []string) *Comparer {
	if headers == nil {
		headers = DefaultHeaders
	}
	c := &Comparer{}
	for _, h := range headers {
		if h == "*" {
			c.all = true
			continue
		}
		c.headers = append(c.headers, http.CanonicalHeaderKey(h))
	}
	return c
}

// Compare lists how the candidate's answer b differs from the primary's a.
func (c *Comparer) Compare(a, b Answer) []Difference {
	var out []Difference
	if a.Status != b.Status {
		// An error page and a resource are not compared member by member:
		// the status row shows both bodies' start instead.
		out = append(out, Difference{Kind: KindStatus, Where: "status",
			Primary: fmt.Sprint(a.Status, " ", snippet(a.Body)), Candidate: fmt.Sprint(b.Status, " ", snippet(b.Body))})
		return c.compareHeaders(out, a, b)
	}
	out = c.compareHeaders(out, a, b)
	return compareBodies(out, a, b)
}

func (c *Comparer) compareHeaders(out []Difference, a, b Answer) []Difference {
	names := c.headers
	if c.all {
		names = slices.Clone(names)
		for k := range a.Header {
			names = append(names, k)
		}
		for k := range b.Header {
			names = append(names, k)
		}
		slices.Sort(names)
		names = slices.Compact(names)
	}
	for _, h := range names {
		if c.all && slices.Contains(notCompared, h) {
			continue
		}
		av, bv := headerValue(a, h), headerValue(b, h)
		_, inA := a.Header[h]
		_, inB := b.Header[h]
		d := Difference{Where: "header:" + h, Primary: av, Candidate: bv}
		switch {
		case inA && !inB:
			d.Kind, d.Candidate = KindHeaderMissing, "(absent)"
		case !inA && inB:
			d.Kind, d.Primary = KindHeaderAdded, "(absent)"
		case av != bv:
			d.Kind = KindHeaderChanged
		default:
			continue
		}
		out = append(out, d)
	}
	return out
}

// headerValue joins a header's values; a Location on the target's own
// origin is made relative, since primary and candidate have different
// host names.
func headerValue(a Answer, name string) string {
	v := strings.Join(a.Header.Values(name), ", ")
	if name == "Location" && a.Origin != "" {
		if rest, ok := strings.CutPrefix(v, a.Origin); ok && (rest == "" || rest[0] == '/' || rest[0] == '?') {
			v = rest
		}
	}
	return v
}

func isJSONType(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return strings.Contains(ct, "json")
	}
	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}

func compareBodies(out []Difference, a, b Answer) []Difference {
	if bytes.Equal(a.Body, b.Body) {
		return out
	}
	jsonish := isJSONType(a.Header.Get("Content-Type")) || isJSONType(b.Header.Get("Content-Type"))
	aj, bj := json.Valid(a.Body), json.Valid(b.Body)
	switch {
	case aj && bj:
		return append(out, diffJSON(a.Body, b.Body)...)
	case jsonish && (aj || bj):
		return append(out, Difference{Kind: KindBodyNotJSON, Where: "body", Primary: snippet(a.Body), Candidate: snippet(b.Body)})
	}
	return append(out, Difference{Kind: KindBodyBytes, Where: "body", Primary: snippet(a.Body), Candidate: snippet(b.Body)})
}

// snippetLen bounds what an example keeps of a value.
const snippetLen = 300

func snippet(b []byte) string {
	if len(b) == 0 {
		return "(empty)"
	}
	if !utf8.Valid(b) {
		return fmt.Sprintf("(%d bytes, not UTF-8)", len(b))
	}
	return shorten(string(b))
}

func shorten(s string) string {
	if len(s) <= snippetLen {
		return s
	}
	cut := snippetLen
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s… (%d bytes)", s[:cut], len(s))
}
