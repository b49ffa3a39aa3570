package parity

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/strangler-fig/strangler/manifest"
	"github.com/strangler-fig/strangler/routing"
)

// ReadMethods are the methods replayed unless writes are allowed: the logs
// hold no request bodies, and a replay must not change the monolith's data.
var ReadMethods = []string{"GET", "HEAD", "OPTIONS"}

var knownMethods = []string{"GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"}

// Selector says which route a logged request belongs to, if any.
type Selector struct {
	routes []selRoute // most specific first, as API Gateway picks
}

type selRoute struct {
	template string
	tmpl     routing.Template
	methods  map[string]bool
}

// Route is a template to replay and the methods replayed on it.
type Route struct {
	Template string
	Methods  []string // upper case; nil for every method replayed
}

// NewSelector checks the routes and the methods to replay. methods nil
// means ReadMethods; a method that writes is refused unless allowWrites.
func NewSelector(routes []Route, methods []string, allowWrites bool) (*Selector, error) {
	if len(routes) == 0 {
		return nil, fmt.Errorf("no route to replay: name at least one template, e.g. --route /products/{id}")
	}
	if methods == nil {
		methods = ReadMethods
	}
	replay := map[string]bool{}
	for _, m := range methods {
		m = strings.ToUpper(strings.TrimSpace(m))
		if !slices.Contains(knownMethods, m) {
			return nil, fmt.Errorf("method %q: use %s", m, strings.Join(knownMethods, ", "))
		}
		if !slices.Contains(ReadMethods, m) && !allowWrites {
			return nil, fmt.Errorf("method %s changes data and the logs hold no request bodies: replay it only against test systems, with --allow-writes", m)
		}
		replay[m] = true
	}
	s := &Selector{}
	seen := map[string]bool{}
	for _, r := range routes {
		t, err := routing.ParseTemplate(r.Template)
		if err != nil {
			return nil, fmt.Errorf("route %s: %w", r.Template, err)
		}
		if seen[t.Shape()] {
			return nil, fmt.Errorf("route %s is named twice", r.Template)
		}
		seen[t.Shape()] = true
		sr := selRoute{template: r.Template, tmpl: t, methods: map[string]bool{}}
		for m := range replay {
			if r.Methods == nil || slices.Contains(r.Methods, m) || slices.Contains(r.Methods, "ANY") {
				sr.methods[m] = true
			}
		}
		s.routes = append(s.routes, sr)
	}
	sort.SliceStable(s.routes, func(i, j int) bool { return routing.Precedes(s.routes[i].tmpl, s.routes[j].tmpl) })
	return s, nil
}

// RoutesFromManifest gives the manifest's routes named by templates (all
// of its routes when templates is empty), with the methods each serves. A
// template the manifest lacks is an error that lists the ones it has.
func RoutesFromManifest(m *manifest.Manifest, templates []string) ([]Route, error) {
	byPath := map[string]manifest.Route{}
	var paths []string
	for _, r := range m.Routes {
		byPath[r.Path] = r
		paths = append(paths, r.Path)
	}
	if len(templates) == 0 {
		templates = paths
	}
	var out []Route
	for _, t := range templates {
		r, ok := byPath[t]
		if !ok {
			return nil, fmt.Errorf("route %s is not in the manifest; its routes: %s", t, strings.Join(paths, ", "))
		}
		var methods []string
		for _, mm := range r.Methods {
			methods = append(methods, strings.ToUpper(mm))
		}
		if len(methods) == 0 {
			methods = []string{"GET"} // the manifest's default
		}
		out = append(out, Route{Template: t, Methods: methods})
	}
	return out, nil
}

// Templates lists the selected routes, most specific first.
func (s *Selector) Templates() []string {
	out := make([]string, len(s.routes))
	for i, r := range s.routes {
		out[i] = r.template
	}
	return out
}

// Match gives the route of a request: the most specific template that
// matches the path, if it replays the method.
func (s *Selector) Match(method, path string) (string, bool) {
	for _, r := range s.routes {
		if _, ok := r.tmpl.Match(path); ok {
			return r.template, r.methods[method]
		}
	}
	return "", false
}
