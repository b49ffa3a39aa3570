package report

import (
	"fmt"
	"html/template"
	"io"
	"math"
	"strings"
	"time"

	"github.com/strangler-fig/strangler/planner/forecast"
	"github.com/strangler-fig/strangler/planner/stats"
)

// maxPoints bounds the points of one line; longer ranges show the busiest
// minute of each group of minutes, so peaks stay visible.
const maxPoints = 1500

var palette = []string{"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"}

type chartLine struct {
	Name   string
	Color  string
	Points string
	Peak   int64
}

type tick struct {
	Pos   float64
	Label string
}

type chart struct {
	Width, Height       float64
	Left, Top           float64
	PlotW, PlotH        float64
	Lines               []chartLine
	XTicks, YTicks      []tick
	MinutesPerPoint     int
	From, To            string
	ChartTitle, Caption string
}

// perMinute sums a route's requests per minute from the first minute.
func perMinute(r *stats.Route, first int64, n int) []int64 {
	out := make([]int64, n)
	r.Series.Each(func(t int64, sec stats.Second) {
		if i := (t - first) / 60; i >= 0 && i < int64(n) {
			out[i] += int64(sec.N)
		}
	})
	return out
}

func buildChart(plan *forecast.Plan, s Summary, top int) chart {
	c := chart{Width: 1100, Height: 420, Left: 70, Top: 20}
	c.PlotW, c.PlotH = c.Width-c.Left-20, c.Height-c.Top-50
	if s.From.IsZero() {
		return c
	}
	first := s.From.Unix() / 60 * 60
	minutes := int((s.To.Unix()-first)/60) + 1
	group := max(1, (minutes+maxPoints-1)/maxPoints)
	c.MinutesPerPoint = group
	points := (minutes + group - 1) / group
	// The top routes by requests.
	var routes []*forecast.Route
	for _, r := range plan.Routes {
		routes = append(routes, r)
	}
	sortByRequests(routes)
	routes = routes[:min(top, len(routes))]
	series := make([][]int64, len(routes))
	var ymax int64 = 1
	for i, r := range routes {
		pm := perMinute(r.Stats(), first, minutes)
		pts := make([]int64, points)
		for m, v := range pm {
			pts[m/group] = max(pts[m/group], v)
		}
		series[i] = pts
		for _, v := range pts {
			ymax = max(ymax, v)
		}
	}
	ytop := niceMax(float64(ymax))
	for i, r := range routes {
		var b strings.Builder
		var peak int64
		for j, v := range series[i] {
			x := c.Left + c.PlotW*float64(j)/math.Max(1, float64(points-1))
			y := c.Top + c.PlotH*(1-float64(v)/ytop)
			fmt.Fprintf(&b, "%.1f,%.1f ", x, y)
			peak = max(peak, v)
		}
		c.Lines = append(c.Lines, chartLine{Name: r.Template, Color: palette[i%len(palette)], Points: b.String(), Peak: peak})
	}
	for i := 0; i <= 4; i++ {
		v := ytop * float64(i) / 4
		c.YTicks = append(c.YTicks, tick{c.Top + c.PlotH*(1-float64(i)/4), fmt.Sprintf("%.0f", v)})
	}
	span := time.Duration(minutes) * time.Minute
	layout := "15:04"
	if span > 36*time.Hour {
		layout = "01-02 15:04"
	}
	for i := 0; i <= 6; i++ {
		t := time.Unix(first, 0).UTC().Add(span * time.Duration(i) / 6)
		c.XTicks = append(c.XTicks, tick{c.Left + c.PlotW*float64(i)/6, t.Format(layout)})
	}
	c.From, c.To = s.From.Format("2006-01-02 15:04"), s.To.Format("2006-01-02 15:04")
	c.ChartTitle = fmt.Sprintf("Requests per minute, top %d routes", len(routes))
	if group > 1 {
		c.Caption = fmt.Sprintf("Each point is the busiest minute of %d.", group)
	}
	return c
}

func sortByRequests(rs []*forecast.Route) {
	for i := 1; i < len(rs); i++ {
		for j := i; j > 0 && rs[j].Requests > rs[j-1].Requests; j-- {
			rs[j], rs[j-1] = rs[j-1], rs[j]
		}
	}
}

func niceMax(v float64) float64 {
	if v <= 4 {
		return 4
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10} {
		if m*p >= v {
			return m * p
		}
	}
	return 10 * p
}

var page = template.Must(template.New("report").Funcs(template.FuncMap{
	"pct":      func(v float64) string { return fmt.Sprintf("%.1f%%", v*100) },
	"f1":       func(v float64) string { return fmt.Sprintf("%.1f", v) },
	"num":      num,
	"methods":  methods,
	"status":   statusMix,
	"bytes":    humanBytes,
	"verdict":  verdict,
	"rank":     rank,
	"plus":     func(a, b float64) float64 { return a + b },
	"crossing": func(q forecast.QuotaForecast) bool { return q.Crossed },
}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Migration plan: {{.Summary.Requests}} requests</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px auto;max-width:1160px;color:#222;padding:0 16px}
h1{font-size:22px;margin:0 0 4px} h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
.muted{color:#666} table{border-collapse:collapse;width:100%;font-size:13px}
th,td{padding:4px 6px;border-bottom:1px solid #eee;text-align:right;vertical-align:top} th{background:#f6f6f6;position:sticky;top:0}
td.l,th.l{text-align:left} tr.w2 td{background:#fff8e6} .bad{color:#b00020;font-weight:600} .ok{color:#2e7d32}
.legend span{display:inline-block;margin:2px 14px 2px 0} .sw{display:inline-block;width:12px;height:12px;margin-right:5px;vertical-align:-1px}
code{background:#f3f3f3;padding:1px 4px;border-radius:3px} svg text{font-size:11px;fill:#555}
.why{font-size:12px;color:#444;text-align:left}
</style></head><body>
<h1>Migration plan</h1>
<div class="muted">{{.Summary.Files}} log file(s), {{.Summary.Requests}} requests{{if .Chart.From}} from {{.Chart.From}} to {{.Chart.To}} UTC{{end}}, {{bytes .Summary.UncompressedBytes}} uncompressed.
Lambda duration assumed: {{.Plan.Duration}}.</div>

<h2>{{.Chart.ChartTitle}}</h2>
<svg xmlns="http://www.w3.org/2000/svg" width="{{.Chart.Width}}" height="{{.Chart.Height}}" viewBox="0 0 {{.Chart.Width}} {{.Chart.Height}}" role="img" aria-label="requests per minute">
<rect x="{{.Chart.Left}}" y="{{.Chart.Top}}" width="{{.Chart.PlotW}}" height="{{.Chart.PlotH}}" fill="#fcfcfc" stroke="#ccc"/>
{{range .Chart.YTicks}}<line x1="{{$.Chart.Left}}" x2="{{plus $.Chart.Left $.Chart.PlotW}}" y1="{{.Pos}}" y2="{{.Pos}}" stroke="#eee"/><text x="{{plus $.Chart.Left -6}}" y="{{plus .Pos 4}}" text-anchor="end">{{.Label}}</text>
{{end}}{{range .Chart.XTicks}}<text x="{{.Pos}}" y="{{plus (plus $.Chart.Top $.Chart.PlotH) 18}}" text-anchor="middle">{{.Label}}</text>
{{end}}{{range .Chart.Lines}}<polyline fill="none" stroke="{{.Color}}" stroke-width="1.3" points="{{.Points}}"><title>{{.Name}}</title></polyline>
{{end}}<text x="14" y="{{plus .Chart.Top 10}}" transform="rotate(-90 14 {{plus .Chart.Top 10}})" text-anchor="end">requests / minute</text>
<text x="{{plus .Chart.Left (plus .Chart.PlotW -2)}}" y="{{plus .Chart.Height -6}}" text-anchor="end">time (UTC)</text>
</svg>
<div class="legend">{{range .Chart.Lines}}<span><i class="sw" style="background:{{.Color}}"></i>{{.Name}} (peak {{.Peak}}/min)</span>{{end}}</div>
{{if .Chart.Caption}}<div class="muted">{{.Chart.Caption}}</div>{{end}}

<h2>Routes in migration order</h2>
<p class="muted">Hot routes first; a route that would cross a quota waits (wave 2, shaded) until that quota is raised. Peak concurrency is Little's law: the busiest second's sum of request durations; peak DB connections are that times the connections each execution environment keeps.</p>
<table><tr><th>#</th><th class="l">Route</th><th>Requests</th><th>Share</th><th class="l">Methods</th><th>2/3/4/5xx %</th><th>p50 ms</th><th>p95 ms</th><th>p99 ms</th><th>Peak /s</th><th>Peak /min</th><th>Peak conc.</th><th>Peak DB conn.</th><th>Reserved</th><th class="l">Why this place</th></tr>
{{range .Plan.Routes}}<tr{{if eq .Wave 2}} class="w2"{{end}}><td>{{rank .}}</td><td class="l"><code>{{.Template}}</code></td><td>{{.Requests}}</td><td>{{pct .Share}}</td><td class="l">{{methods .Methods}}</td><td>{{status .}}</td><td>{{.P50Ms}}</td><td>{{.P95Ms}}</td><td>{{.P99Ms}}</td><td>{{.Peaks.RPS}}</td><td>{{.Peaks.RPM}}</td><td>{{f1 .Peaks.Concurrency}}</td><td>{{f1 .PeakConnections}}</td><td>{{if .SuggestedReserved}}{{.SuggestedReserved}}{{else}}-{{end}}</td><td class="why">{{.Why}}{{range .Alone}}<br><span class="bad">{{.Quota}}:</span> {{.Advice}}{{end}}</td></tr>
{{end}}<tr><td></td><td class="l"><b>all routes</b></td><td>{{.Summary.Requests}}</td><td>100%</td><td></td><td></td><td></td><td></td><td></td><td>{{.Plan.Total.RPS}}</td><td>{{.Plan.Total.RPM}}</td><td>{{f1 .Plan.Total.Concurrency}}</td><td>{{f1 .Plan.PeakConnections}}</td><td></td><td></td></tr>
</table>

<h2>Quotas with every route moved</h2>
<table><tr><th class="l">Quota</th><th>Limit</th><th>Needed</th><th class="l">Verdict</th><th class="l">How it is counted</th></tr>
{{range .Plan.Quotas}}<tr><td class="l">{{.Quota}}</td><td>{{num .Limit}}</td><td>{{num .Needed}}</td><td class="l {{if crossing .}}bad{{else}}ok{{end}}">{{verdict .}}</td><td class="why">{{.Note}}</td></tr>
{{end}}</table>

<h2>Assumptions</h2>
<ul>{{range .Plan.Assumptions}}<li>{{.}}</li>{{end}}</ul>
{{if .Summary.ProblemCount}}<h2>Input problems ({{.Summary.ProblemCount}})</h2>
<p class="muted">{{.Summary.MalformedLines}} malformed line(s), {{.Summary.FilesDamaged}} damaged file(s); everything else was analysed.</p>
<ul>{{range .Summary.Problems}}<li><code>{{.File}}{{if .Line}}:{{.Line}}{{end}}</code> {{.Reason}}</li>{{end}}</ul>{{end}}
</body></html>
`))

// WriteHTML writes the report page: one file, no scripts, charts as inline SVG.
func WriteHTML(w io.Writer, s Summary, plan *forecast.Plan, top int) error {
	return page.Execute(w, struct {
		Summary Summary
		Plan    *forecast.Plan
		Chart   chart
	}{s, plan, buildChart(plan, s, top)})
}
