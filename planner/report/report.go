// Package report writes a forecast for people and programs: a terminal
// table, JSON, CSV, a self-contained HTML page with charts, and a draft
// route manifest.
package report

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/strangler-fig/strangler/planner"
	"github.com/strangler-fig/strangler/planner/cflog"
	"github.com/strangler-fig/strangler/planner/forecast"
)

// Summary describes what was read.
type Summary struct {
	Files             int                 `json:"files"`
	FilesDamaged      int                 `json:"filesDamaged"`
	Lines             int64               `json:"lines"`
	Requests          int64               `json:"requests"`
	MalformedLines    int64               `json:"malformedLines"`
	UncompressedBytes int64               `json:"uncompressedBytes"`
	From              time.Time           `json:"from"`
	To                time.Time           `json:"to"`
	Hosts             []planner.HostCount `json:"hosts,omitempty"`
	ProblemCount      int64               `json:"problemCount"`
	Problems          []cflog.Problem     `json:"problems,omitempty"`
}

// Summarize builds the Summary of a result.
func Summarize(res *planner.Result) Summary {
	s := Summary{
		Files: res.Files, FilesDamaged: res.FilesDamaged, Lines: res.Lines, Requests: res.Records,
		MalformedLines: res.Malformed, UncompressedBytes: res.UncompressedBytes,
		ProblemCount: res.ProblemCount, Problems: res.Problems,
	}
	if res.Total != nil && res.Total.Requests > 0 {
		s.From = time.Unix(res.Total.First, 0).UTC()
		s.To = time.Unix(res.Total.Last, 0).UTC()
	}
	s.Hosts = res.Hosts[:min(5, len(res.Hosts))]
	return s
}

func methods(m map[string]int64) string {
	type kv struct {
		k string
		v int64
	}
	var kvs []kv
	for k, v := range m {
		kvs = append(kvs, kv{k, v})
	}
	sort.Slice(kvs, func(i, j int) bool { return kvs[i].v > kvs[j].v || kvs[i].v == kvs[j].v && kvs[i].k < kvs[j].k })
	var out []string
	for _, e := range kvs {
		out = append(out, e.k)
	}
	return strings.Join(out, ",")
}

func statusMix(r *forecast.Route) string {
	if r.Requests == 0 {
		return "-"
	}
	p := func(k string) string { return fmt.Sprintf("%.0f", float64(r.Status[k])*100/float64(r.Requests)) }
	return p("2xx") + "/" + p("3xx") + "/" + p("4xx") + "/" + p("5xx")
}

func rank(r *forecast.Route) string {
	if r.Rank == 0 {
		return "-"
	}
	return strconv.Itoa(r.Rank)
}

// WriteTable writes the readable terminal report.
func WriteTable(w io.Writer, s Summary, plan *forecast.Plan) error {
	fmt.Fprintf(w, "Read %d file(s): %d requests", s.Files, s.Requests)
	if !s.From.IsZero() {
		fmt.Fprintf(w, " from %s to %s UTC", s.From.Format("2006-01-02 15:04:05"), s.To.Format("2006-01-02 15:04:05"))
	}
	fmt.Fprintf(w, ", %s uncompressed.\n", humanBytes(s.UncompressedBytes))
	fmt.Fprintf(w, "Lambda duration assumed: %s.\n\n", plan.Duration)
	width := len("all routes")
	for _, r := range plan.Routes {
		width = max(width, len(r.Template))
	}
	left := func(s string) string { return fmt.Sprintf("%-*s", width, s) }
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "#\t%s\tRequests\tShare\tMethods\t2/3/4/5xx %%\tp50 ms\tp95 ms\tp99 ms\tPeak/s\tPeak/min\tPeak conc.\tPeak DB conn.\tWave\t\n", left("Route"))
	for _, r := range plan.Routes {
		wave := "-"
		if r.Wave > 0 {
			wave = strconv.Itoa(r.Wave)
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%.1f%%\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%.1f\t%.1f\t%s\t\n",
			rank(r), left(r.Template), r.Requests, r.Share*100, methods(r.Methods), statusMix(r),
			r.P50Ms, r.P95Ms, r.P99Ms, r.Peaks.RPS, r.Peaks.RPM, r.Peaks.Concurrency, r.PeakConnections, wave)
	}
	fmt.Fprintf(tw, "\t%s\t%d\t100%%\t\t\t\t\t\t%d\t%d\t%.1f\t%.1f\t\t\n", left("all routes"), s.Requests, plan.Total.RPS, plan.Total.RPM, plan.Total.Concurrency, plan.PeakConnections)
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nMigration order (hot routes first; none crosses a quota before it is raised):")
	for _, r := range plan.Routes {
		fmt.Fprintf(w, "  %s. %s: %s\n", rank(r), r.Template, r.Why)
		for _, c := range r.Alone {
			fmt.Fprintf(w, "       ! %s: %s\n", c.Quota, c.Advice)
		}
	}
	fmt.Fprintln(w, "\nQuotas with every route moved:")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  Quota\tLimit\tNeeded\tVerdict\t")
	for _, q := range plan.Quotas {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t\n", q.Quota, num(q.Limit), num(q.Needed), verdict(q))
	}
	tw.Flush()
	if s.ProblemCount > 0 {
		fmt.Fprintf(w, "\n%d problem(s) in the input (%d malformed line(s), %d damaged file(s)); the rest was analysed:\n", s.ProblemCount, s.MalformedLines, s.FilesDamaged)
		for i, p := range s.Problems {
			if i == 10 {
				fmt.Fprintf(w, "  ... %d more (see --format json)\n", s.ProblemCount-10)
				break
			}
			fmt.Fprintf(w, "  %s\n", p)
		}
	}
	return nil
}

func verdict(q forecast.QuotaForecast) string {
	switch {
	case !q.Crossed:
		return "ok"
	case q.RaiseTo > 0:
		return "CROSSED: raise to " + num(q.RaiseTo)
	}
	return "CROSSED: not adjustable, see notes"
}

func num(v float64) string {
	if v == float64(int64(v)) {
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

func humanBytes(n int64) string {
	switch {
	case n >= 1e9:
		return fmt.Sprintf("%.2f GB", float64(n)/1e9)
	case n >= 1e6:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.1f KB", float64(n)/1e3)
	}
	return fmt.Sprintf("%d B", n)
}

// JSON is the document --format json writes.
type JSON struct {
	Summary     Summary                  `json:"summary"`
	Duration    string                   `json:"assumedLambdaDuration"`
	Total       any                      `json:"total"`
	Routes      []*forecast.Route        `json:"routes"`
	Quotas      []forecast.QuotaForecast `json:"quotas"`
	Settings    forecast.Quotas          `json:"quotaSettings"`
	Assumptions []string                 `json:"assumptions"`
}

// WriteJSON writes the whole forecast as JSON.
func WriteJSON(w io.Writer, s Summary, plan *forecast.Plan) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(JSON{s, plan.Duration, plan.Total, plan.Routes, plan.Quotas, plan.Settings, plan.Assumptions})
}

// WriteCSV writes one row per route.
func WriteCSV(w io.Writer, plan *forecast.Plan) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"rank", "wave", "route", "function", "requests", "share", "methods", "2xx", "3xx", "4xx", "5xx", "bytes",
		"p50_ms", "p95_ms", "p99_ms", "peak_rps", "peak_rpm", "peak_concurrency", "assumed_duration_ms",
		"cumulative_peak_concurrency", "cumulative_peak_rps", "cumulative_cache_behaviors", "suggested_reserved_concurrency", "why"})
	for _, r := range plan.Routes {
		i := func(v int64) string { return strconv.FormatInt(v, 10) }
		cw.Write([]string{strconv.Itoa(r.Rank), strconv.Itoa(r.Wave), r.Template, r.Function, i(r.Requests),
			strconv.FormatFloat(r.Share, 'f', 6, 64), methods(r.Methods),
			i(r.Status["2xx"]), i(r.Status["3xx"]), i(r.Status["4xx"]), i(r.Status["5xx"]), i(r.Bytes),
			i(r.P50Ms), i(r.P95Ms), i(r.P99Ms), i(r.Peaks.RPS), i(r.Peaks.RPM),
			strconv.FormatFloat(r.Peaks.Concurrency, 'f', 3, 64), i(r.Peaks.AssumedDuration),
			strconv.FormatFloat(r.CumulativeConcurrency, 'f', 3, 64), i(r.CumulativeRPS), strconv.Itoa(r.CumulativeBehaviors),
			strconv.Itoa(r.SuggestedReserved), r.Why})
	}
	cw.Flush()
	return cw.Error()
}
