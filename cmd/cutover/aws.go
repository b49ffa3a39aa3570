package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/smithy-go"
)

// StoreOutput is the stack output holding the KeyValueStore's ARN.
const StoreOutput = "CutoverStoreArn"

// errNoCredentials and errNoRegion tell a person how to give the command
// an AWS identity; they wrap what the SDK said.
const credentialsHelp = "set AWS_PROFILE to a profile in ~/.aws/config (after `aws sso login --profile NAME` for SSO), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, and AWS_REGION to the stack's region"

// awsConfig loads the SDK configuration and checks, before any call, that
// it has a region and credentials.
func awsConfig(ctx context.Context, o *options) (aws.Config, error) {
	cfg, err := o.loadAWS(ctx)
	if err != nil {
		return cfg, fmt.Errorf("reading the AWS configuration: %w; %s", err, credentialsHelp)
	}
	if cfg.Region == "" {
		return cfg, fmt.Errorf("no AWS region: %s", credentialsHelp)
	}
	if cfg.Credentials == nil {
		return cfg, fmt.Errorf("no AWS credentials: %s", credentialsHelp)
	}
	if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
		return cfg, fmt.Errorf("no usable AWS credentials: %s (the SDK said: %v)", credentialsHelp, err)
	}
	return cfg, nil
}

// storeARN is --store-arn, or the stack's CutoverStoreArn output.
func storeARN(ctx context.Context, o *options, cfg aws.Config) (string, error) {
	if o.storeARN != "" {
		return o.storeARN, nil
	}
	client := cloudformation.NewFromConfig(cfg, func(co *cloudformation.Options) {
		if o.cloudFormationEndpoint != "" {
			co.BaseEndpoint = aws.String(o.cloudFormationEndpoint)
		}
	})
	out, err := client.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String(o.stack)})
	var ae smithy.APIError
	if errors.As(err, &ae) && ae.ErrorCode() == "ValidationError" {
		return "", fmt.Errorf("stack %s not found in %s: check --stack and AWS_REGION, or pass --store-arn (%s)", o.stack, cfg.Region, ae.ErrorMessage())
	}
	if err != nil {
		return "", fmt.Errorf("reading stack %s: %w", o.stack, err)
	}
	for _, s := range out.Stacks {
		for _, op := range s.Outputs {
			if aws.ToString(op.OutputKey) == StoreOutput {
				return aws.ToString(op.OutputValue), nil
			}
		}
	}
	return "", fmt.Errorf("stack %s in %s has no output %s: deploy a version of the stack with cut-over weights, or pass --store-arn", o.stack, cfg.Region, StoreOutput)
}
