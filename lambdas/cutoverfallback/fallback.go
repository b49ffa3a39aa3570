package cutoverfallback

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/strangler-fig/strangler/cutover"
)

// Fallback handles alarm state changes.
type Fallback struct {
	Config Config
	Store  *cutover.Store
	SNS    SNSAPI
	Logger *slog.Logger
	Now    func() time.Time
}

// Outcome is what one event did.
type Outcome struct {
	Change    AlarmChange
	Written   []cutover.Shifted // routes set to 0 by this event
	Already   []string          // routes of the alarm already at 0
	Published bool
}

// Invocation is what the stack's EventBridge rules send: the alarm's
// state change as EventBridge delivered it, and the routes the alarm
// protects (so the function needs no table of its own, which would not
// fit Lambda's 4 KB of environment at a hundred routes).
type Invocation struct {
	Event  events.CloudWatchEvent `json:"event"`
	Routes []string               `json:"routes"`
}

// HandleInvocation is Handle for the routes the invocation names; without
// routes, those ALARM_ROUTES gives the alarm.
func (f *Fallback) HandleInvocation(ctx context.Context, inv Invocation) (Outcome, error) {
	if len(inv.Routes) == 0 {
		return f.Handle(ctx, inv.Event)
	}
	for _, r := range inv.Routes {
		if !strings.HasPrefix(r, "/") {
			return Outcome{}, fmt.Errorf("invocation routes: %q is not a path template (starting with /); nothing written", r)
		}
	}
	return f.handle(ctx, inv.Event, inv.Routes)
}

// Handle sends the routes of an alarm that went to ALARM back to the
// monolith: weight 0 and a note, in one guarded write, then one SNS
// message. Routes already at 0 are left alone, so an alarm that fires
// twice (or an event delivered twice) writes and tells once. Other states
// change nothing. An event that is not an alarm state change, or names an
// alarm not in ALARM_ROUTES, is an error and writes nothing.
func (f *Fallback) Handle(ctx context.Context, e events.CloudWatchEvent) (Outcome, error) {
	return f.handle(ctx, e, nil)
}

// handle: routes nil means those of ALARM_ROUTES.
func (f *Fallback) handle(ctx context.Context, e events.CloudWatchEvent, routes []string) (Outcome, error) {
	ch, err := ParseAlarmChange(e)
	out := Outcome{Change: ch}
	if err != nil {
		return out, err
	}
	log := f.logger().With(slog.String("alarm", ch.Alarm), slog.String("state", ch.State))
	if routes == nil {
		var ok bool
		if routes, ok = f.Config.AlarmRoutes[ch.Alarm]; !ok {
			return out, fmt.Errorf("alarm %q is not in %s (it has %s) and the invocation names no routes: the EventBridge rule and the function's configuration disagree; nothing written", ch.Alarm, EnvAlarmRoutes, strings.Join(f.Config.Alarms(), ", "))
		}
	}
	if ch.State != StateAlarm {
		log.InfoContext(ctx, "alarm state change: nothing to do (moving forward again is deliberate)")
		return out, nil
	}
	changes := make([]cutover.Change, len(routes))
	for i, r := range routes {
		changes[i] = cutover.Change{Route: r, Percent: 0, By: cutover.ByFallback, Reason: ch.Reason, Alarm: ch.Alarm, SkipIfAlready: true}
	}
	res, err := f.Store.Shift(ctx, changes...)
	if err != nil {
		return out, fmt.Errorf("alarm %s: sending %s back to the monolith: %w", ch.Alarm, strings.Join(routes, ", "), err)
	}
	for _, s := range res.Routes {
		if s.Written {
			out.Written = append(out.Written, s)
		} else {
			out.Already = append(out.Already, s.Route)
		}
	}
	if len(out.Written) == 0 {
		log.InfoContext(ctx, "routes already on the monolith", slog.Any("routes", out.Already))
		return out, nil
	}
	log.WarnContext(ctx, "routes sent back to the monolith", slog.Any("routes", routesOf(out.Written)), slog.Any("already", out.Already), slog.String("reason", ch.Reason), slog.Int("attempts", res.Attempts))
	subject, body := message(ch, f.Config.StoreARN, out.Written, out.Already, f.now())
	if err := f.publish(ctx, subject, body); err != nil {
		return out, fmt.Errorf("alarm %s: routes %s are back on the monolith, but telling the topic failed: %w", ch.Alarm, strings.Join(routesOf(out.Written), ", "), err)
	}
	out.Published = true
	return out, nil
}

func routesOf(s []cutover.Shifted) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = x.Route
	}
	return out
}

func (f *Fallback) logger() *slog.Logger {
	if f.Logger != nil {
		return f.Logger
	}
	return slog.Default()
}

func (f *Fallback) now() time.Time {
	if f.Now != nil {
		return f.Now()
	}
	return time.Now()
}
