package manifest

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Checks of AWS quotas the routes add up to: API Gateway resources, cache policies.

// apiResources: API Gateway makes one resource per path segment of every
// route with a function (legacy ones too: they stay on API Gateway so that
// moving back and forth is a CloudFront change), shared by the routes
// below it; a REST API has a quota of them.
func (v *validator) apiResources(ts []Template, ok []bool) {
	q := v.m.APIGateway.ResourceQuota
	if q < 1 {
		return // reported at apiGateway.resourceQuota
	}
	resources := map[string]bool{} // shapes: /user/{id} and /user/{uid} are one resource
	for i, t := range ts {
		if r := v.m.Routes[i]; !ok[i] || (r.Function == "" && r.Via != ViaAPIGateway) {
			continue
		}
		for n := 1; n <= len(t.Segments); n++ {
			resources[Template{Segments: t.Segments[:n]}.Shape()] = true
		}
	}
	if len(resources) <= q {
		return
	}
	// A subtree of Lambda routes can be one {proxy+} route: the resources
	// under its prefix become one.
	var groups []proxyGroup
	for _, prefix := range literalPrefixes(slices.Collect(maps.Keys(resources))) {
		under := 0
		for r := range resources {
			if strings.HasPrefix(r, prefix+"/") {
				under++
			}
		}
		if routes, all := v.routesUnder(prefix); all && under > 1 {
			groups = append(groups, proxyGroup{prefix, routes, under - 1})
		}
	}
	v.at("routes", "the routes need %d API Gateway resources (one per path segment of each route with a function, rolled-back routes included) but the quota is %d per REST API, %d too many; %s, or raise the quota in Service Quotas (Amazon API Gateway, Resources per API) and set apiGateway.resourceQuota", len(resources), q, len(resources)-q, proxyFix(groups, len(resources)-q, "resource"))
}

// routesUnder counts the routes strictly under prefix ("/orders" holds
// /orders/{id} but not /orders), and reports whether they are all served
// by Lambda, so that one {proxy+} route could take them over.
func (v *validator) routesUnder(prefix string) (n int, allLambda bool) {
	allLambda = true
	for _, r := range v.m.Routes {
		if strings.HasPrefix(r.Path, prefix+"/") {
			n++
			allLambda = allLambda && r.Target == TargetLambda
		}
	}
	return n, allLambda
}

// proxyGroup is a prefix whose routes one {proxy+} route could serve.
type proxyGroup struct {
	prefix string // "/orders"
	routes int    // routes under it
	saves  int    // resources or behaviours fewer
}

// literalPrefixes lists the prefixes of paths or patterns made of literal
// segments only, the root and the paths themselves excluded: "/a/b/*" and
// "/a/b/{}" give "/a" and "/a/b".
func literalPrefixes(paths []string) []string {
	seen := map[string]bool{}
	for _, p := range paths {
		segs := strings.Split(strings.TrimPrefix(p, "/"), "/")
		prefix := ""
		for _, s := range segs[:len(segs)-1] {
			if s == "*" || strings.ContainsAny(s, "{}") {
				break
			}
			prefix += "/" + s
			seen[prefix] = true
		}
	}
	return slices.Sorted(maps.Keys(seen))
}

// proxyFix says which prefixes to serve with one {proxy+} route each to
// save excess resources or behaviours (unit): while short, the most
// specific prefix that saves the rest alone, else the one saving most;
// never one inside another, at most three.
func proxyFix(groups []proxyGroup, excess int, unit string) string {
	var picked []proxyGroup
	for saved := 0; saved < excess && len(picked) < 3; {
		best := -1
		for i, g := range groups {
			if slices.ContainsFunc(picked, func(p proxyGroup) bool {
				return strings.HasPrefix(g.prefix+"/", p.prefix+"/") || strings.HasPrefix(p.prefix+"/", g.prefix+"/")
			}) {
				continue
			}
			if best < 0 || better(g, groups[best], excess-saved) {
				best = i
			}
		}
		if best < 0 {
			break
		}
		picked = append(picked, groups[best])
		saved += groups[best].saves
	}
	if len(picked) == 0 {
		return "serve routes under a shared prefix with one {proxy+} route (no prefix has several Lambda routes to merge yet)"
	}
	var parts []string
	for _, g := range picked {
		u := unit
		if g.saves != 1 {
			u += "s"
		}
		parts = append(parts, fmt.Sprintf("the %d routes under %s/ could be one route %s/{proxy+} (%d %s fewer)", g.routes, g.prefix, g.prefix, g.saves, u))
	}
	return strings.Join(parts, "; ")
}

// better reports whether a is a better prefix to merge than b when need
// more are to be saved: one that saves enough alone beats one that does
// not; of two that do, the smaller change (fewer saved, then the longer
// prefix); of two that do not, the bigger saving.
func better(a, b proxyGroup, need int) bool {
	aEnough, bEnough := a.saves >= need, b.saves >= need
	switch {
	case aEnough != bEnough:
		return aEnough
	case a.saves != b.saves:
		return (a.saves < b.saves) == aEnough
	case len(a.prefix) != len(b.prefix):
		return len(a.prefix) > len(b.prefix)
	}
	return a.prefix < b.prefix
}

// cachePolicies: each distinct cache mode and TTL is one custom cache
// policy, from an account-wide quota.
func (v *validator) cachePolicies(bs []EdgeBehavior) {
	policies := map[string]bool{}
	for _, b := range bs {
		if b.Target == TargetLambda && b.Cache != CacheNone {
			policies[fmt.Sprintf("%s/%d/%q", b.Cache, b.CacheTTLSeconds, b.CacheQueryKeys)] = true
		}
	}
	if q := v.m.CloudFront.CachePolicyQuota; q >= 1 && len(policies) > q {
		v.at("routes", "the routes need %d CloudFront cache policies (one per cache mode, cacheTtlSeconds and cacheQueryKeys) but the account quota is %d, shared with other stacks; use fewer distinct TTLs and query key lists, or raise the quota and set cloudFront.cachePolicyQuota", len(policies), q)
	}
}
