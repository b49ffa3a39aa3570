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

// runStatus prints every Lambda route's weight, where it comes from, and
// its last change.
func runStatus(ctx context.Context, o *options, m *manifest.Manifest) error {
	s, err := store(ctx, o)
	if err != nil {
		return err
	}
	st, err := s.Status(ctx, lambdaRoutes(m))
	if err != nil {
		return err
	}
	if o.format == "json" {
		return writeStatusJSON(o.stdout, s.ARN, st)
	}
	writeStatusTable(o.stdout, s.ARN, o.manifestPath, st)
	return nil
}

// reasonWidth is how much of a reason the table shows; json shows all.
const reasonWidth = 100

func writeStatusTable(w io.Writer, storeARN, manifestPath string, st []cutover.RouteStatus) {
	fmt.Fprintf(w, "KeyValueStore %s\n\n", storeARN)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ROUTE\tTO LAMBDA\tFROM\tLAST CHANGE")
	var problems []string
	for _, r := range st {
		from := string(r.Source)
		if !r.InManifest {
			from += ", not a Lambda route of " + manifestPath
		} else if r.Source == cutover.FromStore && r.Weight != r.ManifestWeight {
			from += fmt.Sprintf(" (manifest %d%%)", r.ManifestWeight)
		}
		fmt.Fprintf(tw, "%s\t%d%%\t%s\t%s\n", r.Route, r.Weight, from, describeNote(r.Note))
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
	return fmt.Sprintf("%s to %d%% by %s: %s", n.At.UTC().Format(time.RFC3339), n.Weight, who, reason)
}

type statusJSON struct {
	Store  string      `json:"store"`
	Routes []routeJSON `json:"routes"`
}

type routeJSON struct {
	Route          string        `json:"route"`
	Weight         int           `json:"weight"`
	Source         string        `json:"source"`
	ManifestWeight int           `json:"manifestWeight"`
	InManifest     bool          `json:"inManifest"`
	LastChange     *cutover.Note `json:"lastChange,omitempty"`
	Problem        string        `json:"problem,omitempty"`
}

func writeStatusJSON(w io.Writer, storeARN string, st []cutover.RouteStatus) error {
	out := statusJSON{Store: storeARN, Routes: []routeJSON{}}
	for _, r := range st {
		out.Routes = append(out.Routes, routeJSON{r.Route, r.Weight, string(r.Source), r.ManifestWeight, r.InManifest, r.Note, r.Problem})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
