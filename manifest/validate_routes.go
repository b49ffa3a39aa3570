package manifest

import (
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/strangler-fig/strangler/awslimits"
	"github.com/strangler-fig/strangler/routing"
)

// Checks of the routes: each route, and the routes against each other.

func (v *validator) route(i int) (Template, bool) {
	r := &v.m.Routes[i]
	p := func(field string) string { return fmt.Sprintf("routes[%d].%s", i, field) }
	t, err := ParseTemplate(r.Path)
	if r.Path == "" {
		v.at(p("path"), "missing; give a path template like /user/{id}")
	} else if err != nil {
		v.at(p("path"), "%v", err)
	}
	for j, meth := range r.Methods {
		if !slices.Contains(validMethods, meth) {
			v.at(fmt.Sprintf("routes[%d].methods[%d]", i, j), "%q is not one of %s", meth, strings.Join(validMethods, ", "))
		}
	}
	if len(r.Methods) > 1 && slices.Contains(r.Methods, "ANY") {
		v.at(p("methods"), "ANY already covers every method; list either ANY or the methods")
	}
	if r.Function == "" {
		// a legacy route that only keeps its path on the monolith, or a bad path reported above
	} else if !functionName.MatchString(r.Function) {
		v.at(p("function"), "%q; a function folder name has lower-case letters, digits and - only", r.Function)
	} else if n := len(v.m.Lambda.NamePrefix + r.Function); n > 64 {
		v.at(p("function"), "%q with namePrefix is %d characters; Lambda names are at most 64", r.Function, n)
	} else if v.m.dir != "" {
		dir := v.m.functionDir(r.Function)
		if !hasGoFiles(dir) {
			v.at(p("function"), "no Go package at %s; create it (a main package calling httpadapter.Start) or fix the name", dir)
		}
	}
	if r.Target != TargetLambda && r.Target != TargetLegacy {
		v.at(p("target"), "%q; use %q (served by Lambda) or %q (back to the monolith)", r.Target, TargetLambda, TargetLegacy)
	}
	if r.Weight != nil {
		switch {
		case *r.Weight < 0 || *r.Weight > 100:
			v.at(p("weight"), "%d; use a percentage, 0 to 100 (default 100)", *r.Weight)
		case r.Target != TargetLambda:
			v.at(p("weight"), "set on a route with target legacy; a weight shares a migrated route's requests between Lambda and the monolith: remove it, or set target: lambda")
		}
	}
	switch {
	case r.Via == "" || r.Via == ViaCloudFront:
	case r.Via != ViaAPIGateway:
		v.at(p("via"), "%q; use %s (a CloudFront behaviour back to the monolith) or %s (an API Gateway route to the monolith, no behaviour)", r.Via, ViaCloudFront, ViaAPIGateway)
	case r.Target != TargetLegacy:
		v.at(p("via"), "set on a route with target lambda; via says how a legacy route reaches the monolith: remove it, or set target: legacy")
	case r.Function != "":
		v.at(p("via"), "api-gateway is for monolith paths without a function: a rolled-back route keeps its Lambda's API Gateway methods so that moving forward again is one line; remove function or via")
	case v.m.Legacy.ReadTimeoutSeconds > max(v.m.APIGateway.IntegrationTimeoutSeconds, DefaultLegacyReadTimeout):
		v.warnAt(p("via"), "api-gateway sends this path through API Gateway, which gives up after %d s (apiGateway.integrationTimeoutSeconds), but legacy.readTimeoutSeconds allows the monolith %d s: slower answers become 504", v.m.APIGateway.IntegrationTimeoutSeconds, v.m.Legacy.ReadTimeoutSeconds)
	}
	switch r.Cache {
	case CacheNone:
		if r.CacheTTLSeconds != nil {
			v.at(p("cacheTtlSeconds"), "set, but cache is none; remove it or choose cache: per-token or public")
		}
		if r.CacheQueryKeys != nil {
			v.at(p("cacheQueryKeys"), "set, but cache is none; remove it or choose cache: per-token or public")
		}
	case CachePerToken, CachePublic:
		if *r.CacheTTLSeconds < 1 || *r.CacheTTLSeconds > awslimits.CloudFrontMaxTTLSeconds {
			v.at(p("cacheTtlSeconds"), "%d; use 1 to %d seconds", *r.CacheTTLSeconds, awslimits.CloudFrontMaxTTLSeconds)
		}
		v.cacheQueryKeys(i)
	default:
		v.at(p("cache"), "%q; use none, per-token (the credential and cacheQueryKeys in the key) or public (cacheQueryKeys in the key)", r.Cache)
	}
	// A value the route inherits was checked where it was written.
	if _, set := v.lines[p("memoryMiB")]; set {
		v.memory(p("memoryMiB"), *r.MemoryMiB)
	}
	if _, set := v.lines[p("timeoutSeconds")]; set {
		v.timeout(p("timeoutSeconds"), *r.TimeoutSeconds)
	}
	if _, set := v.lines[p("rollout")]; set {
		v.rollout(p("rollout"), r.Rollout)
	}
	if _, set := v.lines[p("stack")]; set && !stackName.MatchString(r.Stack) {
		v.at(p("stack"), "%q; a stack name is a lower-case letter, then up to 30 lower-case letters, digits or - (it becomes part of a construct ID)", r.Stack)
	}
	if c := r.ReservedConcurrency; c != nil && *c < 1 {
		v.at(p("reservedConcurrency"), "%d would stop the function from ever running; remove it to use the unreserved pool, or give at least 1", *c)
	} else if c != nil && *c > v.m.Lambda.RegionalConcurrencyQuota {
		v.at(p("reservedConcurrency"), "%d is more than the regional quota (%d); lower it, or raise the quota and set lambda.regionalConcurrencyQuota", *c, v.m.Lambda.RegionalConcurrencyQuota)
	}
	for _, k := range slices.Sorted(maps.Keys(r.Environment)) {
		v.envVar(p("environment."+k), k)
	}
	for _, k := range slices.Sorted(maps.Keys(r.Secrets)) {
		v.envVar(p("secrets."+k), k)
		if _, dup := r.Environment[k]; dup {
			v.at(p("secrets."+k), "%s is also in environment; a variable has one source", k)
		}
		if !secretARN.MatchString(r.Secrets[k]) {
			v.at(p("secrets."+k), "%q is not a Secrets Manager secret ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME)", r.Secrets[k])
		}
	}
	return t, err == nil && r.Path != ""
}

func (v *validator) envVar(path, k string) {
	switch {
	case !envName.MatchString(k):
		v.at(path, "%q is not an environment variable name", k)
	case reservedEnv[k]:
		v.at(path, "%s is reserved by the Lambda runtime; pick another name", k)
	}
}

func hasGoFiles(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".go") && !strings.HasSuffix(e.Name(), "_test.go") {
			return true
		}
	}
	return false
}

// duplicates: CloudFront routes by path, not method, so a path is one route.
func (v *validator) duplicates(ts []Template, ok []bool) {
	first := map[string]int{}
	for i, t := range ts {
		if !ok[i] {
			continue
		}
		key := t.Shape()
		if j, seen := first[key]; seen {
			v.at(fmt.Sprintf("routes[%d].path", i), "duplicate of routes[%d] (%s); list every method of a path in one route's methods", j, v.m.Routes[j].Path)
			ok[i] = false // reported once is enough
			continue
		}
		first[key] = i
	}
}

// siblings: API Gateway refuses two different variable parts under one
// parent (/user/{id} beside /user/{name}/orders), only at deploy time.
func (v *validator) siblings(ts []Template, ok []bool) {
	var checked []Template
	var index []int
	for i, t := range ts {
		if ok[i] {
			checked = append(checked, t)
			index = append(index, i)
		}
	}
	for _, c := range routing.SiblingConflicts(checked) {
		i, o := index[c.Index], index[c.Other]
		v.at(fmt.Sprintf("routes[%d].path", i), "uses %s under %q where routes[%d] (%s) uses %s; API Gateway allows one variable part per level: use the same name", c.Segment, c.Parent, o, v.m.Routes[o].Path, c.Earlier)
	}
}

// functions: several routes may share a function; a setting written on
// one of them applies to all (see mergeFunctionSettings), but two different
// values for one setting are a conflict.
func (v *validator) functions(ok []bool) {
	first := map[string]int{}
	for i, r := range v.m.Routes {
		if r.Function == "" || !ok[i] {
			continue
		}
		j, seen := first[r.Function]
		if !seen {
			first[r.Function] = i
			continue
		}
		o := v.m.Routes[j]
		for _, d := range []struct {
			field string
			same  bool
		}{
			{"memoryMiB", *r.MemoryMiB == *o.MemoryMiB},
			{"timeoutSeconds", *r.TimeoutSeconds == *o.TimeoutSeconds},
			{"reservedConcurrency", equalPtr(r.ReservedConcurrency, o.ReservedConcurrency)},
			{"environment", equalMap(r.Environment, o.Environment)},
			{"secrets", equalMap(r.Secrets, o.Secrets)},
			{"rollout", r.Rollout == o.Rollout},
			{"stack", r.Stack == o.Stack},
		} {
			if !d.same {
				v.at(fmt.Sprintf("routes[%d].%s", i, d.field), "differs from routes[%d] (%s), which %s also serves; one function has one %s: write it once, on either route", j, o.Path, r.Function, d.field)
			}
		}
	}
}

func equalPtr(a, b *int) bool { return (a == nil && b == nil) || (a != nil && b != nil && *a == *b) }

func equalMap(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, va := range a {
		if vb, ok := b[k]; !ok || va != vb {
			return false
		}
	}
	return true
}

// concurrency: Lambda keeps 100 of the regional quota unreserved, and a
// deploy that reserves more fails; say so now.
func (v *validator) concurrency() {
	quota := v.m.Lambda.RegionalConcurrencyQuota
	limit := quota - MinUnreservedConcurrency
	sum := 0
	for _, f := range v.m.Functions() {
		// Values over the quota are reported on their route; leaving them
		// out also keeps the sum from overflowing.
		if c := f.ReservedConcurrency; c != nil && *c <= quota {
			sum += *c
		}
	}
	if sum > 0 && sum > limit {
		v.at("routes", "reserved concurrency adds up to %d, but only %d of the regional quota (%d) may be reserved: Lambda keeps %d unreserved. Lower reservedConcurrency or raise the quota and set lambda.regionalConcurrencyQuota", sum, max(limit, 0), quota, MinUnreservedConcurrency)
	}
}
