// Package originrotation rotates the origin key on a schedule by asking
// CloudFormation to update the stack with its previous template and one
// parameter raised by one (constructs.OriginKeyRotation). The parameter is
// in the name of the key's secret, so CloudFormation replaces the secret,
// the API key and its usage-plan key, updates the distribution to send the
// new value, and deletes the old key only in its cleanup phase: both keys
// are valid while CloudFront's change propagates, exactly as in a deploy.
// Nothing changes outside CloudFormation, so nothing drifts, and a later
// `cdk deploy` keeps the parameter's value (CDK reuses previous values).
package originrotation

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
)

// CloudFormation is what the rotation calls.
type CloudFormation interface {
	DescribeStacks(context.Context, *cloudformation.DescribeStacksInput, ...func(*cloudformation.Options)) (*cloudformation.DescribeStacksOutput, error)
	UpdateStack(context.Context, *cloudformation.UpdateStackInput, ...func(*cloudformation.Options)) (*cloudformation.UpdateStackOutput, error)
}

// ErrBusy: the stack is being changed (a deploy, a rollback); the
// rotation waits for the next schedule (or Lambda's retry).
var ErrBusy = errors.New("the stack is not in a state an update can start from")

// Rotator raises Parameter of StackName by one.
type Rotator struct {
	CFN       CloudFormation
	StackName string // name or ID
	Parameter string
}

// Rotate starts the update and says from which value to which. It does
// not wait for the update: CloudFormation runs it, and rolls it back (old
// key kept) if any step fails.
func (r *Rotator) Rotate(ctx context.Context) (from, to int, err error) {
	out, err := r.CFN.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String(r.StackName)})
	if err != nil {
		return 0, 0, fmt.Errorf("describe stack %s: %w", r.StackName, err)
	}
	if len(out.Stacks) != 1 {
		return 0, 0, fmt.Errorf("describe stack %s: %d stacks", r.StackName, len(out.Stacks))
	}
	s := out.Stacks[0]
	if !updatable(s.StackStatus) {
		return 0, 0, fmt.Errorf("%w: %s is %s", ErrBusy, r.StackName, s.StackStatus)
	}
	found := false
	var params []types.Parameter
	for _, p := range s.Parameters {
		key := aws.ToString(p.ParameterKey)
		if key != r.Parameter {
			params = append(params, types.Parameter{ParameterKey: p.ParameterKey, UsePreviousValue: aws.Bool(true)})
			continue
		}
		found = true
		from, err = strconv.Atoi(aws.ToString(p.ParameterValue))
		if err != nil || from < 0 {
			return 0, 0, fmt.Errorf("parameter %s of %s is %q, not a count", r.Parameter, r.StackName, aws.ToString(p.ParameterValue))
		}
		to = from + 1
		params = append(params, types.Parameter{ParameterKey: p.ParameterKey, ParameterValue: aws.String(strconv.Itoa(to))})
	}
	if !found {
		return 0, 0, fmt.Errorf("stack %s has no parameter %s: deploy the stack with origin key rotation first", r.StackName, r.Parameter)
	}
	// The template, the other parameters, the capabilities, the service
	// role (CloudFormation reuses the one the stack was deployed with),
	// tags and notifications all stay as the last deploy left them.
	_, err = r.CFN.UpdateStack(ctx, &cloudformation.UpdateStackInput{
		StackName:           aws.String(r.StackName),
		UsePreviousTemplate: aws.Bool(true),
		Parameters:          params,
		Capabilities:        s.Capabilities,
	})
	if err != nil {
		return from, to, fmt.Errorf("update stack %s (%s %d -> %d): %w", r.StackName, r.Parameter, from, to, err)
	}
	return from, to, nil
}

// updatable: an update can start from a settled stack.
func updatable(s types.StackStatus) bool {
	switch s {
	case types.StackStatusCreateComplete, types.StackStatusUpdateComplete, types.StackStatusUpdateRollbackComplete, types.StackStatusImportComplete:
		return true
	}
	return false
}

// Config is the function's environment.
type Config struct {
	StackName, Parameter string
}

// Environment of the rotation function (set by constructs.OriginKeyRotation).
const (
	EnvStackName = "STACK_NAME"
	EnvParameter = "ROTATION_PARAMETER"
)

// ConfigFromEnv reads the environment; a missing variable is named.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	c := Config{StackName: getenv(EnvStackName), Parameter: getenv(EnvParameter)}
	var missing []string
	if c.StackName == "" {
		missing = append(missing, EnvStackName)
	}
	if c.Parameter == "" {
		missing = append(missing, EnvParameter)
	}
	if len(missing) > 0 {
		return c, fmt.Errorf("origin key rotation environment: %s not set", strings.Join(missing, ", "))
	}
	return c, nil
}
