package parity

import (
	"strings"
	"testing"

	"github.com/strangler-fig/strangler/manifest"
)

func TestSelectorPicksAsAPIGatewayDoes(t *testing.T) {
	s, err := NewSelector([]Route{{Template: "/files/{proxy+}"}, {Template: "/files/{id}"}, {Template: "/files/latest"},
		{Template: "/products", Methods: []string{"GET"}}}, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ method, path, route string }{
		{"GET", "/files/latest", "/files/latest"},
		{"GET", "/files/7", "/files/{id}"},
		{"GET", "/files/7/raw", "/files/{proxy+}"},
		{"HEAD", "/files/7", "/files/{id}"},
		{"POST", "/files/7", ""},   // writes are not replayed
		{"HEAD", "/products", ""},  // the route serves GET only
		{"GET", "/products/1", ""}, // no such route
	} {
		route, ok := s.Match(c.method, c.path)
		if c.route == "" && ok || c.route != "" && (!ok || route != c.route) {
			t.Errorf("%s %s: %q %v, want %q", c.method, c.path, route, ok, c.route)
		}
	}
}

func TestSelectorRefusesWritesAndBadTemplates(t *testing.T) {
	for _, c := range []struct {
		routes  []Route
		methods []string
		writes  bool
		msg     string
	}{
		{nil, nil, false, "no route to replay"},
		{[]Route{{Template: "/a"}}, []string{"POST"}, false, "--allow-writes"},
		{[]Route{{Template: "/a"}}, []string{"FETCH"}, false, `method "FETCH"`},
		{[]Route{{Template: "a"}}, nil, false, "must start with /"},
		{[]Route{{Template: "/a/{x}"}, {Template: "/a/{y}"}}, nil, false, "named twice"},
	} {
		_, err := NewSelector(c.routes, c.methods, c.writes)
		if err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%+v: %v, want %q", c, err, c.msg)
		}
	}
	if _, err := NewSelector([]Route{{Template: "/a"}}, []string{"post"}, true); err != nil {
		t.Errorf("writes allowed: %v", err)
	}
}

func TestRoutesFromManifest(t *testing.T) {
	m, err := manifest.Load("../routes.yaml")
	if err != nil {
		t.Fatal(err)
	}
	rs, err := RoutesFromManifest(m, []string{"/products/{id}"})
	if err != nil || len(rs) != 1 || rs[0].Template != "/products/{id}" || strings.Join(rs[0].Methods, ",") != "GET,HEAD" {
		t.Errorf("%+v %v", rs, err)
	}
	all, err := RoutesFromManifest(m, nil)
	if err != nil || len(all) != len(m.Routes) {
		t.Errorf("all routes: %d, %v", len(all), err)
	}
	if _, err := RoutesFromManifest(m, []string{"/product/{id}"}); err == nil || !strings.Contains(err.Error(), "its routes: /user/{id}") {
		t.Errorf("unknown route: %v", err)
	}
}
