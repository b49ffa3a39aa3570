// Package routes turns concrete request paths into route templates
// ("/user/123" -> "/user/{id}") as the log is read, in one pass and in
// bounded memory.
//
// Paths are kept in a tree of segments. At each node:
//
//  1. A template from the route manifest wins: its literal segments first,
//     then its parameter, which takes every other value (so /user/me goes
//     to /user/{id} when the manifest says /user/{id}, exactly as API
//     Gateway and CloudFront will route it).
//  2. A segment that is a number, a UUID or a hex hash of 16+ digits goes to
//     the node's parameter: {id}, {uuid} or {hash}.
//  3. Any other segment is a literal child, until the node has more than
//     MaxLiterals distinct ones: then they are all folded into the
//     parameter (high-cardinality segments such as user names), and so is
//     every later value.
//  4. When reading is done, Learn folds the literal children of nodes whose
//     values are mostly one-offs: at least MinDistinct distinct values that
//     make up at least DistinctRatio of the requests under the node.
//
// A node has at most one parameter child, so two templates never use two
// different names at one level (API Gateway refuses that).
package routes

import (
	"fmt"
	"slices"
	"strings"

	"github.com/strangler-fig/strangler/manifest"
)

// Kinds of parameter values, by what they looked like.
const (
	kindNumber = iota
	kindUUID
	kindHash
	kindOther
	numKinds
)

// Node is one segment position in the tree.
type Node[T any] struct {
	parent   *Node[T]
	literal  string              // for a literal node
	children map[string]*Node[T] // literal children
	param    *Node[T]            // the variable child
	isParam  bool
	// fromManifest: the node belongs to a manifest template and is never folded.
	fromManifest bool
	// manifestRoute: a manifest template ends here.
	manifestRoute bool
	greedy        bool
	name          string // the parameter's name, when set by the manifest
	kinds         [numKinds]int64
	folded        bool // literal children are folded into param from now on
	// Value holds what is aggregated for requests ending here.
	Value *T
}

// Options tune the learning of high-cardinality segments.
type Options struct {
	// MaxLiterals is how many distinct literal values a position may have
	// before they are folded into a parameter while reading. Default 64.
	MaxLiterals int
	// MinDistinct and DistinctRatio: after reading, a position with at
	// least MinDistinct distinct literals that make up at least
	// DistinctRatio of its requests is folded. Defaults 10 and 0.05.
	MinDistinct   int
	DistinctRatio float64
}

func (o *Options) defaults() {
	if o.MaxLiterals <= 0 {
		o.MaxLiterals = 64
	}
	if o.MinDistinct <= 0 {
		o.MinDistinct = 10
	}
	if o.DistinctRatio <= 0 {
		o.DistinctRatio = 0.05
	}
}

// Tree maps paths to templates and holds a T per template.
type Tree[T any] struct {
	root    *Node[T]
	opts    Options
	merge   func(dst, src *T)
	newT    func() *T
	scratch []byte
	segs    [][]byte
	weight  int64 // requests one Lookup stands for (LookupN)
}

// New makes a tree. newT makes an empty aggregate, merge adds src into dst
// (used when segments are folded and when trees are merged). The manifest
// templates, if any, take precedence over learned ones.
func New[T any](opts Options, templates []manifest.Template, newT func() *T, merge func(dst, src *T)) *Tree[T] {
	opts.defaults()
	t := &Tree[T]{root: &Node[T]{}, opts: opts, merge: merge, newT: newT}
	for _, tpl := range templates {
		n := t.root
		n.fromManifest = true
		for _, s := range tpl.Segments {
			if s.Param != "" {
				if n.param == nil {
					n.param = &Node[T]{parent: n, isParam: true}
				}
				n = n.param
				n.name, n.greedy = s.Param, s.Greedy
			} else {
				c := n.children[s.Literal]
				if c == nil {
					c = &Node[T]{parent: n, literal: s.Literal}
					if n.children == nil {
						n.children = map[string]*Node[T]{}
					}
					n.children[s.Literal] = c
				}
				n = c
			}
			n.fromManifest = true
		}
		n.manifestRoute = true
	}
	return t
}

// LookupN is n Lookups of path at once: a path seen n times (e.g. a row
// of an aggregate) counts n times in the naming of parameters.
func (t *Tree[T]) LookupN(path []byte, n int64) *T {
	t.weight = max(1, n)
	defer func() { t.weight = 0 }()
	return t.Lookup(path)
}

func (t *Tree[T]) w() int64 { return max(1, t.weight) }

// Lookup finds (creating as needed) the node for a URL-encoded request
// path and returns its aggregate.
func (t *Tree[T]) Lookup(path []byte) *T {
	n := t.root
	for len(path) > 0 && !n.greedy {
		if path[0] == '/' {
			path = path[1:]
			continue
		}
		i := 0
		for i < len(path) && path[i] != '/' {
			i++
		}
		seg := path[:i]
		path = path[i:]
		if hasPercent(seg) {
			t.scratch = unescape(t.scratch[:0], seg)
			seg = t.scratch
		}
		n = t.step(n, seg)
	}
	if n.Value == nil {
		n.Value = t.newT()
	}
	return n.Value
}

func (t *Tree[T]) step(n *Node[T], seg []byte) *Node[T] {
	if c, ok := n.children[string(seg)]; ok {
		return c
	}
	if n.param != nil && (n.param.fromManifest || n.folded) {
		n.param.kinds[classify(seg)] += t.w()
		return n.param
	}
	if k := classify(seg); k != kindOther {
		p := t.paramOf(n)
		p.kinds[k] += t.w()
		return p
	}
	if len(n.children) >= t.opts.MaxLiterals {
		t.fold(n)
		n.param.kinds[kindOther] += t.w()
		return n.param
	}
	c := &Node[T]{parent: n, literal: string(seg)}
	if n.children == nil {
		n.children = map[string]*Node[T]{}
	}
	n.children[c.literal] = c
	return c
}

func (t *Tree[T]) paramOf(n *Node[T]) *Node[T] {
	if n.param == nil {
		n.param = &Node[T]{parent: n, isParam: true}
	}
	return n.param
}

// fold merges every non-manifest literal child of n into its parameter.
func (t *Tree[T]) fold(n *Node[T]) {
	p := t.paramOf(n)
	n.folded = true
	for k, c := range n.children {
		if c.fromManifest {
			continue
		}
		delete(n.children, k)
		p.kinds[kindOther] += max(1, c.kinds[kindOther])
		t.mergeInto(p, c)
	}
}

// mergeInto moves src's aggregates and subtree into dst.
func (t *Tree[T]) mergeInto(dst, src *Node[T]) {
	if src.Value != nil {
		if dst.Value == nil {
			dst.Value = t.newT()
		}
		t.merge(dst.Value, src.Value)
	}
	if src.isParam && dst.isParam {
		for i := range dst.kinds {
			dst.kinds[i] += src.kinds[i]
		}
	}
	if src.folded && !dst.folded && !dst.greedy {
		t.fold(dst)
	}
	for _, c := range sortedChildren(src) {
		t.moveChild(dst, c)
	}
	if src.param != nil {
		if dst.greedy {
			t.mergeInto(dst, src.param)
		} else {
			p := t.paramOf(dst)
			t.mergeInto(p, src.param)
		}
	}
}

// moveChild places literal child c (from another node) under dst.
func (t *Tree[T]) moveChild(dst, c *Node[T]) {
	switch {
	case dst.greedy:
		t.mergeInto(dst, c)
	case dst.children[c.literal] != nil:
		t.mergeInto(dst.children[c.literal], c)
	case dst.param != nil && (dst.param.fromManifest || dst.folded):
		dst.param.kinds[kindOther]++
		t.mergeInto(dst.param, c)
	case classify([]byte(c.literal)) != kindOther:
		p := t.paramOf(dst)
		p.kinds[classify([]byte(c.literal))]++
		t.mergeInto(p, c)
	default:
		moved := &Node[T]{parent: dst, literal: c.literal}
		if dst.children == nil {
			dst.children = map[string]*Node[T]{}
		}
		dst.children[c.literal] = moved
		t.mergeInto(moved, c)
		if len(dst.children) > t.opts.MaxLiterals {
			t.fold(dst)
		}
	}
}

func sortedChildren[T any](n *Node[T]) []*Node[T] {
	out := make([]*Node[T], 0, len(n.children))
	for _, c := range n.children {
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b *Node[T]) int { return strings.Compare(a.literal, b.literal) })
	return out
}

// Merge adds every path of o (another tree made with the same manifest
// and options, e.g. by another worker) into t. o is unusable afterwards.
func (t *Tree[T]) Merge(o *Tree[T]) { t.mergeInto(t.root, o.root) }

// Learn applies the after-reading rule (see the package comment), top
// down, so that folding a position can reveal a repeated structure below.
func (t *Tree[T]) Learn() { t.learn(t.root) }

func (t *Tree[T]) learn(n *Node[T]) {
	if !n.greedy && !n.folded {
		distinct, total := 0, int64(0)
		for _, c := range n.children {
			if c.fromManifest {
				continue
			}
			distinct++
			total += c.requests(t)
		}
		if distinct >= t.opts.MinDistinct && total > 0 && float64(distinct) >= t.opts.DistinctRatio*float64(total) {
			t.fold(n)
		}
	}
	for _, c := range sortedChildren(n) {
		t.learn(c)
	}
	if n.param != nil {
		t.learn(n.param)
	}
}

// counter lets the tree count requests under a node without knowing T.
type counter interface{ RequestCount() int64 }

func (n *Node[T]) requests(t *Tree[T]) int64 {
	var sum int64
	if n.Value != nil {
		if c, ok := any(n.Value).(counter); ok {
			sum += c.RequestCount()
		} else {
			sum++
		}
	}
	for _, c := range n.children {
		sum += c.requests(t)
	}
	if n.param != nil {
		sum += n.param.requests(t)
	}
	return sum
}

// Route is one template with its aggregate.
type Route[T any] struct {
	Template string
	// FromManifest is true when the template is one of the manifest's.
	FromManifest bool
	Value        *T
	// Segments of the template, as the tree matches them (literals decoded).
	Segments []Segment
}

// Segment is one position of a template: a literal (decoded, as Lookup
// compares it), a parameter, or a greedy parameter taking the rest.
type Segment struct {
	Literal       string
	Param, Greedy bool
}

// Routes lists every template that had requests, in template order.
func (t *Tree[T]) Routes() []Route[T] {
	var out []Route[T]
	var walk func(n *Node[T], prefix string, used []string, segs []Segment)
	walk = func(n *Node[T], prefix string, used []string, segs []Segment) {
		if n.Value != nil {
			tpl := prefix
			if tpl == "" {
				tpl = "/"
			}
			out = append(out, Route[T]{Template: tpl, FromManifest: n.manifestRoute, Value: n.Value, Segments: slices.Clone(segs)})
		}
		for _, c := range sortedChildren(n) {
			walk(c, prefix+"/"+literalEscaper.Replace(c.literal), used, append(slices.Clip(segs), Segment{Literal: c.literal}))
		}
		if p := n.param; p != nil {
			name := paramName(p, n, used)
			seg := "{" + name + "}"
			if p.greedy {
				seg = "{" + name + "+}"
			}
			walk(p, prefix+"/"+seg, append(slices.Clip(used), name), append(slices.Clip(segs), Segment{Param: true, Greedy: p.greedy}))
		}
	}
	walk(t.root, "", nil, nil)
	return out
}

// paramName names a learned parameter by what its values looked like:
// {id} for numbers, {uuid}, {hash}, and for other values the preceding
// literal made singular ("/users/alice" -> "/users/{user}"). A name already
// used earlier in the path gets the preceding literal as a prefix
// ("/users/{id}/orders/{orderId}").
func paramName[T any](p, parent *Node[T], used []string) string {
	if p.name != "" {
		return p.name
	}
	prev := ""
	if parent != nil && !parent.isParam && parent.literal != "" {
		prev = identifier(singular(parent.literal))
	}
	best, bestN := kindNumber, int64(-1)
	for k, n := range p.kinds {
		if n > bestN {
			best, bestN = k, n
		}
	}
	var name string
	switch best {
	case kindNumber:
		name = "id"
	case kindUUID:
		name = "uuid"
	case kindHash:
		name = "hash"
	default:
		name = prev
		if name == "" {
			name = "param"
		}
	}
	if !slices.Contains(used, name) {
		return name
	}
	if prev != "" && prev != name {
		cand := prev + strings.ToUpper(name[:1]) + name[1:]
		if !slices.Contains(used, cand) {
			return cand
		}
	}
	for i := 2; ; i++ {
		cand := fmt.Sprintf("%s%d", name, i)
		if !slices.Contains(used, cand) {
			return cand
		}
	}
}

// literalEscaper keeps a literal segment from reading as a parameter or
// as two segments: "{", "}" and "/" (decoded from %2F) are written encoded.
var literalEscaper = strings.NewReplacer("{", "%7B", "}", "%7D", "/", "%2F")

func singular(s string) string {
	switch {
	case strings.HasSuffix(s, "ies") && len(s) > 3:
		return s[:len(s)-3] + "y"
	case strings.HasSuffix(s, "ses") && len(s) > 3:
		return s[:len(s)-2]
	case strings.HasSuffix(s, "s") && !strings.HasSuffix(s, "ss") && len(s) > 1:
		return s[:len(s)-1]
	}
	return s
}

// identifier makes s a valid API Gateway parameter name (letters, digits,
// _; not starting with a digit), camel-casing across - . and similar.
func identifier(s string) string {
	var b strings.Builder
	up := false
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '_' || r >= '0' && r <= '9' && b.Len() > 0:
			if up && b.Len() > 0 && r >= 'a' && r <= 'z' {
				r -= 'a' - 'A'
			}
			b.WriteRune(r)
			up = false
		default:
			up = true
		}
	}
	return b.String()
}
