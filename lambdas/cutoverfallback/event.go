package cutoverfallback

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/aws/aws-lambda-go/events"
)

// The EventBridge envelope of an alarm state change.
const (
	EventSource     = "aws.cloudwatch"
	EventDetailType = "CloudWatch Alarm State Change"
	// StateAlarm is the state that sends routes back.
	StateAlarm = "ALARM"
)

// stateTimeLayout is how CloudWatch writes detail.state.timestamp:
// "2019-10-02T17:04:40.989+0000" (no colon in the offset).
const stateTimeLayout = "2006-01-02T15:04:05.999-0700"

// AlarmChange is what the fallback reads of an alarm state change event.
type AlarmChange struct {
	Alarm  string    // detail.alarmName
	State  string    // detail.state.value: OK, ALARM or INSUFFICIENT_DATA
	Reason string    // detail.state.reason
	At     time.Time // detail.state.timestamp
}

// ParseAlarmChange reads an EventBridge "CloudWatch Alarm State Change"
// event; anything else is an error naming what is wrong.
func ParseAlarmChange(e events.CloudWatchEvent) (AlarmChange, error) {
	if e.Source != EventSource || e.DetailType != EventDetailType {
		return AlarmChange{}, fmt.Errorf("event %s: source %q, detail-type %q: want %q, %q (the EventBridge rule should send only alarm state changes)", e.ID, e.Source, e.DetailType, EventSource, EventDetailType)
	}
	var d struct {
		AlarmName string `json:"alarmName"`
		State     struct {
			Value     string `json:"value"`
			Reason    string `json:"reason"`
			Timestamp string `json:"timestamp"`
		} `json:"state"`
	}
	if err := json.Unmarshal(e.Detail, &d); err != nil {
		return AlarmChange{}, fmt.Errorf("event %s: detail: %v", e.ID, err)
	}
	c := AlarmChange{Alarm: d.AlarmName, State: d.State.Value, Reason: d.State.Reason}
	switch {
	case c.Alarm == "":
		return c, fmt.Errorf("event %s: detail.alarmName is missing", e.ID)
	case c.State == "":
		return c, fmt.Errorf("event %s: alarm %s: detail.state.value is missing", e.ID, c.Alarm)
	}
	var err error
	if c.At, err = parseStateTime(d.State.Timestamp); err != nil {
		return c, fmt.Errorf("event %s: alarm %s: detail.state.timestamp %q: want e.g. 2019-10-02T17:04:40.989+0000", e.ID, c.Alarm, d.State.Timestamp)
	}
	return c, nil
}

func parseStateTime(s string) (time.Time, error) {
	t, err := time.Parse(stateTimeLayout, s)
	if err != nil {
		t, err = time.Parse(time.RFC3339, s)
	}
	return t.UTC(), err
}
