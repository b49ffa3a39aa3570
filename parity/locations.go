package parity

import (
	"fmt"
	"net/http"
	"strings"
)

// A location is where a difference is: "status", "body", "header:Name",
// or a JSON Pointer. Ignores and noise are sets of location patterns: a
// pattern covers a location when it is the location or one of its
// ancestors, and a "*" segment in a JSON Pointer pattern stands for any one
// member name or index ("/items/*/updatedAt").

// Pattern is a parsed location pattern.
type Pattern struct {
	text string
	segs []string // JSON Pointer segments; nil for the other locations
}

func (p Pattern) String() string { return p.text }

// ParseIgnore reads an ignore given by a user: a JSON Pointer ("/meta",
// "/items/*/updatedAt", "" or "/" for no body at all is refused), or
// "status" or "body".
func ParseIgnore(s string) (Pattern, error) {
	switch {
	case s == "status":
		return Pattern{text: s}, nil
	case s == "body":
		return Pattern{text: s, segs: []string{}}, nil // the body, and every value in it
	case strings.HasPrefix(s, "/") && s != "/":
		return pointerPattern(s), nil
	}
	return Pattern{}, fmt.Errorf("ignore %q: give a JSON Pointer such as /meta/requestId or /items/*/updatedAt (RFC 6901, * for any index), or status or body; headers go to --ignore-header", s)
}

// HeaderPattern is the location of a response header, in any case.
func HeaderPattern(name string) Pattern {
	return Pattern{text: "header:" + http.CanonicalHeaderKey(strings.TrimSpace(name))}
}

func pointerPattern(p string) Pattern {
	return Pattern{text: p, segs: strings.Split(p, "/")[1:]}
}

// noiseOf turns a difference between the two primary answers into the
// pattern that learned noise keeps: array indices become "*", so a request
// id that differs in every item of a list is noise in all of them. A
// cosmetic difference is noise for that kind only: a monolith that writes
// members in random order still has every value compared.
func noiseOf(d Difference) Pattern {
	if d.Kind.Cosmetic() {
		return Pattern{text: cosmeticText(d.Kind)}
	}
	where := d.Where
	if !strings.HasPrefix(where, "/") {
		return Pattern{text: where}
	}
	segs := strings.Split(where, "/")[1:]
	for i, s := range segs {
		if isIndex(s) || s == "-" {
			segs[i] = "*"
		}
	}
	return Pattern{text: "/" + strings.Join(segs, "/"), segs: segs}
}

func cosmeticText(k Kind) string { return "body#" + string(k) }

// covers: p is the location where or one of its ancestors.
func (p Pattern) covers(where string) bool {
	if p.segs == nil {
		return p.text == where
	}
	if len(p.segs) == 0 { // "body"
		return where == "body" || where == "" || strings.HasPrefix(where, "/")
	}
	if !strings.HasPrefix(where, "/") {
		return false
	}
	segs := strings.Split(where, "/")[1:]
	if len(p.segs) > len(segs) {
		return false
	}
	for i, s := range p.segs {
		if s != "*" && s != segs[i] && !(segs[i] == "-" && s == "*") {
			return false
		}
	}
	return true
}

// patternSet is a small set of patterns (noise of one route, or ignores).
type patternSet struct {
	list []Pattern
	have map[string]bool
}

// add keeps p unless it is there already; it reports whether it is new.
func (s *patternSet) add(p Pattern) bool {
	if s.have == nil {
		s.have = map[string]bool{}
	}
	if s.have[p.text] {
		return false
	}
	s.have[p.text] = true
	s.list = append(s.list, p)
	return true
}

func (s *patternSet) len() int { return len(s.list) }

// covers: some pattern covers d (for a rename, either of its ends).
func (s *patternSet) covers(d Difference) bool {
	for _, p := range s.list {
		if d.Kind.Cosmetic() && p.text == cosmeticText(d.Kind) || p.covers(d.Where) || d.To != "" && p.covers(d.To) {
			return true
		}
	}
	return false
}
