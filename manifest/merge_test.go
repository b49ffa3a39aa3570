package manifest_test

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/strangler-fig/strangler/manifest"
)

// regexpMatch is CloudFront's path pattern match, modelled with a
// regexp (* is any run of characters, / included), not the code under test.
func regexpMatch(pattern, path string) bool {
	re := "^" + strings.ReplaceAll(regexp.QuoteMeta(pattern), `\*`, ".*") + "$"
	return regexp.MustCompile(re).MatchString(path)
}

// firstMatch is what CloudFront does: the first pattern that matches.
func firstMatch(bs []manifest.EdgeBehavior, path string) string {
	for _, b := range bs {
		if regexpMatch(b.Pattern, path) {
			return fmt.Sprintf("%s cache=%s ttl=%d", b.Target, b.Cache, b.CacheTTLSeconds)
		}
	}
	return "default (monolith)"
}

// Merging behaviours must not move any request: for random route sets and
// paths made from them, the first matching behaviour is handled the same
// with and without the merge.
func TestMergeNeverMovesARequest(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	segments := []string{"a", "b", "c", "{id}", "{x}", "items"}
	caches := []string{"", "", "", "    cache: public\n", "    cache: per-token\n"}
	merged, parsed := 0, 0
	for round := range 300 {
		var yaml strings.Builder
		seen := map[string]bool{}
		var paths []string
		for range 2 + rng.IntN(7) {
			var p string
			for range 1 + rng.IntN(4) {
				s := segments[rng.IntN(len(segments))]
				if strings.HasPrefix(s, "{") {
					s = "{v" + fmt.Sprint(strings.Count(p, "/")) + "}" // one name per level: no sibling conflicts
				}
				p += "/" + s
			}
			if seen[p] {
				continue
			}
			seen[p] = true
			paths = append(paths, p)
			fmt.Fprintf(&yaml, "  - path: %s\n%s", p, caches[rng.IntN(len(caches))])
			if rng.IntN(5) == 0 {
				yaml.WriteString("    target: legacy\n")
			}
		}
		m, err := manifest.Parse([]byte("legacy: {domainName: legacy.example.com}\nroutes:\n"+yaml.String()), "gen.yaml", "")
		if err != nil {
			continue // e.g. a literal and a variable conflicting: not this test's concern
		}
		parsed++
		all := manifest.EdgeBehaviorsUnmerged(m)
		got, _ := m.EdgeBehaviors()
		merged += len(all) - len(got)
		for _, p := range paths {
			for _, v := range []string{"1", "a", "b", "items", "x/y"} {
				req := strings.NewReplacer("{v0}", v, "{v1}", v, "{v2}", v, "{v3}", v).Replace(p)
				for _, path := range []string{req, req + "/z", req + "/items/1"} {
					if a, b := firstMatch(all, path), firstMatch(got, path); a != b {
						t.Fatalf("round %d: %s goes to %s unmerged but %s merged\nroutes:\n%s\nunmerged %v\nmerged %v",
							round, path, a, b, yaml.String(), patterns(all), patterns(got))
					}
				}
			}
		}
	}
	if merged == 0 || parsed < 100 {
		t.Fatalf("%d route sets parsed, %d behaviours merged: the test shows nothing", parsed, merged)
	}
	t.Logf("%d behaviours merged over %d route sets", merged, parsed)
}

func patterns(bs []manifest.EdgeBehavior) []string {
	out := make([]string, len(bs))
	for i, b := range bs {
		out[i] = b.Pattern
	}
	return out
}

// A wider pattern with the same handling does not absorb a route when a
// pattern in between, handled otherwise, would take its requests.
func TestMergeStopsAtAnInterveningPattern(t *testing.T) {
	m := parse(t, withRoutes(`
  - path: /a/{id}/b/c
  - path: /a/{id}/b/{x}
    cache: public
  - path: /a/{id}
  - path: /a/{id}/items
    methods: [GET, POST]
`))
	bs, _ := m.EdgeBehaviors()
	if got, want := patterns(bs), []string{"/a/*/b/c", "/a/*/b/*", "/a/*"}; !slices.Equal(got, want) {
		t.Fatalf("patterns %q, want %q", got, want)
	}
	wide := bs[2]
	if !slices.Equal(wide.Paths, []string{"/a/{id}/items", "/a/{id}"}) || !slices.Contains(wide.Methods, "POST") {
		t.Errorf("/a/* serves %v with %v, want /a/{id}/items merged in with its POST", wide.Paths, wide.Methods)
	}
}

// The merge's own matcher agrees with the regexp model.
func TestGlobMatchAgreesWithRegexp(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	alphabet := []string{"a", "b", "/", "*"}
	word := func(n int, stars bool) string {
		var b strings.Builder
		for range rng.IntN(n) {
			c := alphabet[rng.IntN(len(alphabet))]
			if c == "*" && !stars {
				c = "a"
			}
			b.WriteString(c)
		}
		return b.String()
	}
	for range 20000 {
		pattern, path := word(8, true), word(10, false)
		if got, want := manifest.GlobMatch(pattern, path), regexpMatch(pattern, path); got != want {
			t.Fatalf("globMatch(%q, %q) = %v, regexp says %v", pattern, path, got, want)
		}
	}
}
