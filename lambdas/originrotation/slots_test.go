package originrotation

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

var testSlots = Slots{SlotA: "MonolithOriginSlotA", SlotB: "MonolithOriginSlotB", Active: "MonolithOriginActive", Every: 30 * 24 * time.Hour, Refresh: 2 * time.Hour}

// updateParams reads an UpdateStack form's parameters: key -> value, or
// key -> "previous".
func updateParams(t *testing.T, f *fakeCloudFormation) map[string]string {
	t.Helper()
	if len(f.updates) != 1 {
		t.Fatalf("%d UpdateStack calls, want 1", len(f.updates))
	}
	u := f.updates[0]
	if u.Get("UsePreviousTemplate") != "true" || u.Get("RoleARN") != "" || u.Get("TemplateBody") != "" {
		t.Errorf("UpdateStack form %v", u)
	}
	got := map[string]string{}
	for i := 1; u.Get(fmt.Sprintf("Parameters.member.%d.ParameterKey", i)) != ""; i++ {
		k := u.Get(fmt.Sprintf("Parameters.member.%d.ParameterKey", i))
		if u.Get(fmt.Sprintf("Parameters.member.%d.UsePreviousValue", i)) == "true" {
			got[k] = "previous"
		} else {
			got[k] = u.Get(fmt.Sprintf("Parameters.member.%d.ParameterValue", i))
		}
	}
	return got
}

// The two steps of one rotation, each one UpdateStack with the previous
// template: a new value in the idle slot once the active one is a period
// old, then, Refresh later, the switch; between them, and before the
// period is over, nothing.
func TestSlotRotatorTwoSteps(t *testing.T) {
	made := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func(d time.Duration) func() time.Time { return func() time.Time { return made.Add(d) } }
	base := map[string]string{"MonolithOriginSlotA": fmt.Sprint(made.Unix()), "MonolithOriginSlotB": "0", "MonolithOriginActive": "A", "OriginKeyRotation": "4"}
	for _, c := range []struct {
		name   string
		params map[string]string
		now    time.Duration
		want   map[string]string // nil: no update
		step   string
	}{
		{"the active value is young", base, 29 * 24 * time.Hour, nil, ""},
		{"step 1: a new value in B", base, 30*24*time.Hour + time.Minute, map[string]string{
			"MonolithOriginSlotB": fmt.Sprint(made.Add(30*24*time.Hour + time.Minute).Unix()), "MonolithOriginSlotA": "previous", "MonolithOriginActive": "previous", "OriginKeyRotation": "previous"}, "new value"},
		{"the monolith is still learning B", with(base, "MonolithOriginSlotB", fmt.Sprint(made.Add(time.Hour).Unix())), 3*time.Hour + 59*time.Minute, nil, ""},
		{"step 2: B active (the update's hour and Refresh after step 1)", with(base, "MonolithOriginSlotB", fmt.Sprint(made.Add(time.Hour).Unix())), 4 * time.Hour, map[string]string{
			"MonolithOriginActive": "B", "MonolithOriginSlotA": "previous", "MonolithOriginSlotB": "previous", "OriginKeyRotation": "previous"}, "switch"},
		{"less than two hours after the stack was deployed", map[string]string{"MonolithOriginSlotA": "0", "MonolithOriginSlotB": "0", "MonolithOriginActive": "A"}, 119 * time.Minute, nil, ""},
		{"first rotation (times 0), two hours after the deploy", map[string]string{"MonolithOriginSlotA": "0", "MonolithOriginSlotB": "0", "MonolithOriginActive": "A"}, 2 * time.Hour, map[string]string{
			"MonolithOriginSlotB": fmt.Sprint(made.Add(2 * time.Hour).Unix()), "MonolithOriginSlotA": "previous", "MonolithOriginActive": "previous"}, "new value"},
		{"B active, A renewed next", map[string]string{"MonolithOriginSlotA": "100", "MonolithOriginSlotB": fmt.Sprint(made.Unix()), "MonolithOriginActive": "B"}, 31 * 24 * time.Hour, map[string]string{
			"MonolithOriginSlotA": fmt.Sprint(made.Add(31 * 24 * time.Hour).Unix()), "MonolithOriginSlotB": "previous", "MonolithOriginActive": "previous"}, "new value"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := &fakeCloudFormation{status: "UPDATE_COMPLETE", params: c.params}
			r := &SlotRotator{CFN: f.start(t), StackName: "ApiMigration", Slots: testSlots, Now: at(c.now)}
			step, err := r.Tick(context.Background())
			if err != nil || step.Name != c.step {
				t.Fatalf("Tick = %+v, %v; want step %q", step, err, c.step)
			}
			if c.want == nil {
				if len(f.updates) != 0 {
					t.Errorf("%d updates, want none", len(f.updates))
				}
				return
			}
			got := updateParams(t, f)
			if fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Errorf("parameters %v\nwant %v", got, c.want)
			}
		})
	}
}

func with(m map[string]string, k, v string) map[string]string {
	c := map[string]string{}
	for a, b := range m {
		c[a] = b
	}
	c[k] = v
	return c
}

// A busy stack, bad parameters and a refused update are errors that
// name what is wrong; a busy stack with nothing due is not even looked at.
func TestSlotRotatorRefuses(t *testing.T) {
	due := map[string]string{"MonolithOriginSlotA": "0", "MonolithOriginSlotB": "0", "MonolithOriginActive": "A"}
	for _, c := range []struct {
		name string
		f    *fakeCloudFormation
		want string
		busy bool
	}{
		{"a deploy is running", &fakeCloudFormation{status: "UPDATE_IN_PROGRESS", params: due}, "ApiMigration is UPDATE_IN_PROGRESS", true},
		{"no active parameter", &fakeCloudFormation{status: "UPDATE_COMPLETE", params: map[string]string{"MonolithOriginSlotA": "0"}}, "stack ApiMigration: no parameter MonolithOriginActive: deploy the stack with the origin secret's rotation first", false},
		{"active is C", &fakeCloudFormation{status: "UPDATE_COMPLETE", params: with(due, "MonolithOriginActive", "C")}, `parameter MonolithOriginActive is "C", not A or B`, false},
		{"a time is not", &fakeCloudFormation{status: "UPDATE_COMPLETE", params: with(due, "MonolithOriginSlotB", "soon")}, `parameter MonolithOriginSlotB is "soon", not a Unix time`, false},
		{"update refused", &fakeCloudFormation{status: "UPDATE_COMPLETE", params: due, updateErr: "No updates"}, "update stack ApiMigration: ", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := &SlotRotator{CFN: c.f.start(t), StackName: "ApiMigration", Slots: testSlots, Now: time.Now}
			_, err := r.Tick(context.Background())
			if err == nil || !strings.Contains(err.Error(), c.want) || errors.Is(err, ErrBusy) != c.busy {
				t.Errorf("err = %v; want %q (busy %v)", err, c.want, c.busy)
			}
		})
	}
	idle := &fakeCloudFormation{status: "UPDATE_IN_PROGRESS", params: map[string]string{"MonolithOriginSlotA": fmt.Sprint(time.Now().Unix()), "MonolithOriginSlotB": "0", "MonolithOriginActive": "A"}}
	r := &SlotRotator{CFN: idle.start(t), StackName: "ApiMigration", Slots: testSlots, Now: time.Now}
	if step, err := r.Tick(context.Background()); err != nil || step.Name != "" {
		t.Errorf("nothing due on a busy stack: %+v, %v", step, err)
	}
}

// A model of a year of rotations: hourly ticks (some lost to a busy
// stack), each update taking effect up to 45 minutes later. The checker
// accepts a value from when its update is done until its slot is made
// again; senders send the active slot's value from when the switch took
// effect; no update starts while one runs. Then every value sent was
// accepted for at least Refresh before, and stays accepted at least
// UpdateTakes after senders moved off it (a busy stack can delay a switch
// for hours); without busy ticks, at
// least Every-Refresh-UpdateTakes-1h (10 h or more, as refreshHours is at
// most half the period).
func TestSlotsModelNeverSendsAnUnacceptedValue(t *testing.T) {
	for _, s := range []Slots{testSlots, {SlotA: "a", SlotB: "b", Active: "x", Every: 24 * time.Hour, Refresh: 12 * time.Hour}, {SlotA: "a", SlotB: "b", Active: "x", Every: 7 * 24 * time.Hour, Refresh: time.Hour}} {
		for _, busyPercent := range []int{0, 10, 60} {
			modelYear(t, s, busyPercent)
		}
	}
}

func modelYear(t *testing.T, s Slots, busyPercent int) {
	rng := rand.New(rand.NewPCG(uint64(busyPercent), uint64(s.Every)))
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	params := map[string]string{s.SlotA: "0", s.SlotB: "0", s.Active: "A"}
	slotParam := map[string]string{SlotA: s.SlotA, SlotB: s.SlotB}
	accepted := map[string]time.Time{"A@0": start, "B@0": start} // value (slot@time) -> accepted since
	sending, sendingSince := "A@0", start
	lastUpdated, busyUntil := start, start
	switches, renewals := 0, 0
	minGap := s.Every - s.Refresh - UpdateTakes - time.Hour
	if busyPercent > 0 {
		minGap = UpdateTakes
	}
	for now := start; now.Before(start.AddDate(1, 0, 0)); now = now.Add(time.Hour + time.Duration(rng.IntN(120))*time.Second) {
		if now.Before(busyUntil) {
			continue // our own update still running
		}
		if rng.IntN(100) < busyPercent {
			lastUpdated, busyUntil = now, now.Add(time.Duration(rng.IntN(180))*time.Minute) // someone else's update
			continue
		}
		changes, _, err := s.Plan(params, lastUpdated, now)
		if err != nil {
			t.Fatal(err)
		}
		if len(changes) == 0 {
			continue
		}
		effect := now.Add(time.Duration(rng.IntN(45)) * time.Minute)
		lastUpdated, busyUntil = now, effect
		for k, v := range changes {
			params[k] = v
		}
		if slot, ok := changes[s.Active]; ok {
			switches++
			next := slot + "@" + params[slotParam[slot]]
			if knew := effect.Sub(accepted[next]); knew < s.Refresh {
				t.Fatalf("%v busy %d%%: switch to %s at %v, accepted only %v before", s.Every, busyPercent, next, effect, knew)
			}
			sending, sendingSince = next, effect
			continue
		}
		for slot, p := range slotParam {
			v, ok := changes[p]
			if !ok {
				continue
			}
			renewals++
			for id := range accepted {
				if !strings.HasPrefix(id, slot+"@") {
					continue
				}
				if id == sending {
					t.Fatalf("%v busy %d%%: renewing %s, which is being sent", s.Every, busyPercent, id)
				}
				if id != "A@0" && id != "B@0" && now.Sub(sendingSince) < minGap {
					t.Fatalf("%v busy %d%%: %s dropped %v after senders left it, want %v", s.Every, busyPercent, id, now.Sub(sendingSince), minGap)
				}
				delete(accepted, id)
			}
			accepted[slot+"@"+v] = effect // the fetcher sees it once the update is done
		}
	}
	if want := int(365 * 24 * time.Hour / s.Every); busyPercent == 0 && (switches < want*95/100 || renewals < want*95/100) {
		t.Errorf("%v: %d switches, %d renewals in a year, want about %d", s.Every, switches, renewals, want)
	}
}
