package originrotation

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Slots rotates a secret that a party outside AWS checks (the monolith's
// origin secret, constructs.OriginSecret with rotation): two slot secrets,
// A and B, each named after a stack parameter holding the Unix time it was
// made (so raising it replaces that secret with a new random value), and a
// parameter naming the active slot, whose value CloudFront and the rest
// send. One rotation is two updates of the stack, each started by Plan on
// an hourly tick:
//
//  1. when the active value is Every old: a new value in the idle slot
//     (its time parameter set to now); senders still send the active one;
//  2. Refresh after the new secret exists (UpdateTakes + Refresh after
//     step 1): the idle slot made active; senders switch.
//
// The checker accepts both slots' current values, read from Secrets
// Manager more often than Refresh, so it knows the new value before it is
// sent, and the previous one stays valid until the next step 1, Every
// after it was made. Times are the state, so a plan needs no memory, and
// a retried step 1 (after a rollback) makes a new secret name, never one
// that Secrets Manager may still hold for deletion.
type Slots struct {
	// Parameters: the slots' creation times (Unix seconds; 0 = before the
	// first rotation) and the active slot ("A" or "B").
	SlotA, SlotB, Active string
	// Every is the rotation period; Refresh the wait between the steps.
	Every, Refresh time.Duration
}

// UpdateTakes bounds how long after step 1 starts the new secret exists:
// CloudFormation makes it early in the update (nothing it depends on
// changes), in seconds to minutes; the switch waits this plus Refresh, so
// the checker has had the new value for Refresh before anyone sends it.
const UpdateTakes = time.Hour

// Slot names.
const (
	SlotA = "A"
	SlotB = "B"
)

// Step says what a plan does.
type Step struct {
	// Name: "new value", "switch" or "" (nothing to do).
	Name string
	// Slot the step changes.
	Slot string
	// Wait is how long until the next step is due (when nothing to do).
	Wait time.Duration
}

// Plan returns the parameter changes due at now, and what they are.
// lastUpdated is when the stack last changed: a new value never replaces
// the previous one sooner than twice UpdateTakes after that (the update,
// then an hour for requests in flight), so a switch that
// came late (the stack busy for hours) still leaves senders time to move.
func (s Slots) Plan(params map[string]string, lastUpdated, now time.Time) (map[string]string, Step, error) {
	active, ok := params[s.Active]
	if !ok {
		return nil, Step{}, fmt.Errorf("no parameter %s: deploy the stack with the origin secret's rotation first", s.Active)
	}
	if active != SlotA && active != SlotB {
		return nil, Step{}, fmt.Errorf("parameter %s is %q, not %s or %s", s.Active, active, SlotA, SlotB)
	}
	times := map[string]int64{}
	for slot, name := range map[string]string{SlotA: s.SlotA, SlotB: s.SlotB} {
		v, ok := params[name]
		if !ok {
			return nil, Step{}, fmt.Errorf("no parameter %s: deploy the stack with the origin secret's rotation first", name)
		}
		t, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil || t < 0 {
			return nil, Step{}, fmt.Errorf("parameter %s is %q, not a Unix time", name, v)
		}
		times[slot] = t
	}
	idle := SlotB
	if active == SlotB {
		idle = SlotA
	}
	param := map[string]string{SlotA: s.SlotA, SlotB: s.SlotB}
	made := func(slot string) time.Time { return time.Unix(times[slot], 0) }
	if times[idle] > times[active] { // step 1 done: the idle slot is the newer
		if due := made(idle).Add(UpdateTakes + s.Refresh); now.Before(due) {
			return nil, Step{Slot: idle, Wait: due.Sub(now)}, nil
		}
		return map[string]string{s.Active: idle}, Step{Name: "switch", Slot: idle}, nil
	}
	due := made(active).Add(s.Every)
	if settled := lastUpdated.Add(2 * UpdateTakes); settled.After(due) { // the update's own time, then an hour
		due = settled
	}
	if now.Before(due) {
		return nil, Step{Slot: idle, Wait: due.Sub(now)}, nil
	}
	t := now.Unix()
	if t <= times[active] { // a clock behind the stack's: still newer
		t = times[active] + 1
	}
	return map[string]string{param[idle]: strconv.FormatInt(t, 10)}, Step{Name: "new value", Slot: idle}, nil
}

// SlotRotator applies Slots' plan to a stack.
type SlotRotator struct {
	CFN       CloudFormation
	StackName string
	Slots     Slots
	Now       func() time.Time
}

// Tick starts the step due now, if any, and says which.
func (r *SlotRotator) Tick(ctx context.Context) (Step, error) {
	var step Step
	_, err := Apply(ctx, r.CFN, r.StackName, func(params map[string]string, lastUpdated time.Time) (map[string]string, error) {
		changes, st, err := r.Slots.Plan(params, lastUpdated, r.Now())
		step = st
		if err != nil {
			return nil, fmt.Errorf("stack %s: %w", r.StackName, err)
		}
		return changes, nil
	})
	return step, err
}

// Environment of the origin secret rotation function (set by
// constructs.OriginSecret with rotation).
const (
	EnvSlotA        = "SLOT_A_PARAMETER"
	EnvSlotB        = "SLOT_B_PARAMETER"
	EnvActive       = "ACTIVE_PARAMETER"
	EnvEveryHours   = "ROTATE_EVERY_HOURS"
	EnvRefreshHours = "REFRESH_HOURS"
)

// SlotsFromEnv reads the environment; missing or bad variables are named.
func SlotsFromEnv(getenv func(string) string) (stackName string, s Slots, err error) {
	var problems []string
	get := func(name string) string {
		v := getenv(name)
		if v == "" {
			problems = append(problems, name+" not set")
		}
		return v
	}
	hours := func(name string) time.Duration {
		v := get(name)
		h, err := strconv.Atoi(v)
		if v != "" && (err != nil || h < 1) {
			problems = append(problems, fmt.Sprintf("%s is %q, not a number of hours", name, v))
		}
		return time.Duration(h) * time.Hour
	}
	stackName = get(EnvStackName)
	s = Slots{SlotA: get(EnvSlotA), SlotB: get(EnvSlotB), Active: get(EnvActive), Every: hours(EnvEveryHours), Refresh: hours(EnvRefreshHours)}
	if len(problems) > 0 {
		return stackName, s, fmt.Errorf("origin secret rotation environment: %s", strings.Join(problems, "; "))
	}
	return stackName, s, nil
}
