package parity

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// Below lists the routes whose parity is under minPercent (routes with
// nothing compared are not judged).
func (r *Report) Below(minPercent float64) []RouteReport {
	var out []RouteReport
	for _, rr := range r.Routes {
		if rr.Compared > 0 && rr.Parity < minPercent {
			out = append(out, rr)
		}
	}
	return out
}

// WriteJSON writes the report as indented JSON.
func WriteJSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteTable writes the report for a terminal: one line per route, then
// each route's differences with one example each.
func WriteTable(w io.Writer, r *Report) error {
	fmt.Fprintf(w, "Parity: %s (primary, twice) vs %s (candidate)\n\n", r.Primary, r.Candidate)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "Route\tReplayed\tCompared\tEqual\tParity\tErrors")
	for _, rr := range r.Routes {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%s\t%d\n", rr.Route, rr.Replayed, rr.Compared, rr.Equal, percent(rr.Parity, rr.Compared), rr.Errors)
	}
	fmt.Fprintf(tw, "all routes\t%d\t%d\t%d\t%s\t%d\n", r.Replayed, r.Compared, r.Equal, percent(r.Parity, r.Compared), r.Errors)
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, rr := range r.Routes {
		if len(rr.Kinds) == 0 && len(rr.Noise) == 0 && rr.FirstError == nil {
			continue
		}
		fmt.Fprintf(w, "\n%s\n", rr.Route)
		for _, k := range rr.Kinds {
			tag := ""
			if k.Cosmetic {
				tag = " (cosmetic, not counted)"
			}
			where := k.Where
			if k.To != "" {
				where += " -> " + k.To
			}
			fmt.Fprintf(w, "  %-17s %-32s %6d request(s)%s\n", k.Kind, where, k.Requests, tag)
			e := k.Example
			fmt.Fprintf(w, "      e.g. %s %s  (%s)\n", e.Method, Request{Path: e.Path, Query: e.Query}.Target(), e.Source)
			show := oneLine
			if k.Kind == KindWhitespace {
				show = strconv.Quote // the whitespace is the difference
			}
			fmt.Fprintf(w, "        primary   %d: %s\n", e.PrimaryStatus, show(e.Primary))
			fmt.Fprintf(w, "        candidate %d: %s\n", e.CandidateStatus, show(e.Candidate))
		}
		if len(rr.Noise) > 0 {
			var parts []string
			for _, n := range rr.Noise {
				parts = append(parts, fmt.Sprintf("%s (%d)", n.Where, n.Requests))
			}
			fmt.Fprintf(w, "  noise dropped (primary differed from itself): %s\n", strings.Join(parts, ", "))
		}
		if rr.Ignored > 0 {
			fmt.Fprintf(w, "  ignored as asked: %d difference(s)\n", rr.Ignored)
		}
		if e := rr.FirstError; e != nil {
			fmt.Fprintf(w, "  %d request(s) not compared; first: %s %s (%s): %s\n", rr.Errors, e.Method, e.Target, e.Source, e.Error)
		}
	}
	if r.ProblemCount > 0 {
		fmt.Fprintf(w, "\nLog problems (%d, skipped):\n", r.ProblemCount)
		for _, p := range r.Problems {
			fmt.Fprintf(w, "  %s\n", p)
		}
	}
	fmt.Fprintf(w, "\n%d log line(s) read, %d of the chosen routes, %d replayed in %s.\n",
		r.Logs.Lines, r.Logs.Selected, r.Replayed, r.Elapsed.Round(time.Millisecond))
	return nil
}

func percent(p float64, compared int) string {
	if compared == 0 {
		return "-"
	}
	// Rounded down, so 99.96% never shows as a passing 100.0%.
	return fmt.Sprintf("%.1f%%", math.Floor(p*10)/10)
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
