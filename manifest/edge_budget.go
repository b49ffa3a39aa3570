package manifest

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/strangler-fig/strangler/routing"
)

// edgeBehaviors: the routes must be routable by CloudFront's patterns
// (routing.Plan), and their behaviours fit the distribution's quota. Two
// routes sharing one pattern with different handling are duplicates or
// sibling conflicts, reported already; only routing's own refusal is new.
// It returns the behaviours, for the checks that count them too.
func (v *validator) edgeBehaviors() []EdgeBehavior {
	bs, errs := v.m.EdgeBehaviors()
	for _, err := range errs {
		if u := (*routing.UnroutableError)(nil); errors.As(err, &u) {
			v.at("routes", "%v", err)
		}
	}
	q := v.m.CloudFront.CacheBehaviorQuota
	if q < 1 || len(bs) <= q {
		return bs
	}
	var fixes []string
	saved := 0
	for _, s := range v.m.behaviorSavings() {
		if len(fixes) == 3 || saved >= len(bs)-q {
			break
		}
		fixes = append(fixes, s.String())
		saved += s.saves
	}
	if saved < len(bs)-q {
		// Lambda routes under a prefix, with one cache setting, could be
		// one {proxy+} route: their behaviours become one.
		var groups []proxyGroup
		patterns := make([]string, len(bs))
		for i, b := range bs {
			patterns[i] = b.Pattern
		}
		for _, prefix := range literalPrefixes(patterns) {
			var under []EdgeBehavior
			for _, b := range bs {
				if strings.HasPrefix(b.Pattern, prefix+"/") {
					under = append(under, b)
				}
			}
			sameCache := !slices.ContainsFunc(under, func(b EdgeBehavior) bool {
				return b.Cache != under[0].Cache || b.CacheTTLSeconds != under[0].CacheTTLSeconds
			})
			if routes, all := v.routesUnder(prefix); all && sameCache && len(under) > 1 {
				groups = append(groups, proxyGroup{prefix, routes, len(under) - 1})
			}
		}
		if len(groups) > 0 || len(fixes) == 0 {
			fixes = append(fixes, proxyFix(groups, len(bs)-q-saved, "behaviour"))
		}
	}
	fix := strings.Join(fixes, "; ") + ", "
	v.at("routes", "the routes need %d CloudFront cache behaviours but the quota is %d per distribution, %d too many; %sor raise the quota in Service Quotas (Amazon CloudFront, Cache behaviors per distribution) and set cloudFront.cacheBehaviorQuota", len(bs), q, len(bs)-q, fix)
	return bs
}

// behaviorSaving is one change to the manifest and the behaviours it saves.
type behaviorSaving struct {
	prefix string   // "/users"
	like   string   // the route whose cache the others would take
	cache  string   // its cache setting, as written
	routes []string // the routes that would change
	saves  int
}

func (s behaviorSaving) String() string {
	names := s.routes
	more := ""
	if len(names) > 3 {
		more = fmt.Sprintf(" and %d more", len(names)-3)
		names = names[:3]
	}
	unit := "behaviours"
	if s.saves == 1 {
		unit = "behaviour"
	}
	return fmt.Sprintf("%d routes under %s/ (%s%s) differ from %s only in cache: giving them its cache (%s) would save %d %s",
		len(s.routes), s.prefix, strings.Join(names, ", "), more, s.like, s.cache, s.saves, unit)
}

// behaviorSavings: per first path segment, the behaviours saved if every
// migrated route under it had the cache setting most of them have; the
// largest saving first.
func (m *Manifest) behaviorSavings() []behaviorSaving {
	rules, routes, _ := m.edgeRules()
	def := edgeHandling(TargetLegacy, "", 0)
	groups := map[string][]int{}
	for i, r := range rules {
		if len(r.Template.Segments) > 0 && r.Template.Segments[0].Literal != "" {
			k := "/" + r.Template.Segments[0].Literal
			groups[k] = append(groups[k], i)
		}
	}
	var out []behaviorSaving
	for prefix, idx := range groups {
		count := map[string]int{}
		first := map[string]int{}
		for _, i := range idx {
			if h := rules[i].Handling; h != def {
				if count[h] == 0 {
					first[h] = i
				}
				count[h]++
			}
		}
		if len(count) < 2 {
			continue
		}
		common := ""
		for h, n := range count {
			if common == "" || n > count[common] || (n == count[common] && first[h] < first[common]) {
				common = h
			}
		}
		var before, after []routing.Rule
		s := behaviorSaving{prefix: prefix, like: rules[first[common]].Template.String()}
		r0 := routes[first[common]][0]
		s.cache = r0.Cache
		if r0.CacheTTLSeconds != nil && r0.Cache != CacheNone {
			s.cache += fmt.Sprintf(", %d s", *r0.CacheTTLSeconds)
		}
		for _, i := range idx {
			r := rules[i]
			before = append(before, r)
			if r.Handling != def && r.Handling != common {
				s.routes = append(s.routes, r.Template.String())
				r.Handling = common
			}
			after = append(after, r)
		}
		b, err1 := routing.Plan(before, def)
		a, err2 := routing.Plan(after, def)
		if err1 == nil && err2 == nil && len(a) < len(b) {
			s.saves = len(b) - len(a)
			out = append(out, s)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].saves != out[j].saves {
			return out[i].saves > out[j].saves
		}
		return out[i].prefix < out[j].prefix
	})
	return slices.Clip(out)
}
