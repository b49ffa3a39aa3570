package routing_test

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/strangler-fig/strangler/routing"
)

// The models below are written apart from the code under test: CloudFront
// matches a pattern by a regexp (* is any run of characters, / included)
// over concrete request strings, and API Gateway picks, among the templates
// a path matches, the one whose segments rank first, left to right: a
// literal, then a {parameter}, then a greedy {name+}.

var patternRegexps = map[string]*regexp.Regexp{}

func cloudFrontFirst(bs []routing.Behavior, path string) int {
	for i, b := range bs {
		re, ok := patternRegexps[b.Pattern]
		if !ok {
			re = regexp.MustCompile("^" + strings.ReplaceAll(regexp.QuoteMeta(b.Pattern), `\*`, ".*") + "$")
			patternRegexps[b.Pattern] = re
		}
		if re.MatchString(path) {
			return i
		}
	}
	return -1
}

func segmentRanks(t routing.Template) []int {
	var r []int
	for _, s := range t.Segments {
		switch {
		case s.Greedy:
			r = append(r, 2)
		case s.Param != "":
			r = append(r, 1)
		default:
			r = append(r, 0)
		}
	}
	return r
}

func apiGatewayPick(rules []routing.Rule, path string) int {
	pick := -1
	for i, r := range rules {
		if _, ok := r.Template.Match(path); !ok {
			continue
		}
		if pick < 0 || slices.Compare(segmentRanks(r.Template), segmentRanks(rules[pick].Template)) < 0 {
			pick = i
		}
	}
	return pick
}

const legacy = "legacy"

// randomRules makes a tree of routes under a few prefixes: literals from a
// small pool (so variable values often equal a sibling's literal), one
// parameter name per level (API Gateway's rule), greedy tails, and
// handlings mixing the monolith, and Lambda with three cache settings.
func randomRules(rng *rand.Rand) []routing.Rule {
	prefixes := []string{"users", "orders", "me"}
	pool := []string{"me", "orders", "items", "a", "users"}
	handlings := []string{legacy, "lambda none", "lambda none", "lambda per-token", "lambda public"}
	seen := map[string]bool{}
	var rules []routing.Rule
	for range 2 + rng.IntN(10) {
		p := "/" + prefixes[rng.IntN(len(prefixes))]
		depth := rng.IntN(4)
		for d := range depth {
			switch x := rng.IntN(10); {
			case x < 4:
				p += fmt.Sprintf("/{v%d}", d+1)
			case x == 4 && d == depth-1:
				p += "/{proxy+}"
			default:
				p += "/" + pool[rng.IntN(len(pool))]
			}
		}
		if rng.IntN(12) == 0 {
			p = "/{tenant}" + strings.TrimPrefix(p, "/"+strings.Split(p, "/")[1])
			if p == "/{tenant}" {
				p = "/{tenant}/reports"
			}
		}
		t, err := routing.ParseTemplate(p)
		if err != nil || seen[t.Shape()] {
			continue
		}
		seen[t.Shape()] = true
		rules = append(rules, routing.Rule{Template: t, Handling: handlings[rng.IntN(len(handlings))]})
	}
	return rules
}

// samplePaths: each template with every parameter set to a fresh value or
// to each literal of the pool, and greedy tails of one to three segments.
func samplePaths(rules []routing.Rule) []string {
	values := []string{"7", "me", "orders", "items", "a", "users", "reports"}
	var out []string
	for _, r := range rules {
		paths := []string{""}
		for _, s := range r.Template.Segments {
			var next []string
			for _, p := range paths {
				switch {
				case s.Greedy:
					for _, v := range values {
						next = append(next, p+"/"+v, p+"/"+v+"/7", p+"/7/"+v+"/items")
					}
				case s.Param != "":
					for _, v := range values {
						next = append(next, p+"/"+v)
					}
				default:
					next = append(next, p+"/"+s.Literal)
				}
			}
			paths = next
			if len(paths) > 400 {
				paths = paths[:400]
			}
		}
		for _, p := range paths {
			if p == "" {
				p = "/"
			}
			out = append(out, p, p+"/7", p+"/items", p+"/me/7")
		}
	}
	return out
}

// TestPlanRoutesEveryPathAsAPIGatewayWould is the routing contract, over
// random route trees, against the models above:
//   - a path some template matches gets the handling of the template API
//     Gateway picks (a variable value equal to a sibling literal goes to
//     the literal's route; a greedy tail of several segments stays with
//     its route);
//   - a path no template matches goes to the monolith, unless the
//     CloudFront pattern of a migrated route (its template with * per
//     parameter) matches it.
func TestPlanRoutesEveryPathAsAPIGatewayWould(t *testing.T) {
	rng := rand.New(rand.NewPCG(10, 20))
	planned, failed, checked, saved := 0, 0, 0, 0
	for round := range 400 {
		rules := randomRules(rng)
		bs, err := routing.Plan(rules, legacy)
		if err != nil {
			failed++
			if failed < 6 {
				t.Logf("refused: %v\n%s", err, formatRules(rules))
			}
			continue
		}
		planned++
		migrated := 0
		for _, r := range rules {
			if r.Handling != legacy {
				migrated++
			}
		}
		if len(bs) < migrated {
			saved++
		}
		for _, path := range samplePaths(rules) {
			checked++
			got := legacy
			if i := cloudFrontFirst(bs, path); i >= 0 {
				got = bs[i].Handling
			}
			want, free := legacy, false
			if i := apiGatewayPick(rules, path); i >= 0 {
				want = rules[i].Handling
			} else {
				for _, r := range rules {
					free = free || (r.Handling != legacy && cloudFrontFirst([]routing.Behavior{{Pattern: r.Template.EdgePattern()}}, path) == 0)
				}
			}
			if got != want && !free {
				t.Fatalf("round %d: %s gets %q, want %q\nrules:\n%s\nbehaviours:\n%s", round, path, got, want, formatRules(rules), formatBehaviors(bs))
			}
		}
	}
	t.Logf("%d route sets planned (%d refused), %d paths checked, %d planned with fewer behaviours than migrated routes", planned, failed, checked, saved)
	if planned < 300 || failed > planned/10 || saved <= 0 {
		t.Fatalf("%d planned, %d refused, %d saved: the test shows too little", planned, failed, saved)
	}
}

func formatRules(rules []routing.Rule) string {
	var b strings.Builder
	for i, r := range rules {
		fmt.Fprintf(&b, "\t%d %s -> %s\n", i, r.Template, r.Handling)
	}
	return b.String()
}

func formatBehaviors(bs []routing.Behavior) string {
	var b strings.Builder
	for _, e := range bs {
		fmt.Fprintf(&b, "\t%s -> %s %v\n", e.Pattern, e.Handling, e.Rules)
	}
	return b.String()
}
