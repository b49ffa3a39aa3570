// Package faulty misbehaves on request, with aws-lambda-go alone (no
// adapter to catch it): /faulty/{mode} sleeps past its timeout, panics,
// exits, answers a malformed proxy response, or answers after a while.
package faulty

import (
	"context"
	"os"
	"strconv"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

// Start runs the function.
func Start() {
	lambda.Start(func(ctx context.Context, ev events.APIGatewayProxyRequest) (any, error) {
		switch ev.PathParameters["mode"] {
		case "sleep":
			time.Sleep(time.Minute)
		case "panic":
			panic("api-faulty: asked to panic")
		case "exit":
			os.Exit(3)
		case "malformed":
			return map[string]any{"status": 200, "body": "no statusCode"}, nil
		case "slow":
			time.Sleep(800 * time.Millisecond)
		}
		return events.APIGatewayProxyResponse{StatusCode: 200, Body: "pid " + strconv.Itoa(os.Getpid())}, nil
	})
}
