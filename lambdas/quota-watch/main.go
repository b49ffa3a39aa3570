// Command quota-watch is the scheduled Lambda that publishes quota
// utilisation metrics (see package quotawatch): an EventBridge schedule
// invokes it, it reads and publishes, and it fails the invocation when any
// read or the publish failed, so the function's Errors metric shows it.
//
// Environment: VPC_ID, SUBNET_IDS, REST_API_ID, STAGE_NAME, METRIC_NAMESPACE
// (see quotawatch.ConfigFromEnv); region and credentials from the Lambda
// environment.
package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/aws/aws-sdk-go-v2/config"

	"github.com/strangler-fig/strangler/lambdas/quotawatch"
)

func main() {
	logger := lambdacontext.NewLogger()
	w, err := newWatcher(context.Background(), os.Getenv)
	if err != nil {
		logger.Error("quota watch configuration", "error", err.Error())
		os.Exit(1)
	}
	w.Logger = logger
	lambda.Start(handler(w))
}

// newWatcher reads the configuration and makes the SDK clients, once per
// execution environment.
func newWatcher(ctx context.Context, getenv func(string) string) (*quotawatch.Watcher, error) {
	c, err := quotawatch.ConfigFromEnv(getenv)
	if err != nil {
		return nil, err
	}
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, err
	}
	return quotawatch.New(cfg, c), nil
}

// handler runs the watcher once per scheduled event.
func handler(w *quotawatch.Watcher) func(context.Context, events.CloudWatchEvent) error {
	return func(ctx context.Context, e events.CloudWatchEvent) error {
		w.Logger.DebugContext(ctx, "scheduled run", slog.String("eventId", e.ID), slog.Time("eventTime", e.Time))
		_, err := w.Run(ctx)
		return err
	}
}
