// Command origin-secret-rotation is the Lambda an hourly EventBridge
// schedule invokes to rotate the monolith's origin secret (see
// originrotation.Slots): each tick starts the step that is due, if any, as
// an update of its own stack with the previous template. A busy stack is
// left for the next tick (no error); a refused update or bad parameters
// fail the invocation, so its Errors alarm shows it.
//
// Environment: STACK_NAME, SLOT_A_PARAMETER, SLOT_B_PARAMETER,
// ACTIVE_PARAMETER, ROTATE_EVERY_HOURS, REFRESH_HOURS.
package main

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"

	"github.com/strangler-fig/strangler/lambdas/originrotation"
)

func main() {
	logger := lambdacontext.NewLogger()
	r, err := newRotator(context.Background(), os.Getenv)
	if err != nil {
		logger.Error("origin secret rotation configuration", "error", err.Error())
		os.Exit(1)
	}
	lambda.Start(handler(r, logger))
}

func newRotator(ctx context.Context, getenv func(string) string) (*originrotation.SlotRotator, error) {
	stack, slots, err := originrotation.SlotsFromEnv(getenv)
	if err != nil {
		return nil, err
	}
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, err
	}
	return &originrotation.SlotRotator{CFN: cloudformation.NewFromConfig(cfg), StackName: stack, Slots: slots, Now: time.Now}, nil
}

// handler ignores the scheduled event's content: every invocation is one tick.
func handler(r *originrotation.SlotRotator, logger *slog.Logger) func(context.Context) error {
	return func(ctx context.Context) error {
		step, err := r.Tick(ctx)
		switch {
		case errors.Is(err, originrotation.ErrBusy):
			logger.Info("origin secret rotation: step due, stack busy; next tick", "step", step.Name, "slot", step.Slot, "reason", err.Error())
			return nil
		case err != nil:
			logger.Error("origin secret rotation step not started", "step", step.Name, "slot", step.Slot, "error", err.Error())
			return err
		case step.Name == "":
			logger.Info("origin secret rotation: nothing due", "next in", step.Wait.Round(time.Minute).String())
			return nil
		}
		logger.Info("origin secret rotation step started", "stack", r.StackName, "step", step.Name, "slot", step.Slot)
		return nil
	}
}
