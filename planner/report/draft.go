package report

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/strangler-fig/strangler/awslimits"
	"github.com/strangler-fig/strangler/manifest"
	"github.com/strangler-fig/strangler/planner/forecast"
	"github.com/strangler-fig/strangler/planner/stats"
)

// DraftOptions shape the draft manifest.
type DraftOptions struct {
	// DomainName of the monolith (legacy.domainName). Required.
	DomainName string
	// Existing manifest, if any: its routes keep their settings.
	Existing *manifest.Manifest
	// Source names the logs, for the header comment.
	Source string
	Now    time.Time
}

// Draft builds the draft manifest: every migratable route in migration
// order, all with target legacy (nothing moves until a person flips a
// route to lambda), cache none, and reserved concurrency where the
// forecast suggests it. The routes the manifest already had keep their
// path, methods, function, target, cache and secrets.
func Draft(plan *forecast.Plan, o DraftOptions) *manifest.Manifest {
	m := &manifest.Manifest{Legacy: manifest.Legacy{DomainName: o.DomainName},
		// Fail closed until a person names the real endpoint (or jwt):
		// a draft never makes a route open.
		Auth: manifest.Auth{Default: manifest.AuthDelegate, Delegate: &manifest.DelegateAuth{URL: DraftSessionPath}}}
	m.Lambda.RegionalConcurrencyQuota = plan.Settings.LambdaConcurrency
	existing := map[string]manifest.Route{}
	if o.Existing != nil {
		m.Legacy = o.Existing.Legacy
		m.Auth = o.Existing.Auth
		if o.DomainName != "" {
			m.Legacy.DomainName = o.DomainName
		}
		for _, r := range o.Existing.Routes {
			existing[r.Path] = r
		}
	}
	used := map[string]bool{}
	for _, r := range plan.Routes {
		if r.Rank == 0 {
			continue
		}
		if e, ok := existing[r.Template]; ok {
			used[r.Template] = true
			m.Routes = append(m.Routes, manifest.Route{Path: e.Path, Methods: e.Methods, Function: e.Function, Target: e.Target,
				Auth: e.Auth, Cache: e.Cache, CacheTTLSeconds: e.CacheTTLSeconds, CacheQueryKeys: cacheKeysOf(e, r), ReservedConcurrency: e.ReservedConcurrency,
				Environment: e.Environment, Secrets: e.Secrets})
			continue
		}
		dr := manifest.Route{Path: r.Template, Methods: draftMethods(r), Function: r.Function, Target: manifest.TargetLegacy, Cache: manifest.CacheNone}
		if r.SuggestedReserved > 0 {
			n := r.SuggestedReserved
			dr.ReservedConcurrency = &n
		}
		m.Routes = append(m.Routes, dr)
	}
	if o.Existing != nil {
		for _, r := range o.Existing.Routes {
			if !used[r.Path] {
				m.Routes = append(m.Routes, manifest.Route{Path: r.Path, Methods: r.Methods, Function: r.Function, Target: r.Target,
					Auth: r.Auth, Cache: r.Cache, CacheTTLSeconds: r.CacheTTLSeconds, CacheQueryKeys: cacheKeysOf(r, nil), ReservedConcurrency: r.ReservedConcurrency,
					Environment: r.Environment, Secrets: r.Secrets})
			}
		}
	}
	// Reservations copied from the existing manifest count too: drop
	// suggestions that would take the last 100 of the quota.
	budget := m.Lambda.RegionalConcurrencyQuota - manifest.MinUnreservedConcurrency
	for _, r := range m.Routes {
		if _, ok := existing[r.Path]; ok && r.ReservedConcurrency != nil {
			budget -= *r.ReservedConcurrency
		}
	}
	for i := range m.Routes {
		r := &m.Routes[i]
		if _, ok := existing[r.Path]; ok || r.ReservedConcurrency == nil {
			continue
		}
		if *r.ReservedConcurrency > budget {
			r.ReservedConcurrency = nil
			continue
		}
		budget -= *r.ReservedConcurrency
	}
	return m
}

// cacheKeysOf: a cached route keeps its cacheQueryKeys; one without
// (an existing manifest made in Go) gets the names its logs show, which a
// person must still check (a key the answer ignores only splits the cache).
func cacheKeysOf(r manifest.Route, seen *forecast.Route) manifest.QueryKeys {
	if r.Cache == "" || r.Cache == manifest.CacheNone || r.CacheQueryKeys != nil {
		return r.CacheQueryKeys
	}
	keys := manifest.QueryKeys{}
	if seen != nil && seen.Stats() != nil {
		keys = append(keys, seen.Stats().QueryKeys.Top(awslimits.CloudFrontCachePolicyQueryStringsMax)...)
	}
	return keys
}

// queryKeysNote says which query keys a route's requests carried, for the
// comment above it: what cacheQueryKeys would list if it is cached.
func queryKeysNote(r *forecast.Route) string {
	st := r.Stats()
	if st == nil || !st.QueryKeys.Counted {
		return "" // not read (Athena mode): say nothing rather than "none"
	}
	if len(st.QueryKeys.Seen) == 0 {
		return "no query strings in the logs"
	}
	var parts []string
	for _, k := range st.QueryKeys.Top(awslimits.CloudFrontCachePolicyQueryStringsMax) {
		parts = append(parts, fmt.Sprintf("%s (%d%%)", k, st.QueryKeys.Seen[k]*100/max(st.Requests, 1)))
	}
	if n := len(st.QueryKeys.Seen) - len(parts); n > 0 || st.QueryKeys.Other > 0 {
		parts = append(parts, "and more")
	}
	return "query keys in the logs: " + strings.Join(parts, ", ")
}

// DraftSessionPath is the session endpoint a new draft names: a guess a
// person must confirm (a wrong one refuses every caller, 503).
const DraftSessionPath = "/session"

func draftMethods(r *forecast.Route) []string {
	var out []string
	for _, m := range stats.Methods {
		if r.Methods[m] > 0 && m != "OTHER" {
			out = append(out, m)
		}
	}
	if len(out) == 0 {
		out = []string{"GET"}
	}
	return out
}

// EncodeDraft writes the draft as YAML with a header explaining how it was
// made and a comment above each route with its rank and load.
func EncodeDraft(m *manifest.Manifest, plan *forecast.Plan, o DraftOptions) ([]byte, error) {
	body, err := manifest.Encode(m)
	if err != nil {
		return nil, err
	}
	byPath := map[string]*forecast.Route{}
	for _, r := range plan.Routes {
		byPath[r.Template] = r
	}
	var b bytes.Buffer
	now := o.Now
	if now.IsZero() {
		now = time.Now()
	}
	fmt.Fprintf(&b, `# Draft route manifest written by the migration planner on %s
# from the CloudFront access logs in %s.
#
# How it was made:
# - One route per path template seen in the logs (numeric ids, UUIDs, hashes
#   and high-cardinality segments became parameters; templates from the
#   existing manifest, if one was given, took precedence and keep their settings).
# - Routes are listed in the suggested migration order: hottest first, but a
#   route that would cross a quota comes after the routes that fit; the
#   comment above each route says why.
# - Every new route has target: legacy, so this file moves nothing: flip a
#   route to target: lambda (and write its function under lambdas/) to move it.
# - methods are the ones the logs show; cache is none (review each route).
#   To cache a route, list in cacheQueryKeys the query keys its answer
#   depends on: the comment above each route names those the logs show.
# - auth: every route's callers are checked by asking the monolith's session
#   endpoint (auth.delegate.url, %s here: set yours, or use jwt); a route
#   that is public must say auth: none.
# - reservedConcurrency is 1.5x the route's estimated peak concurrency for
#   first-wave routes with a peak of at least 1, while Lambda keeps %d of the
#   regional quota unreserved; other routes use the unreserved pool.
#   Concurrency assumes %s.
# - lambda.regionalConcurrencyQuota is the quota the forecast assumed.
#
`, now.UTC().Format("2006-01-02 15:04 UTC"), o.Source, DraftSessionPath, manifest.MinUnreservedConcurrency, plan.Duration)
	for _, line := range strings.SplitAfter(string(body), "\n") {
		if rest, ok := strings.CutPrefix(line, "  - path: "); ok {
			if r := byPath[strings.TrimSpace(rest)]; r != nil && r.Rank > 0 {
				fmt.Fprintf(&b, "  # #%d (wave %d): peak %d/s and %d/min, ~%.1f concurrent; %s\n",
					r.Rank, r.Wave, r.Peaks.RPS, r.Peaks.RPM, r.Peaks.Concurrency, r.Why)
				if note := queryKeysNote(r); note != "" {
					fmt.Fprintf(&b, "  # %s\n", note)
				}
			}
		}
		b.WriteString(line)
	}
	return b.Bytes(), nil
}

// Unmigratable lists the routes the draft leaves out and why.
func Unmigratable(plan *forecast.Plan) []string {
	var out []string
	for _, r := range plan.Routes {
		if r.Rank == 0 {
			out = append(out, r.Template+": "+r.NotMigratable)
		}
	}
	return slices.Clip(out)
}
