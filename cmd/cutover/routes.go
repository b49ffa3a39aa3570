package main

import (
	"fmt"
	"sort"
	"strings"

	"github.com/agnivade/levenshtein"

	"github.com/strangler-fig/strangler/cutover"
	"github.com/strangler-fig/strangler/manifest"
)

// lambdaRoutes lists the manifest's Lambda routes, in its order, with
// their manifest weights (the routes a weight applies to), their deployed
// function names and databases (whose alarms send them back).
func lambdaRoutes(m *manifest.Manifest) []cutover.Route {
	deployed := map[string]string{} // manifest function -> deployed name
	for _, f := range m.Functions() {
		deployed[f.Name] = f.FunctionName
	}
	var out []cutover.Route
	for i := range m.Routes {
		if r := &m.Routes[i]; r.Target == manifest.TargetLambda {
			cr := cutover.Route{Template: r.Path, Weight: r.LambdaWeight(), Function: deployed[r.Function]}
			if r.Database != nil {
				cr.Database = r.Database.Name
			}
			out = append(out, cr)
		}
	}
	return out
}

// findRoute returns the Lambda route named arg, or an error that says why
// there is none and what was probably meant.
func findRoute(m *manifest.Manifest, manifestPath, arg string) (cutover.Route, error) {
	for _, r := range lambdaRoutes(m) {
		if r.Template == arg {
			return r, nil
		}
	}
	for _, r := range m.Routes {
		if r.Path == arg {
			return cutover.Route{}, fmt.Errorf("route %s is `target: %s` in %s: CloudFront sends it to the monolith whatever its weight; set `target: lambda` and deploy before shifting it", arg, r.Target, manifestPath)
		}
	}
	msg := fmt.Sprintf("route %s is not a Lambda route of %s", arg, manifestPath)
	if s := suggest(m, arg); s != "" {
		return cutover.Route{}, fmt.Errorf("%s; did you mean %s?", msg, s)
	}
	var all []string
	for _, r := range lambdaRoutes(m) {
		all = append(all, r.Template)
	}
	return cutover.Route{}, fmt.Errorf("%s; its Lambda routes are: %s", msg, strings.Join(all, ", "))
}

// suggest names the Lambda route meant by arg: the template a concrete
// path such as /user/42 matches, else the closest template by spelling.
func suggest(m *manifest.Manifest, arg string) string {
	routes := lambdaRoutes(m)
	for _, r := range routes {
		if t, err := manifest.ParseTemplate(r.Template); err == nil {
			if _, ok := t.Match(arg); ok {
				return r.Template + " (the template " + arg + " falls under)"
			}
		}
	}
	type cand struct {
		route string
		d     int
	}
	var cs []cand
	for _, r := range routes {
		cs = append(cs, cand{r.Template, levenshtein.ComputeDistance(strings.ToLower(arg), strings.ToLower(r.Template))})
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].d < cs[j].d })
	// Close enough to be a typo: a third of the name at most.
	if len(cs) > 0 && cs[0].d <= max(2, len(arg)/3) {
		return cs[0].route
	}
	return ""
}
