package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

var env = map[string]string{
	"STORE_ARN":    "arn:aws:cloudfront::123456789012:key-value-store/9e0a1a46-0b2f-4b6e-8d4f-8a2c1f0e7d11",
	"TOPIC_ARN":    "arn:aws:sns:eu-west-1:123456789012:alarms",
	"ALARM_ROUTES": `{"api-user-id-throttles":["/user/{id}"]}`,
}

func TestNewFallbackReadsTheEnvironment(t *testing.T) {
	t.Setenv("AWS_REGION", "eu-west-1")
	f, err := newFallback(context.Background(), func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if f.Store == nil || f.Store.ARN != env["STORE_ARN"] || f.SNS == nil || f.Config.AlarmRoutes["api-user-id-throttles"][0] != "/user/{id}" {
		t.Errorf("fallback %+v", f)
	}
	if _, err := newFallback(context.Background(), func(k string) string { return "" }); err == nil || !strings.Contains(err.Error(), "STORE_ARN") {
		t.Errorf("empty environment: %v, want an error naming STORE_ARN", err)
	}
}

// A bad event fails the invocation (before any AWS call) and is logged.
func TestHandlerFailsTheInvocationOnABadEvent(t *testing.T) {
	t.Setenv("AWS_REGION", "eu-west-1")
	f, err := newFallback(context.Background(), func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	f.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
	bare, _ := json.Marshal(events.CloudWatchEvent{ID: "e1", Source: "aws.events", DetailType: "Scheduled Event"})
	err = handler(f)(context.Background(), bare)
	if err == nil || !strings.Contains(logs.String(), `"level":"ERROR"`) || !strings.Contains(logs.String(), `"eventId":"e1"`) {
		t.Errorf("err %v, logs:\n%s", err, logs.String())
	}
	// As the stack's rules send it: the event and its routes; a route
	// that is not a template fails before any call.
	logs.Reset()
	wrapped := []byte(`{"event": ` + string(bare) + `, "routes": ["user"]}`)
	if err := handler(f)(context.Background(), wrapped); err == nil || !strings.Contains(err.Error(), `"user" is not a path template`) {
		t.Errorf("wrapped invocation with a bad route: %v", err)
	}
}
