package cutoverfallback

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/strangler-fig/strangler/cutover"
	"github.com/strangler-fig/strangler/cutover/kvstest"
)

const topic = "arn:aws:sns:us-east-1:123456789012:migration-alarms"

var now = time.Date(2019, 10, 2, 17, 5, 1, 0, time.UTC)

// event reads a captured EventBridge event from testdata.
func event(t *testing.T, name string) events.CloudWatchEvent {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var e events.CloudWatchEvent
	if err := json.Unmarshal(data, &e); err != nil {
		t.Fatal(err)
	}
	return e
}

type rig struct {
	kvs  *kvstest.Server
	sns  *snsStub
	f    *Fallback
	logs *bytes.Buffer
}

// newRig wires a Fallback to a KeyValueStore and an SNS stub through the
// real SDK clients; the docs' alarm ServerCpuTooHigh protects two routes.
func newRig(t *testing.T) *rig {
	r := &rig{kvs: kvstest.New(t), sns: newSNSStub(t), logs: &bytes.Buffer{}}
	c, err := cutover.NewClient(kvstest.Config(), r.kvs.URL)
	if err != nil {
		t.Fatal(err)
	}
	store := cutover.New(c, r.kvs.ARN)
	store.Now = func() time.Time { return now }
	r.f = &Fallback{
		Config: Config{StoreARN: r.kvs.ARN, TopicARN: topic, AlarmRoutes: map[string][]string{
			"ServerCpuTooHigh": {"/user/{id}", "/user/{id}/orders"},
			"api-5xx":          {"/products"},
		}},
		Store: store, SNS: r.sns.client(), Now: func() time.Time { return now },
		Logger: slog.New(slog.NewJSONHandler(r.logs, nil)),
	}
	return r
}

func TestAlarmSendsItsRoutesBackAndTellsOnce(t *testing.T) {
	r := newRig(t)
	r.kvs.Put("w:/user/{id}", "10")
	out, err := r.f.Handle(context.Background(), event(t, "alarm-state-change.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, route := range []string{"/user/{id}", "/user/{id}/orders"} {
		if w, _ := r.kvs.Get("w:" + route); w != "0" {
			t.Errorf("w:%s = %q, want 0", route, w)
		}
		raw, _ := r.kvs.Get("n:" + route)
		n, err := cutover.DecodeNote(raw)
		if err != nil || n.Weight != 0 || n.By != "fallback" || n.Alarm != "ServerCpuTooHigh" || !n.At.Equal(now) ||
			n.Reason != "Threshold Crossed: 1 out of the last 1 datapoints [99.50160229693434 (02/10/19 16:59:00)] was greater than the threshold (50.0) (minimum 1 datapoint for OK -> ALARM transition)." {
			t.Errorf("n:%s = %s (%v)", route, raw, err)
		}
	}
	if _, ok := r.kvs.Get("w:/products"); ok {
		t.Error("a route of another alarm was written")
	}
	if r.kvs.Count("UpdateKeys") != 1 {
		t.Errorf("%d UpdateKeys calls, want 1 for both routes", r.kvs.Count("UpdateKeys"))
	}

	msgs := r.sns.messages()
	if len(msgs) != 1 || !out.Published {
		t.Fatalf("%d messages published (outcome %v), want 1", len(msgs), out.Published)
	}
	m := msgs[0]
	if m.Get("TopicArn") != topic || m.Get("Subject") != "Cut-over fallback: 2 route(s) back on the monolith" {
		t.Errorf("topic %q subject %q", m.Get("TopicArn"), m.Get("Subject"))
	}
	body := m.Get("Message")
	for _, want := range []string{
		"alarm ServerCpuTooHigh went to ALARM at 2019-10-02T17:04:40Z",
		"was greater than the threshold (50.0)",
		"At 2019-10-02T17:05:01Z",
		"/user/{id} (was 10)",
		"/user/{id}/orders (was the manifest's weight)",
		"deliberate",
		"cutover shift /user/{id} PERCENT",
		"cutover shift /user/{id}/orders PERCENT",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("message lacks %q:\n%s", want, body)
		}
	}
	if !strings.Contains(r.logs.String(), `"level":"WARN"`) {
		t.Errorf("no WARN log line:\n%s", r.logs)
	}
}

// The same alarm again (a second firing, or EventBridge delivering the
// event twice): nothing is written, nothing is told.
func TestSecondAlarmWritesNothing(t *testing.T) {
	r := newRig(t)
	e := event(t, "alarm-state-change.json")
	if _, err := r.f.Handle(context.Background(), e); err != nil {
		t.Fatal(err)
	}
	note, _ := r.kvs.Get("n:/user/{id}")
	out, err := r.f.Handle(context.Background(), e)
	if err != nil {
		t.Fatal(err)
	}
	if r.kvs.Count("UpdateKeys") != 1 || len(r.sns.messages()) != 1 || out.Published || len(out.Written) != 0 || len(out.Already) != 2 {
		t.Errorf("second alarm: %d UpdateKeys, %d messages, outcome %+v", r.kvs.Count("UpdateKeys"), len(r.sns.messages()), out)
	}
	if again, _ := r.kvs.Get("n:/user/{id}"); again != note {
		t.Errorf("note rewritten: %s -> %s", note, again)
	}
}

// Back to OK: moving forward is a person's act; nothing is read or written.
func TestOKChangesNothing(t *testing.T) {
	r := newRig(t)
	r.kvs.Put("w:/user/{id}", "0")
	if _, err := r.f.Handle(context.Background(), event(t, "alarm-state-change-ok.json")); err != nil {
		t.Fatal(err)
	}
	if n := len(r.kvs.Requests()); n != 0 || len(r.sns.messages()) != 0 {
		t.Errorf("OK: %d store calls, %d messages", n, len(r.sns.messages()))
	}
	if w, _ := r.kvs.Get("w:/user/{id}"); w != "0" {
		t.Errorf("w: = %q", w)
	}
}

func TestBadEventsWriteNothing(t *testing.T) {
	good := event(t, "alarm-state-change.json")
	withDetail := func(f func(map[string]any)) events.CloudWatchEvent {
		e := good
		var d map[string]any
		json.Unmarshal(good.Detail, &d)
		f(d)
		e.Detail, _ = json.Marshal(d)
		return e
	}
	scheduled := good
	scheduled.Source, scheduled.DetailType = "aws.events", "Scheduled Event"
	broken := good
	broken.Detail = json.RawMessage(`"ALARM"`)
	for name, c := range map[string]struct {
		e    events.CloudWatchEvent
		want string
	}{
		"unknown alarm":   {withDetail(func(d map[string]any) { d["alarmName"] = "SomeoneElses" }), `alarm "SomeoneElses" is not in ALARM_ROUTES (it has ServerCpuTooHigh, api-5xx)`},
		"not an alarm":    {scheduled, `source "aws.events"`},
		"detail a string": {broken, "detail:"},
		"no alarm name":   {withDetail(func(d map[string]any) { delete(d, "alarmName") }), "detail.alarmName is missing"},
		"no state":        {withDetail(func(d map[string]any) { delete(d, "state") }), "detail.state.value is missing"},
		"bad timestamp":   {withDetail(func(d map[string]any) { d["state"].(map[string]any)["timestamp"] = "yesterday" }), `detail.state.timestamp "yesterday"`},
	} {
		r := newRig(t)
		_, err := r.f.Handle(context.Background(), c.e)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want %q", name, err, c.want)
		}
		if n := len(r.kvs.Requests()); n != 0 || len(r.sns.messages()) != 0 {
			t.Errorf("%s: %d store calls, %d messages", name, n, len(r.sns.messages()))
		}
	}
}

// Another writer (a person shifting) races the fallback: it retries and wins.
func TestAlarmRetriesWhenTheStoreChangesUnderIt(t *testing.T) {
	r := newRig(t)
	r.f.Store.Backoff = nil
	r.kvs.Interfere(2)
	out, err := r.f.Handle(context.Background(), event(t, "alarm-state-change.json"))
	if err != nil {
		t.Fatal(err)
	}
	if w, _ := r.kvs.Get("w:/user/{id}"); w != "0" || r.kvs.Count("UpdateKeys") != 3 || !out.Published {
		t.Errorf("w: = %q after %d UpdateKeys, outcome %+v", w, r.kvs.Count("UpdateKeys"), out)
	}
}

// The routes go back even when the topic cannot be told; the invocation
// fails so the function's Errors metric shows it.
func TestPublishFailureIsAnErrorAfterTheWrite(t *testing.T) {
	r := newRig(t)
	r.sns.deny = true
	_, err := r.f.Handle(context.Background(), event(t, "alarm-state-change.json"))
	if err == nil || !strings.Contains(err.Error(), "are back on the monolith, but telling the topic failed") || !strings.Contains(err.Error(), "AuthorizationError") {
		t.Errorf("err = %v", err)
	}
	if w, _ := r.kvs.Get("w:/user/{id}"); w != "0" {
		t.Errorf("w: = %q", w)
	}
}

// As the stack's rules invoke it: the routes come with the event, and win
// over ALARM_ROUTES (which the stack does not set).
func TestInvocationNamesItsRoutes(t *testing.T) {
	r := newRig(t)
	r.f.Config.AlarmRoutes = nil
	out, err := r.f.HandleInvocation(context.Background(), Invocation{Event: event(t, "alarm-state-change.json"), Routes: []string{"/products"}})
	if err != nil {
		t.Fatal(err)
	}
	if w, _ := r.kvs.Get("w:/products"); w != "0" || len(out.Written) != 1 || !out.Published {
		t.Errorf("w:/products = %q, outcome %+v", w, out)
	}
	if _, ok := r.kvs.Get("w:/user/{id}"); ok {
		t.Error("a route the invocation does not name was written")
	}
	// Without routes and without ALARM_ROUTES: refused, nothing written.
	before := r.kvs.Count("UpdateKeys")
	if _, err := r.f.HandleInvocation(context.Background(), Invocation{Event: event(t, "alarm-state-change.json")}); err == nil || !strings.Contains(err.Error(), "names no routes") {
		t.Errorf("no routes anywhere: %v", err)
	}
	if r.kvs.Count("UpdateKeys") != before {
		t.Error("written without routes")
	}
}
