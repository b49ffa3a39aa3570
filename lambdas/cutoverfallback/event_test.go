package cutoverfallback

import (
	"testing"
	"time"
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
