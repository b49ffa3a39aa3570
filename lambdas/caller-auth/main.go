// Command caller-auth is the API Gateway Lambda REQUEST authorizer of
// migrated routes (see package callerauth): it authenticates the caller
// before any route's function runs, as the monolith did.
//
// Environment: callerauth.ConfigFromEnv. In delegate mode with
// ORIGIN_SECRET_ARN, the origin secret the monolith checks is read once
// per execution environment (secretsmanager:GetSecretValue on that ARN).
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/strangler-fig/strangler/lambdas/callerauth"
)

func main() {
	logger := lambdacontext.NewLogger()
	a, err := newAuthorizer(context.Background(), os.Getenv, readSecret)
	if err != nil {
		logger.Error("authorizer configuration", "error", err.Error())
		os.Exit(1)
	}
	a.Logger = logger
	lambda.Start(a.Handle)
}

// newAuthorizer reads the configuration and the origin secret.
func newAuthorizer(ctx context.Context, getenv func(string) string, secret func(context.Context, string) (string, error)) (*callerauth.Authorizer, error) {
	c, err := callerauth.ConfigFromEnv(getenv)
	if err != nil {
		return nil, err
	}
	if c.OriginSecretARN != "" {
		if c.Delegate.OriginSecret, err = secret(ctx, c.OriginSecretARN); err != nil {
			return nil, fmt.Errorf("reading the origin secret %s: %w", c.OriginSecretARN, err)
		}
	}
	v, err := c.Verifier()
	if err != nil {
		return nil, err
	}
	return &callerauth.Authorizer{Mode: c.Mode, Verifier: v, Header: c.Header}, nil
}

func readSecret(ctx context.Context, arn string) (string, error) {
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return "", err
	}
	out, err := secretsmanager.NewFromConfig(cfg).GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(arn)})
	if err != nil {
		return "", err
	}
	return aws.ToString(out.SecretString), nil
}
