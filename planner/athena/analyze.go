package athena

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/strangler-fig/strangler/manifest"
	"github.com/strangler-fig/strangler/planner"
	"github.com/strangler-fig/strangler/planner/cflog"
	"github.com/strangler-fig/strangler/planner/routes"
	"github.com/strangler-fig/strangler/planner/stats"
)

// Querier runs one named query (a Runner, or a local engine in tests).
type Querier interface {
	Run(ctx context.Context, name, sql string) (*Result, error)
}

// Options of an analysis in Athena.
type Options struct {
	Scope
	// Templates from the route manifest take precedence over learned ones.
	Templates []manifest.Template
	// Routes tunes the learning of high-cardinality segments.
	Routes routes.Options
	// MaxPaths read to learn templates from, most requested first.
	// Default: 200,000.
	MaxPaths int
	// Before, if set, is called with each query before it runs; an error
	// stops the analysis (the scan guard, the dry run).
	Before func(name, sql string) error
}

// DefaultMaxPaths is how many distinct paths are read by default.
const DefaultMaxPaths = 200_000

// pathSet is what the route tree holds per template here: the requests and
// the paths that went to it.
type pathSet struct {
	n      int64
	paths  []string
	counts []int64 // requests of each path
}

func (p *pathSet) RequestCount() int64 { return p.n }

func mergePathSets(dst, src *pathSet) {
	dst.n += src.n
	dst.paths = append(dst.paths, src.paths...)
	dst.counts = append(dst.counts, src.counts...)
}

// newPathTree learns route templates from distinct paths and their counts.
func newPathTree(o routes.Options, templates []manifest.Template) *routes.Tree[pathSet] {
	return routes.New(o, templates, func() *pathSet { return new(pathSet) }, mergePathSets)
}

// addPath counts n requests to path.
func addPath(tree *routes.Tree[pathSet], path string, n int64) {
	v := tree.LookupN([]byte(path), n)
	v.n += n
	v.paths = append(v.paths, path)
	v.counts = append(v.counts, n)
}

// learnPatterns learns the tree's templates and orders their expressions
// as the SQL tries them, checked against the tree (checkPatterns).
func learnPatterns(tree *routes.Tree[pathSet]) ([]Pattern, []routes.Route[pathSet], *cflog.Problem, error) {
	tree.Learn()
	learned := tree.Routes()
	patterns := make([]Pattern, len(learned))
	for i, r := range learned {
		patterns[i] = Pattern{Template: r.Template, Segments: r.Segments}
	}
	Order(patterns)
	p, err := checkPatterns(patterns, learned)
	return patterns, learned, p, err
}

// Analyze runs the queries of sql/ through q and returns the aggregate the
// local planner (planner.Analyze) makes from the same requests.
func Analyze(ctx context.Context, q Querier, o Options) (*planner.Result, error) {
	if o.MaxPaths <= 0 {
		o.MaxPaths = DefaultMaxPaths
	}
	run := func(name string, patterns []Pattern, limit int) (*Result, error) {
		sql, err := Render(name, o.Scope, patterns, limit)
		if err != nil {
			return nil, err
		}
		if o.Before != nil {
			if err := o.Before(name, sql); err != nil {
				return nil, err
			}
		}
		return q.Run(ctx, name, sql)
	}
	res := &planner.Result{}

	// 1. Templates, learned from the distinct paths as locally.
	pr, err := run(QueryPaths, nil, o.MaxPaths+1)
	if err != nil {
		return nil, err
	}
	tree := newPathTree(o.Routes, o.Templates)
	rows, err := columns(pr, QueryPaths, "stem", "requests")
	if err != nil {
		return nil, err
	}
	if len(rows) > o.MaxPaths {
		rows = rows[:o.MaxPaths]
		res.Problems = append(res.Problems, cflog.Problem{File: QueryPaths, Reason: fmt.Sprintf(
			"more than %d distinct paths: templates were learned from the %d most requested; requests to the others are counted under no route (raise --athena-max-paths)", o.MaxPaths, o.MaxPaths)})
	}
	for i, r := range rows {
		n, err := integer(r[1])
		if err != nil || r[0] == nil {
			return nil, fmt.Errorf("%s row %d: %v %v: want a path and a count", QueryPaths, i+1, r[0], err)
		}
		addPath(tree, *r[0], n)
	}
	patterns, learned, p, err := learnPatterns(tree)
	if err != nil {
		return nil, err
	} else if p != nil {
		res.Problems = append(res.Problems, *p)
	}
	byTemplate := map[string]routes.Route[pathSet]{}
	for _, r := range learned {
		byTemplate[r.Template] = r
	}
	agg := make([]*stats.Route, len(patterns))
	for i := range agg {
		agg[i] = new(stats.Route)
	}
	var unrouted int64
	route := func(name string, cell *string) (*stats.Route, bool, error) {
		i, err := integer(cell)
		if err != nil || i < -1 || i >= int64(len(agg)) {
			return nil, false, fmt.Errorf("%s: route number %v out of range", name, deref(cell))
		}
		if i < 0 {
			return nil, false, nil
		}
		return agg[i], true, nil
	}

	// 2. The aggregates.
	for _, name := range Aggregations {
		r, err := run(name, patterns, 0)
		if err != nil {
			return nil, err
		}
		if err := fill(name, r, res, route, &unrouted); err != nil {
			return nil, err
		}
	}
	if unrouted > 0 {
		res.Problems = append(res.Problems, cflog.Problem{File: QueryRoutes, Reason: fmt.Sprintf("%d request(s) matched no route (paths beyond --athena-max-paths, or logged between the queries); left out", unrouted)})
	}
	res.ProblemCount = int64(len(res.Problems))
	res.Total = new(stats.Route)
	for i, p := range patterns {
		if agg[i].Requests == 0 {
			continue
		}
		res.Routes = append(res.Routes, planner.RouteResult{Template: p.Template, FromManifest: byTemplate[p.Template].FromManifest, Stats: agg[i]})
		res.Total.Merge(agg[i])
	}
	planner.SortRoutes(res.Routes)
	planner.SortHosts(res.Hosts)
	if res.Records == 0 {
		return res, fmt.Errorf("%w in distribution %s between %s and %s", planner.ErrNothingRead, o.Distribution, o.From.UTC().Format("2006-01-02 15:04"), o.To.UTC().Format("2006-01-02 15:04"))
	}
	return res, nil
}

// checkPatterns checks, for every path read, that the CASE of the SQL
// (first matching expression, in order) gives the template the route tree
// gave. Paths that map elsewhere are reported with their requests (they
// would be counted under another route than locally); more than 1% of the
// requests so is an error.
func checkPatterns(patterns []Pattern, learned []routes.Route[pathSet]) (*cflog.Problem, error) {
	res := make([]*regexp.Regexp, len(patterns))
	for i, p := range patterns {
		re, err := regexp.Compile(PathRegexp(p.Segments))
		if err != nil {
			return nil, fmt.Errorf("route %s: expression %s: %v", p.Template, PathRegexp(p.Segments), err)
		}
		res[i] = re
	}
	var wrong []string
	var total, off int64
	for _, r := range learned {
		total += r.Value.n
		for i, path := range r.Value.paths {
			got := "no route"
			for k, re := range res {
				if re.MatchString(path) {
					got = patterns[k].Template
					break
				}
			}
			if got != r.Template {
				off += r.Value.counts[i]
				if len(wrong) < 5 {
					wrong = append(wrong, fmt.Sprintf("%s goes to %s in SQL, to %s in the route tree", path, got, r.Template))
				}
			}
		}
	}
	if off == 0 {
		return nil, nil
	}
	msg := fmt.Sprintf("%d request(s) map to another route in SQL than in the local planner (paths with %%-encoded letters or digits): %s", off, strings.Join(wrong, "; "))
	if off*100 > total {
		return nil, fmt.Errorf("%s", msg)
	}
	return &cflog.Problem{File: QueryPaths, Reason: msg}, nil
}

// fill adds the rows of one aggregation to the routes and the result.
func fill(name string, r *Result, res *planner.Result, route func(string, *string) (*stats.Route, bool, error), unrouted *int64) error {
	bad := func(i int, err error) error { return fmt.Errorf("%s row %d: %w", name, i+1, err) }
	switch name {
	case QueryTotals:
		rows, err := columns(r, name, "all_rows", "requests")
		if err != nil {
			return err
		}
		if len(rows) != 1 {
			return fmt.Errorf("%s: %d rows, want 1", name, len(rows))
		}
		all, err1 := integer(rows[0][0])
		valid, err2 := integer(rows[0][1])
		if err1 != nil || err2 != nil {
			return bad(0, fmt.Errorf("counts %v %v", deref(rows[0][0]), deref(rows[0][1])))
		}
		res.Lines, res.Records, res.Malformed = all, valid, all-valid
	case QueryRoutes:
		rows, err := columns(r, name, "route", "method", "class", "requests", "bytes", "no_time_taken", "first_second", "last_second")
		if err != nil {
			return err
		}
		return routeRows(name, rows, 2, route, func(st *stats.Route, ok bool, row []*string, v []int64) error {
			class, n, bytes, noTime, first, last := v[0], v[1], v[2], v[3], v[4], v[5]
			if !ok {
				*unrouted += n
				return nil
			}
			if class < 0 || class > 5 {
				return fmt.Errorf("status class %d", class)
			}
			if st.Requests == 0 || first < st.First {
				st.First = first
			}
			st.Last = max(st.Last, last)
			st.Requests += n
			st.Methods[stats.MethodIndex(deref(row[1]))] += n
			st.Status[class] += n
			st.Bytes += bytes
			st.NoTimeTaken += noTime
			return nil
		})
	case QueryLatency:
		rows, err := columns(r, name, "route", "bucket", "requests", "sum_ms")
		if err != nil {
			return err
		}
		return routeRows(name, rows, 1, route, func(st *stats.Route, ok bool, _ []*string, v []int64) error {
			if !ok {
				return nil
			}
			return st.Latency.AddBucket(int(v[0]), uint64(v[1]), uint64(max(0, v[2])))
		})
	case QuerySeconds:
		rows, err := columns(r, name, "route", "second", "requests", "sum_ms")
		if err != nil {
			return err
		}
		return routeRows(name, rows, 1, route, func(st *stats.Route, ok bool, _ []*string, v []int64) error {
			if ok {
				st.Series.AddSecond(v[0], uint32(min(v[1], math.MaxUint32)), uint64(max(0, v[2])))
			}
			return nil
		})
	case QueryHosts:
		rows, err := columns(r, name, "host", "requests")
		if err != nil {
			return err
		}
		for i, row := range rows {
			n, err := integer(row[1])
			if err != nil || row[0] == nil {
				return bad(i, fmt.Errorf("want a host and a count"))
			}
			res.Hosts = append(res.Hosts, planner.HostCount{Host: *row[0], Requests: n})
		}
	default:
		return fmt.Errorf("no reader for query %s", name)
	}
	return nil
}

// routeRows hands add each row whose first column is a route template and
// whose columns from `from` on are integers, with its route (ok: the
// template is one of the planner's routes); an error names the row.
func routeRows(name string, rows [][]*string, from int, route func(string, *string) (*stats.Route, bool, error), add func(st *stats.Route, ok bool, row []*string, v []int64) error) error {
	for i, row := range rows {
		st, ok, err := route(name, row[0])
		if err == nil {
			var v []int64
			if v, err = integers(row[from:]); err == nil {
				err = add(st, ok, row, v)
			}
		}
		if err != nil {
			return fmt.Errorf("%s row %d: %w", name, i+1, err)
		}
	}
	return nil
}

// columns returns the rows with the named columns, in that order.
func columns(r *Result, name string, want ...string) ([][]*string, error) {
	idx := make([]int, len(want))
	for i, w := range want {
		idx[i] = -1
		for j, c := range r.Columns {
			if strings.EqualFold(c, w) {
				idx[i] = j
			}
		}
		if idx[i] < 0 {
			return nil, fmt.Errorf("%s: %w %q (columns: %s)", name, ErrNoColumn, w, strings.Join(r.Columns, ", "))
		}
	}
	out := make([][]*string, len(r.Rows))
	for k, row := range r.Rows {
		vals := make([]*string, len(want))
		for i, j := range idx {
			if j < len(row) {
				vals[i] = row[j]
			}
		}
		out[k] = vals
	}
	return out, nil
}

// integer reads a count or a number of seconds (null: 0; Athena may write
// a bigint sum as "12.0" when the engine widened it).
func integer(s *string) (int64, error) {
	if s == nil {
		return 0, nil
	}
	if n, err := strconv.ParseInt(*s, 10, 64); err == nil {
		return n, nil
	}
	f, err := strconv.ParseFloat(*s, 64)
	if err != nil || f != math.Trunc(f) {
		return 0, fmt.Errorf("%q is not an integer", *s)
	}
	return int64(f), nil
}

func integers(ss []*string) ([]int64, error) {
	out := make([]int64, len(ss))
	for i, s := range ss {
		n, err := integer(s)
		if err != nil {
			return nil, err
		}
		out[i] = n
	}
	return out, nil
}

func deref(s *string) string {
	if s == nil {
		return "NULL"
	}
	return *s
}
