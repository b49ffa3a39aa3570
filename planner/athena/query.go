// Package athena runs the planner's aggregation where the logs are: SQL over
// the Glue table of CloudFront logging v2 Parquet (constructs.AccessLogAnalytics),
// in Athena, whose results fill the same stats.Route aggregates the local
// planner makes, for the same report, draft manifest and quota checks.
//
// The SQL lives in sql/*.sql (text/template: the table, the distribution,
// the partitions and the time range are filled in; every value is quoted).
// Paths are mapped to routes in two steps: the distinct paths are read
// first and the templates learned from them in Go (package routes, as
// locally), then each template becomes an anchored regular expression in
// a CASE, ordered literal-first as the route tree matches; before any
// aggregation runs, every path read is checked to map to the template the
// tree gave it.
package athena

import (
	"bytes"
	"embed"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"text/template"
	"time"

	"github.com/strangler-fig/strangler/awslimits"
	"github.com/strangler-fig/strangler/planner/routes"
	"github.com/strangler-fig/strangler/planner/stats"
)

//go:embed sql/*.sql
var sqlFiles embed.FS

var queries = template.Must(template.ParseFS(sqlFiles, "sql/*.sql"))

// Query names, one file each in sql/.
const (
	QueryPaths   = "paths.sql"
	QueryRoutes  = "routes.sql"
	QueryLatency = "latency.sql"
	QuerySeconds = "seconds.sql"
	QueryHosts   = "hosts.sql"
	QueryTotals  = "totals.sql"
)

// Aggregations run after the paths, in this order.
var Aggregations = []string{QueryTotals, QueryRoutes, QueryLatency, QuerySeconds, QueryHosts}

// Scope is what a query reads: one distribution's logs in [From, To).
type Scope struct {
	// Database and Table of the logs (stack outputs LogDatabase, LogTable).
	Database, Table string
	// Distribution ID, the table's distributionid partition.
	Distribution string
	// From and To, UTC; To is excluded.
	From, To time.Time
}

// Check says what is wrong with a scope, naming the flag to fix.
func (s Scope) Check() error {
	var bad []string
	if s.Database == "" || s.Table == "" {
		bad = append(bad, "the Glue database and table are required (stack outputs LogDatabase and LogTable)")
	}
	if !regexp.MustCompile(`^[A-Z0-9]{1,64}$`).MatchString(s.Distribution) {
		bad = append(bad, fmt.Sprintf("distribution %q is not a CloudFront distribution ID (stack output DistributionId, e.g. E2EXAMPLE)", s.Distribution))
	}
	if s.From.IsZero() || s.To.IsZero() || !s.From.Before(s.To) {
		bad = append(bad, fmt.Sprintf("time range [%s, %s) is empty: give a start before the end", s.From.Format(time.RFC3339), s.To.Format(time.RFC3339)))
	}
	if len(bad) > 0 {
		return fmt.Errorf("%s", strings.Join(bad, "; "))
	}
	return nil
}

// Pattern is one route: its template and how the tree matches it.
type Pattern struct {
	Template string
	Segments []routes.Segment
}

// Render fills query name with the scope, the route patterns (their
// order is the route number each row gets; nil: every row gets -1) and
// the path limit (paths.sql only).
func Render(name string, s Scope, patterns []Pattern, maxPaths int) (string, error) {
	if err := s.Check(); err != nil {
		return "", err
	}
	data := map[string]any{
		"Table":        quoteIdent(s.Database) + "." + quoteIdent(s.Table),
		"Distribution": quoteString(s.Distribution),
		"Partitions":   partitions(s.From.UTC(), s.To.UTC()),
		"From":         s.From.UTC().Format(time.DateTime),
		"To":           s.To.UTC().Format(time.DateTime),
		"Route":        routeCase(patterns),
		"MaxPaths":     maxPaths,
		"LastBucket":   stats.NumBuckets - 1,
	}
	var b bytes.Buffer
	if err := queries.ExecuteTemplate(&b, name, data); err != nil {
		return "", err
	}
	if b.Len() > awslimits.AthenaMaxQueryBytes {
		return "", fmt.Errorf("%s is %d bytes with %d routes, over Athena's %d-byte query limit: give fewer routes (--max-literals lower, or a manifest with wider templates)", name, b.Len(), len(patterns), awslimits.AthenaMaxQueryBytes)
	}
	return b.String(), nil
}

func quoteIdent(s string) string  { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
func quoteString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// partitions is the partition predicate of [from, to): whole days as
// (year, month, day), the first and last day narrowed to their hours, so
// that partition projection reads no partition outside the range.
func partitions(from, to time.Time) string {
	var terms []string
	lastHour := to.Add(-time.Nanosecond).Truncate(time.Hour)
	for day := from.Truncate(24 * time.Hour); !day.After(lastHour); day = day.AddDate(0, 0, 1) {
		t := fmt.Sprintf("(year = %d AND month = %d AND day = %d", day.Year(), int(day.Month()), day.Day())
		first, last := 0, 23
		if day.Equal(from.Truncate(24 * time.Hour)) {
			first = from.Hour()
		}
		if day.Equal(lastHour.Truncate(24 * time.Hour)) {
			last = lastHour.Hour()
		}
		if first > 0 || last < 23 {
			t += fmt.Sprintf(" AND hour BETWEEN %d AND %d", first, last)
		}
		terms = append(terms, t+")")
	}
	return strings.Join(terms, "\n      OR ")
}

// routeCase numbers each row's route: the first pattern whose expression
// matches the path, in the order given (see Order), else -1.
func routeCase(patterns []Pattern) string {
	if len(patterns) == 0 {
		return "-1"
	}
	var b strings.Builder
	b.WriteString("CASE")
	for i, p := range patterns {
		fmt.Fprintf(&b, "\n      WHEN regexp_like(stem, %s) THEN %d", quoteString(PathRegexp(p.Segments)), i)
	}
	b.WriteString("\n      ELSE -1 END")
	return b.String()
}

// PathRegexp matches the URL-encoded paths (cs-uri-stem) the route tree
// sends to a template: segments split on "/", empty ones skipped, a
// parameter one non-empty segment, a greedy one the rest. A literal is
// compared as the tree compares it, decoded: a character outside RFC 3986's
// unreserved set may be logged %-encoded, so it matches either way; an
// unreserved one (letters, digits, "-._~") matches only as itself (a client
// that encodes those is rare; Analyze reports any path that then maps
// elsewhere than in the tree). Only syntax that Athena's (Trino's) and
// RE2's regular expressions share is used.
func PathRegexp(segs []routes.Segment) string {
	var b strings.Builder
	b.WriteString("^")
	for _, s := range segs {
		b.WriteString("/+")
		switch {
		case s.Greedy:
			b.WriteString("[^/]+.*")
		case s.Param:
			b.WriteString("[^/]+")
		default:
			for i := 0; i < len(s.Literal); i++ {
				writeLiteralByte(&b, s.Literal[i])
			}
		}
	}
	if len(segs) == 0 || !segs[len(segs)-1].Greedy {
		b.WriteString("/*")
	}
	b.WriteString("$")
	return b.String()
}

func writeLiteralByte(b *strings.Builder, c byte) {
	switch {
	case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '~':
		b.WriteByte(c)
		return
	case c == '.':
		b.WriteString(`\.`)
		return
	}
	enc := "%"
	for _, h := range fmt.Sprintf("%02X", c) {
		if h >= 'A' {
			enc += "[" + string(h) + strings.ToLower(string(h)) + "]"
		} else {
			enc += string(h)
		}
	}
	switch {
	case c == '/' || c < 0x20 || c >= 0x7f:
		b.WriteString(enc) // never raw in a logged path ("/" in a literal came from %2F)
	case strings.IndexByte(`\^$|?*+()[]{}`, c) >= 0:
		b.WriteString(`(?:\` + string(c) + "|" + enc + ")")
	default:
		b.WriteString("(?:" + string(c) + "|" + enc + ")")
	}
}

// Order sorts patterns as the route tree prefers them: position by
// position, a literal before a parameter before a greedy parameter, so the
// first match in a CASE is the tree's.
func Order(ps []Pattern) {
	rank := func(s routes.Segment) int {
		switch {
		case s.Greedy:
			return 2
		case s.Param:
			return 1
		}
		return 0
	}
	slices.SortStableFunc(ps, func(a, b Pattern) int {
		for i := range min(len(a.Segments), len(b.Segments)) {
			if d := rank(a.Segments[i]) - rank(b.Segments[i]); d != 0 {
				return d
			}
		}
		return len(a.Segments) - len(b.Segments)
	})
}
