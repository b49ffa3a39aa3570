package parity

import (
	"fmt"
	"html/template"
	"io"
	"time"
)

var page = template.Must(template.New("parity").Funcs(template.FuncMap{
	"pct":    percent,
	"target": func(e Example) string { return Request{Path: e.Path, Query: e.Query}.Target() },
	"dur":    func(d time.Duration) string { return d.Round(time.Millisecond).String() },
	"when":   func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05") },
	"low":    func(rr RouteReport, min float64) bool { return rr.Compared > 0 && rr.Parity < min },
}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Parity: {{pct .R.Parity .R.Compared}} of {{.R.Compared}} requests</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px auto;max-width:1160px;color:#222;padding:0 16px}
h1{font-size:22px;margin:0 0 4px} h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
.muted{color:#666} table{border-collapse:collapse;width:100%;font-size:13px}
th,td{padding:4px 6px;border-bottom:1px solid #eee;text-align:right;vertical-align:top} th{background:#f6f6f6;position:sticky;top:0}
td.l,th.l{text-align:left} tr.cos td{color:#777} .bad{color:#b00020;font-weight:600} .ok{color:#2e7d32}
code{background:#f3f3f3;padding:1px 4px;border-radius:3px} pre{margin:0;white-space:pre-wrap;word-break:break-all;font-size:12px}
.why{font-size:12px;color:#444;text-align:left}
</style></head><body>
<h1>Parity check</h1>
<div class="muted">Primary (the monolith, asked twice to learn noise): <code>{{.R.Primary}}</code>; candidate: <code>{{.R.Candidate}}</code>.
{{.R.Replayed}} request(s) replayed from {{.R.Logs.Files}} log file(s) ({{.R.Logs.Lines}} lines, {{.R.Logs.Selected}} of the chosen routes), started {{when .R.Started}} UTC, {{dur .R.Elapsed}}.
Gate: every route at least {{printf "%.1f" .Min}}%.</div>

<h2>Routes</h2>
<table><tr><th class="l">Route</th><th>Replayed</th><th>Compared</th><th>Equal</th><th>Parity</th><th>Not compared</th><th class="l">Most frequent difference</th></tr>
{{range $i, $r := .R.Routes}}<tr><td class="l"><a href="#route{{$i}}"><code>{{.Route}}</code></a></td><td>{{.Replayed}}</td><td>{{.Compared}}</td><td>{{.Equal}}</td><td class="{{if low . $.Min}}bad{{else}}ok{{end}}">{{pct .Parity .Compared}}</td><td>{{.Errors}}</td><td class="why">{{with .Kinds}}{{with index . 0}}{{.Kind}} at <code>{{.Where}}</code> ({{.Requests}}){{end}}{{end}}</td></tr>
{{end}}<tr><td class="l"><b>all routes</b></td><td>{{.R.Replayed}}</td><td>{{.R.Compared}}</td><td>{{.R.Equal}}</td><td>{{pct .R.Parity .R.Compared}}</td><td>{{.R.Errors}}</td><td></td></tr>
</table>

{{range $i, $r := .R.Routes}}<h2 id="route{{$i}}"><code>{{.Route}}</code>: {{pct .Parity .Compared}} of {{.Compared}}</h2>
{{if .Kinds}}<table><tr><th class="l">Difference</th><th class="l">Where</th><th>Requests</th><th class="l">Example request</th><th class="l">Primary</th><th class="l">Candidate</th></tr>
{{range .Kinds}}<tr{{if .Cosmetic}} class="cos"{{end}}><td class="l">{{.Kind}}{{if .Cosmetic}} <span class="muted">(cosmetic, not counted)</span>{{end}}</td><td class="l"><code>{{.Where}}</code>{{if .To}} → <code>{{.To}}</code>{{end}}</td><td>{{.Requests}}</td><td class="l"><code>{{.Example.Method}} {{target .Example}}</code><br><span class="muted">{{.Example.Source}}</span></td><td class="l">{{.Example.PrimaryStatus}}<pre>{{.Example.Primary}}</pre></td><td class="l">{{.Example.CandidateStatus}}<pre>{{.Example.Candidate}}</pre></td></tr>
{{end}}</table>{{else}}<p class="ok">No difference.</p>{{end}}
{{if .Noise}}<p class="muted">Noise dropped (the primary differed from itself): {{range $i, $n := .Noise}}{{if $i}}, {{end}}<code>{{$n.Where}}</code> ({{$n.Requests}}){{end}}.</p>{{end}}
{{if .Ignored}}<p class="muted">Ignored as asked: {{.Ignored}} difference(s).</p>{{end}}
{{if .FirstError}}<p class="bad">{{.Errors}} request(s) not compared; first: <code>{{.FirstError.Method}} {{.FirstError.Target}}</code> ({{.FirstError.Source}}): {{.FirstError.Error}}</p>{{end}}
{{end}}
{{if .R.ProblemCount}}<h2>Log problems ({{.R.ProblemCount}})</h2>
<p class="muted">These lines or files were skipped; everything else was read.</p>
<ul>{{range .R.Problems}}<li><code>{{.File}}{{if .Line}}:{{.Line}}{{end}}</code> {{.Reason}}</li>{{end}}</ul>{{end}}
</body></html>
`))

// WriteHTML writes the report as one HTML page (no scripts), in the
// planner report's style; minPercent is the gate shown and highlighted.
func WriteHTML(w io.Writer, r *Report, minPercent float64) error {
	if err := page.Execute(w, struct {
		R   *Report
		Min float64
	}{r, minPercent}); err != nil {
		return fmt.Errorf("parity report: %w", err)
	}
	return nil
}
