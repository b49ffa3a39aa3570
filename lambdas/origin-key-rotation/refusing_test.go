package main

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
)

// refusing is a CloudFormation that cannot be reached.
type refusing struct{}

func (refusing) DescribeStacks(context.Context, *cloudformation.DescribeStacksInput, ...func(*cloudformation.Options)) (*cloudformation.DescribeStacksOutput, error) {
	return nil, errors.New("unreachable")
}

func (refusing) UpdateStack(context.Context, *cloudformation.UpdateStackInput, ...func(*cloudformation.Options)) (*cloudformation.UpdateStackOutput, error) {
	return nil, errors.New("unreachable")
}
