// Command origin-key-rotation is the Lambda an EventBridge schedule
// invokes to rotate the origin key (see package originrotation): it
// starts a CloudFormation update of its own stack with the rotation
// parameter raised by one, and fails the invocation when it cannot (a
// deploy running, the update refused), so its Errors metric and alarm
// show it and Lambda retries the asynchronous event.
//
// Environment: STACK_NAME, ROTATION_PARAMETER; region and credentials from
// the Lambda environment. It needs cloudformation:DescribeStacks and
// cloudformation:UpdateStack on its stack; CloudFormation does the update
// with the stack's own service role.
package main

import (
	"context"
	"log/slog"
	"os"

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
		logger.Error("origin key rotation configuration", "error", err.Error())
		os.Exit(1)
	}
	lambda.Start(handler(r, logger))
}

func newRotator(ctx context.Context, getenv func(string) string) (*originrotation.Rotator, error) {
	c, err := originrotation.ConfigFromEnv(getenv)
	if err != nil {
		return nil, err
	}
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, err
	}
	return &originrotation.Rotator{CFN: cloudformation.NewFromConfig(cfg), StackName: c.StackName, Parameter: c.Parameter}, nil
}

// handler ignores the scheduled event's content: every invocation is one rotation.
func handler(r *originrotation.Rotator, logger *slog.Logger) func(context.Context) error {
	return func(ctx context.Context) error {
		from, to, err := r.Rotate(ctx)
		if err != nil {
			logger.Error("origin key rotation not started", "error", err.Error())
			return err
		}
		logger.Info("origin key rotation started", "stack", r.StackName, "parameter", r.Parameter, "from", from, "to", to)
		return nil
	}
}
