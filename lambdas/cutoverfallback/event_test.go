package cutoverfallback

import (
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
)

func TestParseAlarmChangeReadsTheDocsEvent(t *testing.T) {
	c, err := ParseAlarmChange(event(t, "alarm-state-change.json"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Alarm != "ServerCpuTooHigh" || c.State != "ALARM" || c.Reason[:18] != "Threshold Crossed:" ||
		!c.At.Equal(time.Date(2019, 10, 2, 17, 4, 40, 989e6, time.UTC)) {
		t.Errorf("%+v", c)
	}
	c, err = ParseAlarmChange(event(t, "alarm-state-change-ok.json"))
	if err != nil || c.State != "OK" {
		t.Errorf("%+v %v", c, err)
	}
}

func TestParseStateTimeAlsoTakesRFC3339(t *testing.T) {
	for _, s := range []string{"2019-10-02T17:04:40.989+0000", "2019-10-02T19:04:40.989+0200", "2019-10-02T17:04:40.989Z"} {
		if at, err := parseStateTime(s); err != nil || !at.Equal(time.Date(2019, 10, 2, 17, 4, 40, 989e6, time.UTC)) {
			t.Errorf("%s: %v %v", s, at, err)
		}
	}
}

// Whatever the detail holds, parsing never panics, and what it accepts
// has an alarm name and a state.
func FuzzParseAlarmChange(f *testing.F) {
	good, err := os.ReadFile("testdata/alarm-state-change.json")
	if err != nil {
		f.Fatal(err)
	}
	var e events.CloudWatchEvent
	if err := json.Unmarshal(good, &e); err != nil {
		f.Fatal(err)
	}
	f.Add([]byte(e.Detail))
	f.Add([]byte(`{"alarmName":"a","state":{"value":"ALARM","timestamp":"2019-10-02T17:04:40Z"}}`))
	f.Add([]byte(`{"alarmName":"a","state":null}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, detail []byte) {
		ev := e
		ev.Detail = detail
		c, err := ParseAlarmChange(ev)
		if err == nil && (c.Alarm == "" || c.State == "") {
			t.Fatalf("accepted %s as %+v", detail, c)
		}
	})
}
