package routing

import (
	"encoding/binary"
	"fmt"
	"slices"
	"sort"
)

// Rule is a route as CloudFront must treat it.
type Rule struct {
	Template Template
	// Handling names the origin and cache settings the route's requests
	// need. Rules with the same Handling may share a behaviour; a rule with
	// the default behaviour's Handling needs none unless a pattern would
	// take its paths elsewhere.
	Handling string
}

// Behavior is one CloudFront cache behaviour: a path pattern and the
// handling of the requests it takes.
type Behavior struct {
	Pattern  string
	Handling string
	// Rules lists the rules (by index) whose requests it takes, ascending.
	Rules []int
}

// Mismatch is a request path that a behaviour list sends the wrong way.
type Mismatch struct {
	Path string
	// Rule is the route API Gateway would pick for Path, -1 for none.
	Rule int
	// Want is the handling Path needs; Got what it gets.
	Want, Got string
	// Behavior is the first behaviour matching Path, -1 for the default.
	Behavior int
}

// Check says whether the behaviours, tried in order before the default
// behaviour (handling def), treat every request path as the rules say:
//   - a path that matches a rule's template gets the handling of the rule
//     API Gateway would pick (Precedes);
//   - a path that matches no template gets def, unless it matches the
//     CloudFront pattern of a rule handled otherwise (Template.EdgePattern):
//     there any behaviour may take it.
//
// Every path is covered, not a sample: see automaton.go. It returns the
// first wrong path (a shortest one), or nil and, per behaviour, the rules
// whose paths it takes.
func Check(rules []Rule, bs []Behavior, def string) (*Mismatch, [][]int, error) {
	c, err := newChecker(rules, def)
	if err != nil {
		return nil, nil, err
	}
	return c.run(bs)
}

// checker holds what does not change while behaviour lists are tried.
type checker struct {
	rules []Rule
	def   string
	abc   *alphabet
	tpl   []matcher // per rule
	ref   []matcher // edge patterns of the rules not handled by default
	rank  []int     // rank[i]: rule i's place in API Gateway's precedence, 0 first
}

func newChecker(rules []Rule, def string) (*checker, error) {
	c := &checker{rules: rules, def: def, abc: newAlphabet()}
	for _, r := range rules {
		m, err := c.abc.templateMatcher(r.Template)
		if err != nil {
			return nil, err
		}
		c.tpl = append(c.tpl, m)
		if r.Handling != def {
			ref, err := c.abc.patternMatcher(r.Template.EdgePattern())
			if err != nil {
				return nil, err
			}
			c.ref = append(c.ref, ref)
		}
	}
	order := make([]int, len(rules))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return Precedes(rules[order[a]].Template, rules[order[b]].Template) })
	c.rank = make([]int, len(rules))
	for place, i := range order {
		c.rank[i] = place
	}
	return c, nil
}

func (c *checker) run(bs []Behavior) (*Mismatch, [][]int, error) {
	ms := make([]matcher, 0, len(c.tpl)+len(bs)+len(c.ref))
	ms = append(ms, c.tpl...)
	for _, b := range bs {
		m, err := c.abc.patternMatcher(b.Pattern)
		if err != nil {
			return nil, nil, err
		}
		ms = append(ms, m)
	}
	ms = append(ms, c.ref...)
	nt, nb := len(c.tpl), len(bs)
	attr := make([]map[int]bool, nb)
	for i := range attr {
		attr[i] = map[int]bool{}
	}

	// Breadth first over the product of the automata: each state is every
	// automaton's position set; a word reaching it is a path.
	type node struct {
		state  []uint64
		parent int
		sym    int
	}
	start := make([]uint64, len(ms))
	for i, m := range ms {
		start[i] = m.start()
	}
	nodes := []node{{state: start, parent: -1}}
	seen := map[string]bool{key(start, make([]byte, 8*len(ms))): true}
	nsym := len(c.abc.names)
	buf := make([]uint64, len(ms))
	kbuf := make([]byte, 8*len(ms))
	for n := 0; n < len(nodes); n++ {
		st := nodes[n].state
		winner := -1
		for i := 0; i < nt; i++ {
			if ms[i].accepts(st[i]) && (winner < 0 || c.rank[i] < c.rank[winner]) {
				winner = i
			}
		}
		first := -1
		for j := 0; j < nb; j++ {
			if ms[nt+j].accepts(st[nt+j]) {
				first = j
				break
			}
		}
		got := c.def
		if first >= 0 {
			got = bs[first].Handling
		}
		want, free := c.def, false
		if winner >= 0 {
			want = c.rules[winner].Handling
			if first >= 0 {
				attr[first][winner] = true
			}
		} else {
			for k := nt + nb; k < len(ms); k++ {
				free = free || ms[k].accepts(st[k])
			}
		}
		if got != want && !free {
			var word []int
			for k := n; nodes[k].parent >= 0; k = nodes[k].parent {
				word = append(word, nodes[k].sym)
			}
			slices.Reverse(word)
			return &Mismatch{Path: c.abc.path(word), Rule: winner, Want: want, Got: got, Behavior: first}, nil, nil
		}
		for sym := 0; sym < nsym; sym++ {
			alive := false
			for i, m := range ms {
				buf[i] = m.step(st[i], sym)
				alive = alive || buf[i] != 0
			}
			if !alive {
				continue // no pattern or template takes this path or any below it: the default does
			}
			if k := key(buf, kbuf); !seen[k] {
				seen[k] = true
				nodes = append(nodes, node{state: slices.Clone(buf), parent: n, sym: sym})
			}
		}
	}
	out := make([][]int, nb)
	for j, a := range attr {
		for i := range a {
			out[j] = append(out[j], i)
		}
		slices.Sort(out[j])
	}
	return nil, out, nil
}

// key writes st into b and returns it as a map key (the string copies).
func key(st []uint64, b []byte) string {
	for i, s := range st {
		binary.LittleEndian.PutUint64(b[8*i:], s)
	}
	return string(b)
}

// Precedes reports whether API Gateway picks template a over b for a path
// both match: segment by segment, a literal before a parameter before a
// greedy {name+}. Two templates that differ at a literal never match the
// same path; their order is alphabetical, and then a longer one first, so
// the order is total.
func Precedes(a, b Template) bool {
	rank := func(s Segment) int {
		switch {
		case s.Greedy:
			return 2
		case s.Param != "":
			return 1
		}
		return 0
	}
	for i := 0; i < len(a.Segments) && i < len(b.Segments); i++ {
		sa, sb := a.Segments[i], b.Segments[i]
		if ra, rb := rank(sa), rank(sb); ra != rb {
			return ra < rb
		}
		if sa.Literal != sb.Literal {
			return sa.Literal < sb.Literal
		}
	}
	return len(a.Segments) > len(b.Segments)
}

func (m *Mismatch) String() string {
	want := "no route"
	if m.Rule >= 0 {
		want = fmt.Sprintf("rule %d", m.Rule)
	}
	return fmt.Sprintf("%s (%s) needs %q but gets %q from behaviour %d", m.Path, want, m.Want, m.Got, m.Behavior)
}
