// Command cutover-fallback is the Lambda that sends migrated routes back
// to the monolith when their alarms fire (see package cutoverfallback): an
// EventBridge rule on "CloudWatch Alarm State Change" invokes it; it
// fails the invocation when an event is malformed, names an unknown
// alarm, or the write or the message failed, so the function's Errors
// metric shows it (and Lambda retries an asynchronous invocation).
//
// Environment: STORE_ARN, TOPIC_ARN, and optionally ALARM_ROUTES (see
// cutoverfallback.ConfigFromEnv); region and credentials from the Lambda
// environment. It needs cloudfront-keyvaluestore:DescribeKeyValueStore,
// GetKey and UpdateKeys on the store, and sns:Publish on the topic.
package main

import (
	"context"
	"encoding/json"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sns"

	"github.com/strangler-fig/strangler/cutover"
	"github.com/strangler-fig/strangler/lambdas/cutoverfallback"
)

func main() {
	logger := lambdacontext.NewLogger()
	f, err := newFallback(context.Background(), os.Getenv)
	if err != nil {
		logger.Error("cut-over fallback configuration", "error", err.Error())
		os.Exit(1)
	}
	f.Logger = logger
	lambda.Start(handler(f))
}

// newFallback reads the configuration and makes the SDK clients, once per
// execution environment.
func newFallback(ctx context.Context, getenv func(string) string) (*cutoverfallback.Fallback, error) {
	c, err := cutoverfallback.ConfigFromEnv(getenv)
	if err != nil {
		return nil, err
	}
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, err
	}
	kvs, err := cutover.NewClient(cfg, "")
	if err != nil {
		return nil, err
	}
	return &cutoverfallback.Fallback{Config: c, Store: cutover.New(kvs, c.StoreARN), SNS: sns.NewFromConfig(cfg)}, nil
}

// handler handles one invocation: the stack's rules send
// {"event": <alarm state change>, "routes": [...]}; a bare alarm state
// change event takes its routes from ALARM_ROUTES.
func handler(f *cutoverfallback.Fallback) func(context.Context, json.RawMessage) error {
	return func(ctx context.Context, raw json.RawMessage) error {
		var inv cutoverfallback.Invocation
		var probe struct {
			Event json.RawMessage `json:"event"`
		}
		if err := json.Unmarshal(raw, &probe); err == nil && len(probe.Event) > 0 {
			err = json.Unmarshal(raw, &inv)
			if err != nil {
				f.Logger.ErrorContext(ctx, "cut-over fallback: invocation", "error", err.Error())
				return err
			}
		} else if err := json.Unmarshal(raw, &inv.Event); err != nil {
			f.Logger.ErrorContext(ctx, "cut-over fallback: event", "error", err.Error())
			return err
		}
		_, err := f.HandleInvocation(ctx, inv)
		if err != nil {
			f.Logger.ErrorContext(ctx, "cut-over fallback", "eventId", inv.Event.ID, "error", err.Error())
		}
		return err
	}
}
