package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/strangler-fig/strangler/cutover"
	"github.com/strangler-fig/strangler/manifest"
)

// runStatus prints every Lambda route's weight, where it comes from, its
// last change, and the state of the alarms that would send it back.
func runStatus(ctx context.Context, o *options, m *manifest.Manifest) error {
	s, cfg, err := store(ctx, o)
	if err != nil {
		return err
	}
	routes := lambdaRoutes(m)
	st, err := s.Status(ctx, routes)
	if err != nil {
		return err
	}
	r := statusReport{store: s.ARN, stack: o.stack, manifestPath: o.manifestPath, routes: st}
	r.alarms, r.alarmsMissing = routeAlarms(ctx, o, cfg, routes)
	if o.format == "json" {
		return writeStatusJSON(o.stdout, r)
	}
	writeStatusTable(o.stdout, r)
	return nil
}

// statusReport is what status shows.
type statusReport struct {
	store, stack, manifestPath string
	routes                     []cutover.RouteStatus
	// alarms by route, or nil and why they could not be read.
	alarms        map[string]cutover.RouteAlarmState
	alarmsMissing string
}

// alarmsOf is a manifest route's alarm state; nil when the alarms could
// not be read or the route is only in the store (nothing watches it).
func (r statusReport) alarmsOf(st cutover.RouteStatus) *cutover.RouteAlarmState {
	a, ok := r.alarms[st.Route]
	if !ok || !st.InManifest {
		return nil
	}
	return &a
}

// reasonWidth is how much of a reason the table shows; json shows all.
const reasonWidth = 100

// timeFormat is how the table writes times: UTC, to the second.
const timeFormat = time.RFC3339

func writeStatusTable(w io.Writer, rep statusReport) {
	fmt.Fprintf(w, "KeyValueStore %s\n", rep.store)
	if rep.alarmsMissing != "" {
		fmt.Fprintf(w, "No ALARMS column: %s\n", rep.alarmsMissing)
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	header := "ROUTE\tTO LAMBDA\tFROM\tLAST CHANGE"
	if rep.alarms != nil {
		header += "\tALARMS (stack " + rep.stack + ")"
	}
	fmt.Fprintln(tw, header)
	var problems []string
	for _, r := range rep.routes {
		from := string(r.Source)
		if !r.InManifest {
			from += ", not a Lambda route of " + rep.manifestPath
		} else if r.Source == cutover.FromStore && r.Weight != r.ManifestWeight {
			from += fmt.Sprintf(" (manifest %d%%)", r.ManifestWeight)
		}
		row := fmt.Sprintf("%s\t%d%%\t%s\t%s", r.Route, r.Weight, from, describeNote(r.Note))
		if rep.alarms != nil {
			alarms := "-"
			if a := rep.alarmsOf(r); a != nil {
				alarms = describeAlarms(*a)
			}
			row += "\t" + alarms
		}
		fmt.Fprintln(tw, row)
		if r.Problem != "" {
			problems = append(problems, r.Route+": "+r.Problem)
		}
	}
	tw.Flush()
	if len(problems) > 0 {
		fmt.Fprintf(w, "\nProblems:\n  %s\n", strings.Join(problems, "\n  "))
	}
}

// describeNote is a change in one line: when, who, why.
func describeNote(n *cutover.Note) string {
	if n == nil {
		return "-"
	}
	who := n.By
	if n.Alarm != "" {
		who += ", alarm " + n.Alarm
	}
	reason := n.Reason
	if r := []rune(reason); len(r) > reasonWidth {
		reason = string(r[:reasonWidth]) + "…"
	}
	reason = strings.Join(strings.Fields(reason), " ")
	return fmt.Sprintf("%s to %d%% by %s: %s", n.At.UTC().Format(timeFormat), n.Weight, who, reason)
}

type statusJSON struct {
	Store string `json:"store"`
	Stack string `json:"stack"`
	// AlarmsUnavailable says why the routes have no alarms.
	AlarmsUnavailable string      `json:"alarmsUnavailable,omitempty"`
	Routes            []routeJSON `json:"routes"`
}

type routeJSON struct {
	Route          string        `json:"route"`
	Weight         int           `json:"weight"`
	Source         string        `json:"source"`
	ManifestWeight int           `json:"manifestWeight"`
	InManifest     bool          `json:"inManifest"`
	LastChange     *cutover.Note `json:"lastChange,omitempty"`
	Problem        string        `json:"problem,omitempty"`
	// Alarms: absent when unavailable or for a route only the store has.
	Alarms *cutover.RouteAlarmState `json:"alarms,omitempty"`
}

func writeStatusJSON(w io.Writer, rep statusReport) error {
	out := statusJSON{Store: rep.store, Stack: rep.stack, AlarmsUnavailable: rep.alarmsMissing, Routes: []routeJSON{}}
	for _, r := range rep.routes {
		out.Routes = append(out.Routes, routeJSON{r.Route, r.Weight, string(r.Source), r.ManifestWeight, r.InManifest, r.Note, r.Problem, rep.alarmsOf(r)})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
