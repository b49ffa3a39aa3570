package routes

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/strangler-fig/strangler/manifest"
)

type count struct{ n int64 }

func (c *count) RequestCount() int64 { return c.n }

func newTree(t testing.TB, opts Options, manifestPaths ...string) *Tree[count] {
	var tpls []manifest.Template
	for _, p := range manifestPaths {
		tpl, err := manifest.ParseTemplate(p)
		if err != nil {
			t.Fatal(err)
		}
		tpls = append(tpls, tpl)
	}
	return New(opts, tpls, func() *count { return &count{} }, func(d, s *count) { d.n += s.n })
}

func routesOf(tr *Tree[count]) map[string]int64 {
	out := map[string]int64{}
	for _, r := range tr.Routes() {
		out[r.Template] = r.Value.n
	}
	return out
}

func add(tr *Tree[count], path string, n int) {
	for range n {
		tr.Lookup([]byte(path)).n++
	}
}

func TestBuiltInParameters(t *testing.T) {
	tr := newTree(t, Options{})
	add(tr, "/user/123", 2)
	add(tr, "/user/9", 1)
	add(tr, "/user/9/orders/55", 1)
	add(tr, "/orders/0f8fad5b-d9cb-469f-a165-70867728950e", 1)
	add(tr, "/static/app.js", 1)
	add(tr, "/blobs/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", 1)
	add(tr, "/", 3)
	add(tr, "/products/", 1) // trailing slash: same route as /products
	add(tr, "/products", 1)
	add(tr, "//products", 1)
	want := map[string]int64{
		"/": 3, "/user/{id}": 3, "/user/{id}/orders/{orderId}": 1, "/orders/{uuid}": 1,
		"/static/app.js": 1, "/blobs/{hash}": 1, "/products": 3,
	}
	if got := routesOf(tr); !equal(got, want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
}

func TestHighCardinalityLearnedWhileReading(t *testing.T) {
	tr := newTree(t, Options{MaxLiterals: 10})
	for i := range 25 {
		add(tr, fmt.Sprintf("/profile/user%c%c/photos", 'a'+i%26, 'a'+i/26), 2)
	}
	add(tr, "/profile/me", 1)
	got := routesOf(tr)
	want := map[string]int64{"/profile/{profile}/photos": 50, "/profile/{profile}": 1}
	if !equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestHighCardinalityLearnedAfterReading(t *testing.T) {
	// 12 distinct names, each requested once or twice: folded by Learn.
	// 4 real resources requested often: kept.
	tr := newTree(t, Options{})
	for i := range 12 {
		add(tr, fmt.Sprintf("/u/name-%c", 'a'+i), 1+i%2)
	}
	for _, p := range []string{"/api/users", "/api/orders", "/api/items", "/api/carts"} {
		add(tr, p, 500)
	}
	tr.Learn()
	want := map[string]int64{"/u/{u}": 18, "/api/users": 500, "/api/orders": 500, "/api/items": 500, "/api/carts": 500}
	if got := routesOf(tr); !equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestManifestTemplatesWin(t *testing.T) {
	tr := newTree(t, Options{}, "/user/{userId}", "/user/{userId}/orders", "/files/{proxy+}", "/products")
	add(tr, "/user/me", 1)          // a literal goes to the manifest's parameter
	add(tr, "/user/42", 1)          // so does a number
	add(tr, "/user/42/orders", 2)   // manifest literal under the parameter
	add(tr, "/user/42/settings", 1) // not in the manifest: learned below it
	add(tr, "/files/a/b/c.txt", 3)
	add(tr, "/products", 1)
	got := tr.Routes()
	want := map[string]int64{"/user/{userId}": 2, "/user/{userId}/orders": 2, "/user/{userId}/settings": 1, "/files/{proxy+}": 3, "/products": 1}
	if g := routesOf(tr); !equal(g, want) {
		t.Fatalf("got %v, want %v", g, want)
	}
	for _, r := range got {
		if r.FromManifest != (r.Template != "/user/{userId}/settings") {
			t.Errorf("%s FromManifest=%v", r.Template, r.FromManifest)
		}
	}
}

// The tree routes a path to a manifest template exactly when that
// template's Match accepts it (and no more specific one does).
func TestAgreesWithTemplateMatch(t *testing.T) {
	paths := []string{"/user/{id}", "/user/{id}/orders", "/files/{proxy+}", "/a/b/c", "/a/{x}/c"}
	tr := newTree(t, Options{}, paths...)
	var tpls []manifest.Template
	for _, p := range paths {
		tpl, _ := manifest.ParseTemplate(p)
		tpls = append(tpls, tpl)
	}
	for _, concrete := range []string{"/user/1", "/user/x/orders", "/files/a", "/files/a/b", "/a/b/c", "/a/z/c", "/a/b", "/user/1/orders/2"} {
		node := lookupNode(tr, concrete)
		got := templateOf(tr, node)
		var matched []string
		for i, tpl := range tpls {
			if _, ok := tpl.Match(concrete); ok {
				matched = append(matched, paths[i])
			}
		}
		if node.manifestRoute != (len(matched) > 0) || node.manifestRoute && !slices.Contains(matched, got) {
			t.Errorf("%s -> %s (manifest route %v), Match accepts %v", concrete, got, node.manifestRoute, matched)
		}
	}
}

func lookupNode(tr *Tree[count], path string) *Node[count] {
	v := tr.Lookup([]byte(path))
	var found *Node[count]
	var walk func(n *Node[count])
	walk = func(n *Node[count]) {
		if n.Value == v {
			found = n
		}
		for _, c := range n.children {
			walk(c)
		}
		if n.param != nil {
			walk(n.param)
		}
	}
	walk(tr.root)
	return found
}

func templateOf(tr *Tree[count], n *Node[count]) string {
	for _, r := range tr.Routes() {
		if r.Value == n.Value {
			return r.Template
		}
	}
	return ""
}

func TestMergeTrees(t *testing.T) {
	a, b := newTree(t, Options{MaxLiterals: 5}), newTree(t, Options{MaxLiterals: 5})
	add(a, "/x/1", 1)
	add(a, "/tag/a", 1)
	add(b, "/x/2", 2)
	for i := range 7 { // b folds /tag/* while reading, a did not
		add(b, fmt.Sprintf("/tag/t%d", i), 1)
	}
	a.Merge(b)
	want := map[string]int64{"/x/{id}": 3, "/tag/{tag}": 8}
	if got := routesOf(a); !equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestPercentDecoding(t *testing.T) {
	tr := newTree(t, Options{})
	add(tr, "/caf%C3%A9/menu", 1)
	add(tr, "/café/menu", 1)
	add(tr, "/a%2", 1) // malformed escape kept as is
	want := map[string]int64{"/café/menu": 2, "/a%2": 1}
	if got := routesOf(tr); !equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func equal(a, b map[string]int64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func FuzzTemplate(f *testing.F) {
	for _, s := range []string{"/user/123", "/user/123/orders", "/", "//a//b/", "/files/a/b", "/%zz/%41", "/user/0f8fad5b-d9cb-469f-a165-70867728950e", "/a/{x}"} {
		f.Add(s, "/user/abc")
	}
	f.Fuzz(func(t *testing.T, p1, p2 string) {
		tr := newTree(t, Options{MaxLiterals: 3}, "/user/{id}", "/files/{proxy+}")
		tr.Lookup([]byte(p1)).n++
		tr.Lookup([]byte(p2)).n++
		for i := range 5 {
			tr.Lookup([]byte(fmt.Sprintf("%s/%d", p1, i))).n++
		}
		tr.Learn()
		var total int64
		names := map[string]bool{}
		for _, r := range tr.Routes() {
			total += r.Value.n
			if !strings.HasPrefix(r.Template, "/") {
				t.Fatalf("template %q", r.Template)
			}
			if names[r.Template] {
				t.Fatalf("template %q listed twice", r.Template)
			}
			names[r.Template] = true
			// A template built only of API Gateway characters must parse:
			// parameter names are valid and unique within the path.
			if _, err := manifest.ParseTemplate(r.Template); err != nil && !strings.Contains(err.Error(), "characters API Gateway refuses") && !strings.Contains(err.Error(), "mixes text and braces") {
				t.Fatalf("template %q: %v", r.Template, err)
			}
		}
		if total != 7 {
			t.Fatalf("counted %d requests, want 7", total)
		}
	})
}

func BenchmarkLookup(b *testing.B) {
	tr := newTree(b, Options{})
	paths := [][]byte{[]byte("/user/123456/orders"), []byte("/products"), []byte("/orders/0f8fad5b-d9cb-469f-a165-70867728950e"), []byte("/search")}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		tr.Lookup(paths[i&3]).n++
		i++
	}
}

func TestLookupNCountsAsNLookups(t *testing.T) {
	type count struct{ n int64 }
	mk := func() *Tree[count] {
		return New(Options{MaxLiterals: 3}, nil, func() *count { return new(count) }, func(d, s *count) { d.n += s.n })
	}
	paths := map[string]int64{"/users/alice": 5, "/users/bob": 1, "/users/7": 9, "/users/8": 2, "/users/carol": 1, "/users/dave": 3, "/a/x/1": 4}
	one, many := mk(), mk()
	for _, p := range []string{"/users/alice", "/users/bob", "/users/7", "/users/8", "/users/carol", "/users/dave", "/a/x/1"} {
		for range paths[p] {
			one.Lookup([]byte(p)).n++
		}
		many.LookupN([]byte(p), paths[p]).n += paths[p]
	}
	one.Learn()
	many.Learn()
	a, b := one.Routes(), many.Routes()
	if len(a) != len(b) {
		t.Fatalf("%d routes by Lookup, %d by LookupN", len(a), len(b))
	}
	for i := range a {
		if a[i].Template != b[i].Template || a[i].Value.n != b[i].Value.n {
			t.Errorf("route %d: %s (%d) by Lookup, %s (%d) by LookupN", i, a[i].Template, a[i].Value.n, b[i].Template, b[i].Value.n)
		}
	}
}
