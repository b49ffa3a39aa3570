package routing

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
)

// Plan lists the CloudFront cache behaviours that treat every request as
// Check says, in CloudFront's order (the first pattern that matches wins),
// with few behaviours: CloudFront allows 75 per distribution by default.
//
// Routes are planned by their first segment: routes under /users and under
// /orders never share a path, so each group is planned alone. Within a
// group, Plan tries several lists and keeps the shortest one that Check
// accepts:
//   - one pattern per route ("/users/*/orders" for /users/{id}/orders);
//   - a pattern per depth under the prefix ("/users/*/*" then "/users/*":
//     CloudFront's "*" crosses "/", so "/users/*/*" is every path of three
//     segments or more), each sent the way most routes at that depth are;
//   - one pattern for the whole prefix ("/users/*"), for each handling;
//
// and repairs each from Check's counterexamples: a path sent the wrong way
// gets its route's own pattern ahead of the pattern that took it (an
// exception first, the generalisation after). Then it drops every
// behaviour the list can do without. Routes with a parameter as their
// first segment ("/{tenant}/reports") may share paths with any group, so
// then all routes are planned as one group, one pattern per route.
//
// A route needing the default's handling (a monolith path) gets a
// behaviour only where a migrated pattern would take its paths.
func Plan(rules []Rule, def string) ([]Behavior, error) {
	groups := map[string][]int{}
	var keys []string
	global := false
	for i, r := range rules {
		k := "/"
		if len(r.Template.Segments) > 0 {
			s := r.Template.Segments[0]
			if s.Param != "" {
				global = true
			}
			k = "/" + s.Literal
		}
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], i)
	}
	if global {
		all := make([]int, len(rules))
		for i := range all {
			all[i] = i
		}
		groups, keys = map[string][]int{"": all}, []string{""}
	}
	sort.Strings(keys)
	var out []Behavior
	for _, k := range keys {
		bs, err := planGroup(rules, groups[k], def, k != "" && k != "/")
		if err != nil {
			return nil, err
		}
		out = append(out, bs...)
	}
	return out, nil
}

// planGroup plans rules idx (indexes into rules), which share their first
// segment when prefixed.
func planGroup(rules []Rule, idx []int, def string, prefixed bool) ([]Behavior, error) {
	sub := make([]Rule, len(idx))
	for i, r := range idx {
		sub[i] = rules[r]
	}
	c, err := newChecker(sub, def)
	if err != nil {
		return nil, err
	}
	key := groupKey(sub, def)
	if bs, ok := plans.get(key); ok {
		return withRules(bs, idx), nil
	}
	var best []Behavior
	found := false
	var firstErr error
	for n, cand := range candidates(sub, def, prefixed) {
		bs, err := c.repair(cand)
		if err != nil {
			if n == 0 {
				firstErr = err // the one-pattern-per-route list says why best
			}
			continue
		}
		if !found || len(bs) < len(best) {
			best, found = bs, true
		}
	}
	if !found {
		if firstErr == nil {
			firstErr = &UnroutableError{msg: fmt.Sprintf("no list of CloudFront behaviours routes %s", templates(sub))}
		}
		return nil, firstErr
	}
	best, attr := c.prune(best)
	for j := range best {
		best[j].Rules = attr[j]
	}
	plans.put(key, best)
	return withRules(best, idx), nil
}

// withRules copies a group's plan with its rule numbers made the caller's.
func withRules(bs []Behavior, idx []int) []Behavior {
	out := make([]Behavior, len(bs))
	for j, b := range bs {
		out[j] = Behavior{Pattern: b.Pattern, Handling: b.Handling}
		for _, i := range b.Rules {
			out[j].Rules = append(out[j].Rules, idx[i])
		}
	}
	return out
}

// plans remembers recent group plans: the planner's forecast plans the
// manifest once per route it moves, and most groups are the same each time.
var plans = &planCache{m: map[string][]Behavior{}}

type planCache struct {
	mu sync.Mutex
	m  map[string][]Behavior
}

func (c *planCache) get(k string) ([]Behavior, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	bs, ok := c.m[k]
	return bs, ok
}

func (c *planCache) put(k string, bs []Behavior) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= 4096 {
		clear(c.m)
	}
	c.m[k] = bs
}

func groupKey(rules []Rule, def string) string {
	var b strings.Builder
	b.WriteString(def)
	for _, r := range rules {
		b.WriteString("\x00" + r.Template.String() + "\x01" + r.Handling)
	}
	return b.String()
}

// candidates are the lists repair starts from; the first is one pattern
// per route.
func candidates(rules []Rule, def string, prefixed bool) [][]Behavior {
	var perRoute []Behavior
	seen := map[string]bool{}
	for _, r := range rules {
		p := r.Template.EdgePattern()
		if r.Handling == def || seen[p] {
			continue
		}
		seen[p] = true
		perRoute = append(perRoute, Behavior{Pattern: p, Handling: r.Handling})
	}
	sort.SliceStable(perRoute, func(i, j int) bool { return MoreSpecific(perRoute[i].Pattern, perRoute[j].Pattern) })
	out := [][]Behavior{perRoute}
	if !prefixed || len(perRoute) == 0 {
		return out
	}
	prefix := "/" + rules[0].Template.Segments[0].Literal
	// The prefix itself (/users) is one path: its route's own pattern.
	var exact []Behavior
	maxDepth := 1
	for _, r := range rules {
		maxDepth = max(maxDepth, len(r.Template.Segments))
		if len(r.Template.Segments) == 1 && r.Handling != def {
			exact = append(exact, Behavior{Pattern: prefix, Handling: r.Handling})
		}
	}
	level := func(depth int) string { return prefix + strings.Repeat("/*", depth-1) } // every path of depth segments or more

	// A pattern per depth, deepest first, each sent as most routes of that
	// depth are; a depth handled as the one above it needs no pattern.
	var byDepth []Behavior
	for d := maxDepth; d >= 2; d-- {
		count := map[string]int{}
		var order []string
		for _, r := range rules {
			n := len(r.Template.Segments)
			greedy := n > 0 && r.Template.Segments[n-1].Greedy
			if n == d || (greedy && n < d) {
				if count[r.Handling] == 0 {
					order = append(order, r.Handling)
				}
				count[r.Handling]++
			}
		}
		if len(order) == 0 {
			continue
		}
		h := order[0]
		for _, o := range order {
			if count[o] > count[h] {
				h = o
			}
		}
		byDepth = append(byDepth, Behavior{Pattern: level(d), Handling: h})
	}
	// Merge a level into the one above it when both are handled alike, and
	// drop the shallowest levels handled as the default is.
	var levels []Behavior
	for i, b := range byDepth {
		if i+1 < len(byDepth) && byDepth[i+1].Handling == b.Handling {
			continue
		}
		levels = append(levels, b)
	}
	for len(levels) > 0 && levels[len(levels)-1].Handling == def {
		levels = levels[:len(levels)-1]
	}
	out = append(out, append(slices.Clone(levels), exact...))
	// The same, every level kept: a deeper level handled as the one above
	// still shields the paths below it from an exception placed between
	// ("/users/*/*/*" keeps /users/1/orders/addresses from a monolith
	// "/users/*/addresses"), one behaviour for all the exceptions of a level.
	if len(byDepth) > len(levels) {
		all := slices.Clone(byDepth)
		for len(all) > 0 && all[len(all)-1].Handling == def {
			all = all[:len(all)-1]
		}
		out = append(out, append(all, exact...))
	}

	// One pattern for the whole prefix, for each handling a route asks for.
	var handlings []string
	for _, r := range rules {
		if r.Handling != def && len(r.Template.Segments) > 1 && !slices.Contains(handlings, r.Handling) {
			handlings = append(handlings, r.Handling)
		}
	}
	for _, h := range handlings {
		out = append(out, append([]Behavior{{Pattern: level(2), Handling: h}}, exact...))
	}
	return out
}

// repair fixes a candidate list from Check's counterexamples. A path
// sent the wrong way belongs to a route; ahead of the behaviour that took
// it goes, first choice first:
//  1. the route's own pattern (moved there if the list has it already);
//  2. the pattern of every path as deep as this one under the prefix
//     ("/users/*/*/*"), handled as the route is;
//  3. the pattern that took it, one segment deeper ("/a/*/b/*/*").
//
// It searches depth first, within a budget of checks, and gives up on a
// path that no route names, or on a list where a pattern would appear
// twice (CloudFront has one behaviour per pattern).
func (c *checker) repair(bs []Behavior) ([]Behavior, error) {
	budget := 40 + 8*len(c.rules)
	tried := map[string]bool{}
	var firstMiss *Mismatch
	var firstList []Behavior
	var search func(bs []Behavior, depth int) ([]Behavior, bool)
	search = func(bs []Behavior, depth int) ([]Behavior, bool) {
		if budget <= 0 || tried[listKey(bs)] {
			return nil, false
		}
		budget--
		tried[listKey(bs)] = true
		mm, _, err := c.run(bs)
		if err != nil {
			return nil, false
		}
		if mm == nil {
			return bs, true
		}
		if firstMiss == nil {
			firstMiss, firstList = mm, bs
		}
		if mm.Rule < 0 || depth == 0 {
			return nil, false
		}
		at := mm.Behavior
		if at < 0 {
			at = len(bs)
		}
		var fixes []string
		fixes = append(fixes, c.rules[mm.Rule].Template.EdgePattern())
		if first := c.rules[mm.Rule].Template.Segments; len(first) > 0 && first[0].Literal != "" {
			fixes = append(fixes, "/"+first[0].Literal+strings.Repeat("/*", strings.Count(mm.Path, "/")-1))
		} else if len(first) > 0 {
			fixes = append(fixes, strings.Repeat("/*", strings.Count(mm.Path, "/")))
		}
		if mm.Behavior >= 0 && strings.HasSuffix(bs[mm.Behavior].Pattern, "*") {
			fixes = append(fixes, bs[mm.Behavior].Pattern+"/*")
		}
		for _, p := range fixes {
			next := slices.Clone(bs)
			switch k := slices.IndexFunc(bs, func(b Behavior) bool { return b.Pattern == p }); {
			case k < 0:
				next = slices.Insert(next, at, Behavior{Pattern: p, Handling: mm.Want})
			case k > at && bs[k].Handling == mm.Want:
				next = slices.Insert(slices.Delete(next, k, k+1), at, bs[k])
			default:
				continue
			}
			if out, ok := search(next, depth-1); ok {
				return out, true
			}
		}
		return nil, false
	}
	if out, ok := search(slices.Clone(bs), 2*len(c.rules)+len(bs)+2); ok {
		return out, nil
	}
	return nil, c.explain(firstMiss, firstList)
}

func listKey(bs []Behavior) string {
	var b strings.Builder
	for _, x := range bs {
		b.WriteString(x.Pattern + "\x00" + x.Handling + "\x00")
	}
	return b.String()
}

// prune drops, last first, each behaviour the list is right without,
// then puts the list in MoreSpecific order if that is right too (easier
// to read, and stable as routes come and go).
func (c *checker) prune(bs []Behavior) ([]Behavior, [][]int) {
	for j := len(bs) - 1; j >= 0; j-- {
		without := slices.Delete(slices.Clone(bs), j, j+1)
		if mm, _, err := c.run(without); err == nil && mm == nil {
			bs = without
		}
	}
	sorted := slices.Clone(bs)
	sort.SliceStable(sorted, func(i, j int) bool { return MoreSpecific(sorted[i].Pattern, sorted[j].Pattern) })
	if mm, attr, err := c.run(sorted); err == nil && mm == nil {
		return sorted, attr
	}
	_, attr, _ := c.run(bs)
	return bs, attr
}

// UnroutableError says that no list of CloudFront behaviours sends every
// path of some routes the right way, with a path that shows it.
type UnroutableError struct {
	Mismatch *Mismatch // nil when no counterexample was kept
	msg      string
}

func (e *UnroutableError) Error() string { return e.msg }

// explain turns a counterexample into an error a person can act on.
func (c *checker) explain(mm *Mismatch, bs []Behavior) error {
	return &UnroutableError{Mismatch: mm, msg: c.explainText(mm, bs)}
}

func (c *checker) explainText(mm *Mismatch, bs []Behavior) string {
	if mm == nil {
		return fmt.Sprintf("no list of CloudFront behaviours routes %s", templates(c.rules))
	}
	took := "the default behaviour"
	if mm.Behavior >= 0 {
		took = "the pattern " + bs[mm.Behavior].Pattern
	}
	if mm.Rule < 0 {
		return fmt.Sprintf("CloudFront would send %s, which no route names, to %s (%s) instead of %s", mm.Path, took, mm.Got, mm.Want)
	}
	r := c.rules[mm.Rule]
	return fmt.Sprintf("CloudFront cannot send every path of %s the right way: %s belongs to it (%s) but %s would take it (%s), and CloudFront patterns (where * also matches /) cannot tell them apart; give the routes involved the same target and cache, or rename a path", r.Template, mm.Path, mm.Want, took, mm.Got)
}

func templates(rules []Rule) string {
	var s []string
	for _, r := range rules {
		s = append(s, r.Template.String())
	}
	return strings.Join(s, ", ")
}

// MoreSpecific orders patterns as API Gateway ranks its routes: segment
// by segment, a literal before *, and a longer pattern before its prefix.
// It is a lexicographic order over segments, so a total one.
func MoreSpecific(a, b string) bool {
	as, bs := strings.Split(a, "/"), strings.Split(b, "/")
	for i := 0; i < len(as) || i < len(bs); i++ {
		switch {
		case i == len(as):
			return false // b is longer: b first
		case i == len(bs):
			return true
		case as[i] == bs[i]:
			continue
		case as[i] == "*":
			return false
		case bs[i] == "*":
			return true
		default:
			return as[i] < bs[i]
		}
	}
	return false
}
