package main

import (
	"context"
	"fmt"

	"github.com/strangler-fig/strangler/cutover"
	"github.com/strangler-fig/strangler/manifest"
)

// runShift sets one route's weight, or with --dry-run says what it would do.
func runShift(ctx context.Context, o *options, m *manifest.Manifest) error {
	route, err := findRoute(m, o.manifestPath, o.route)
	if err != nil {
		return usageError{err}
	}
	s, _, err := store(ctx, o)
	if err != nil {
		return err
	}
	if o.dryRun {
		st, err := s.Status(ctx, []cutover.Route{route})
		if err != nil {
			return err
		}
		cur := st[0]
		fmt.Fprintf(o.stdout, "%s: %d%% (%s) -> %d%% of its traffic to Lambda. Dry run: nothing written to %s.\n", route.Template, cur.Weight, cur.Source, o.percent, s.ARN)
		if cur.Note != nil {
			fmt.Fprintf(o.stdout, "Last change: %s\n", describeNote(cur.Note))
		}
		return nil
	}
	reason := o.reason
	if reason == "" {
		reason = "set with cutover shift"
		if o.user != "" {
			reason += " by " + o.user
		}
	}
	res, err := s.Shift(ctx, cutover.Change{Route: route.Template, Percent: o.percent, By: cutover.ByShift, Reason: reason})
	if err != nil {
		return err
	}
	was := fmt.Sprintf("%d%% (manifest)", route.Weight)
	if p := res.Routes[0].Previous; p != "" {
		was = p + "% (store)"
	}
	fmt.Fprintf(o.stdout, "%s: %s -> %d%% of its traffic to Lambda, written to %s (no deploy needed).\n", route.Template, was, o.percent, s.ARN)
	if o.percent > 0 {
		fmt.Fprintf(o.stdout, "If its alarms fire, the fallback sets it back to 0%% by itself. Watch `cutover status` and the alarms before the next step.\n")
	}
	return nil
}
