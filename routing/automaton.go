package routing

import (
	"fmt"
	"strings"
)

// Paths are read here a segment at a time, over an alphabet of the literal
// segments that the templates and patterns name, plus one symbol for every
// other segment (symbol 0). Templates and CloudFront patterns made of whole
// segments ("/users/*/orders", never "/users*") decide a path by which of
// those literals its segments equal, nothing else, so a question about
// every path ("does some path reach the wrong behaviour?") becomes a finite
// search over these symbols: exact, where sampling concrete paths is not.

// kind of one matcher item.
type kind uint8

const (
	litItem kind = iota // one segment equal to a literal
	oneItem             // any one segment
	anyItem             // zero or more segments
)

type item struct {
	kind kind
	sym  int // the literal's symbol, for litItem
}

// matcher is a non-deterministic automaton over segments: a sequence of
// items, its state the set of positions reached, as a bit mask (so at most
// maxItems items).
type matcher []item

const maxItems = 62

func (m matcher) start() uint64 { return m.close(1) }

// close adds the positions after each zero-or-more item reached.
func (m matcher) close(s uint64) uint64 {
	for p := range m {
		if s&(1<<p) != 0 && m[p].kind == anyItem {
			s |= 1 << (p + 1)
		}
	}
	return s
}

func (m matcher) step(s uint64, sym int) uint64 {
	var n uint64
	for p, it := range m {
		if s&(1<<p) == 0 {
			continue
		}
		switch it.kind {
		case litItem:
			if it.sym == sym {
				n |= 1 << (p + 1)
			}
		case oneItem:
			n |= 1 << (p + 1)
		case anyItem:
			n |= 1 << p
		}
	}
	return m.close(n)
}

func (m matcher) accepts(s uint64) bool { return s&(1<<len(m)) != 0 }

// alphabet numbers the literal segments; 0 is any other segment.
type alphabet struct {
	syms  map[string]int
	names []string // by symbol; names[0] is a segment equal to no literal
}

func newAlphabet() *alphabet { return &alphabet{syms: map[string]int{}, names: []string{""}} }

func (a *alphabet) sym(literal string) int {
	if s, ok := a.syms[literal]; ok {
		return s
	}
	a.syms[literal] = len(a.names)
	a.names = append(a.names, literal)
	return len(a.names) - 1
}

// other names a segment equal to no literal, for showing a path.
func (a *alphabet) other() string {
	for _, c := range []string{"1", "x", "id", "other"} {
		if _, ok := a.syms[c]; !ok {
			return c
		}
	}
	return "other-" + fmt.Sprint(len(a.names))
}

// path shows a word as a request path.
func (a *alphabet) path(word []int) string {
	if len(word) == 0 {
		return "/"
	}
	var b strings.Builder
	for _, s := range word {
		b.WriteByte('/')
		if s == 0 {
			b.WriteString(a.other())
		} else {
			b.WriteString(a.names[s])
		}
	}
	return b.String()
}

// templateMatcher: a parameter is one segment, a greedy one is one or more.
func (a *alphabet) templateMatcher(t Template) (matcher, error) {
	var m matcher
	for _, s := range t.Segments {
		switch {
		case s.Greedy:
			m = append(m, item{kind: oneItem}, item{kind: anyItem})
		case s.Param != "":
			m = append(m, item{kind: oneItem})
		default:
			m = append(m, item{kind: litItem, sym: a.sym(s.Literal)})
		}
	}
	if len(m) > maxItems {
		return nil, fmt.Errorf("%s has more than %d segments", t, maxItems)
	}
	return m, nil
}

// patternMatcher: CloudFront's "*" matches any run of characters, "/"
// included, so a whole-segment "*" is one segment or more ("/a/*/b" takes
// /a/1/b and /a/1/2/b; the run cannot be empty, as "/a//b" is no route's
// path). Patterns with "*" or "?" inside a segment are refused: they are
// not whole segments, and this package never makes them.
func (a *alphabet) patternMatcher(pattern string) (matcher, error) {
	if !strings.HasPrefix(pattern, "/") {
		return nil, fmt.Errorf("path pattern %q must start with /", pattern)
	}
	if pattern == "/" {
		return matcher{}, nil
	}
	var m matcher
	for _, seg := range strings.Split(pattern[1:], "/") {
		switch {
		case seg == "*":
			m = append(m, item{kind: oneItem}, item{kind: anyItem})
		case seg == "" || strings.ContainsAny(seg, "*?"):
			return nil, fmt.Errorf("path pattern %q: segment %q is not a literal or a whole *", pattern, seg)
		default:
			m = append(m, item{kind: litItem, sym: a.sym(seg)})
		}
	}
	if len(m) > maxItems {
		return nil, fmt.Errorf("path pattern %q has more than %d segments", pattern, maxItems)
	}
	return m, nil
}
