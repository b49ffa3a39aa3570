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
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/smithy-go"
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
	_, err = Apply(ctx, r.CFN, r.StackName, func(params map[string]string, _ time.Time) (map[string]string, error) {
		v, ok := params[r.Parameter]
		if !ok {
			return nil, fmt.Errorf("stack %s has no parameter %s: deploy the stack with origin key rotation first", r.StackName, r.Parameter)
		}
		from, err = strconv.Atoi(v)
		if err != nil || from < 0 {
			return nil, fmt.Errorf("parameter %s of %s is %q, not a count", r.Parameter, r.StackName, v)
		}
		to = from + 1
		return map[string]string{r.Parameter: strconv.Itoa(to)}, nil
	})
	if u := (*UpdateError)(nil); errors.As(err, &u) {
		return from, to, fmt.Errorf("update stack %s (%s %d -> %d): %w", r.StackName, r.Parameter, from, to, u.Err)
	}
	return from, to, err
}

// Plan says which of the stack's parameters to change, from their
// current values and the time the stack was last updated (its creation
// if never); none (an empty map) means nothing to do now.
type Plan func(params map[string]string, lastUpdated time.Time) (map[string]string, error)

// UpdateError is CloudFormation's refusal of the update Apply asked for.
type UpdateError struct {
	Stack string
	Err   error
}

func (e *UpdateError) Error() string { return "update stack " + e.Stack + ": " + e.Err.Error() }
func (e *UpdateError) Unwrap() error { return e.Err }

// Apply reads the stack's parameters, asks plan what to change, and starts
// an update of the stack with its previous template, the changed values,
// every other parameter's previous value and the stack's capabilities. It
// returns the changes it asked for (nil when plan wanted none: then the
// stack's state does not matter). A busy stack is ErrBusy.
func Apply(ctx context.Context, cfn CloudFormation, stackName string, plan Plan) (map[string]string, error) {
	out, err := cfn.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String(stackName)})
	if err != nil {
		return nil, fmt.Errorf("describe stack %s: %w", stackName, err)
	}
	if len(out.Stacks) != 1 {
		return nil, fmt.Errorf("describe stack %s: %d stacks", stackName, len(out.Stacks))
	}
	s := out.Stacks[0]
	current := map[string]string{}
	for _, p := range s.Parameters {
		current[aws.ToString(p.ParameterKey)] = aws.ToString(p.ParameterValue)
	}
	last := aws.ToTime(s.LastUpdatedTime)
	if s.LastUpdatedTime == nil {
		last = aws.ToTime(s.CreationTime)
	}
	changes, err := plan(current, last)
	if err != nil || len(changes) == 0 {
		return nil, err
	}
	for k := range changes {
		if _, ok := current[k]; !ok {
			return changes, fmt.Errorf("stack %s has no parameter %s: deploy the stack with this rotation first", stackName, k)
		}
	}
	if !updatable(s.StackStatus) {
		return changes, fmt.Errorf("%w: %s is %s", ErrBusy, stackName, s.StackStatus)
	}
	var params []types.Parameter
	for _, p := range s.Parameters {
		if v, ok := changes[aws.ToString(p.ParameterKey)]; ok {
			params = append(params, types.Parameter{ParameterKey: p.ParameterKey, ParameterValue: aws.String(v)})
			continue
		}
		params = append(params, types.Parameter{ParameterKey: p.ParameterKey, UsePreviousValue: aws.Bool(true)})
	}
	// The template, the other parameters, the capabilities, the service
	// role (CloudFormation reuses the one the stack was deployed with),
	// tags and notifications all stay as the last deploy left them.
	_, err = cfn.UpdateStack(ctx, &cloudformation.UpdateStackInput{
		StackName:           aws.String(stackName),
		UsePreviousTemplate: aws.Bool(true),
		Parameters:          params,
		Capabilities:        s.Capabilities,
	})
	if startedMeanwhile(err) {
		return changes, fmt.Errorf("%w: %s: an update started after it was read: %v", ErrBusy, stackName, err)
	}
	if err != nil {
		return changes, &UpdateError{Stack: stackName, Err: err}
	}
	return changes, nil
}

// startedMeanwhile: UpdateStack refused because another update (a deploy,
// the other rotation) started between DescribeStacks and it; CloudFormation
// says so with a ValidationError naming an *_IN_PROGRESS state.
func startedMeanwhile(err error) bool {
	var api smithy.APIError
	return errors.As(err, &api) && api.ErrorCode() == "ValidationError" && strings.Contains(api.ErrorMessage(), "_IN_PROGRESS")
}

// updatable: an update can start from a settled stack.
func updatable(s types.StackStatus) bool {
	switch s {
	case types.StackStatusCreateComplete, types.StackStatusUpdateComplete, types.StackStatusUpdateRollbackComplete,
		types.StackStatusImportComplete, types.StackStatusImportRollbackComplete:
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
