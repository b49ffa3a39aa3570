package main

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"

	"github.com/strangler-fig/strangler/lambdas/originrotation"
)

// A bad environment stops the cold start with the variables named.
func TestNewRotatorNamesMissingVariables(t *testing.T) {
	env := map[string]string{"STACK_NAME": "S", "SLOT_A_PARAMETER": "A", "ACTIVE_PARAMETER": "X", "ROTATE_EVERY_HOURS": "720", "REFRESH_HOURS": "two"}
	_, err := newRotator(context.Background(), func(k string) string { return env[k] })
	if err == nil || !strings.Contains(err.Error(), "SLOT_B_PARAMETER not set") || !strings.Contains(err.Error(), `REFRESH_HOURS is "two"`) {
		t.Errorf("err = %v", err)
	}
}

// stack is a CloudFormation with one stack in a given status.
type stack struct {
	status  types.StackStatus
	params  map[string]string
	updated int
}

func (s *stack) DescribeStacks(context.Context, *cloudformation.DescribeStacksInput, ...func(*cloudformation.Options)) (*cloudformation.DescribeStacksOutput, error) {
	st := types.Stack{StackName: aws.String("S"), StackStatus: s.status, CreationTime: aws.Time(time.Unix(0, 0))}
	for k, v := range s.params {
		st.Parameters = append(st.Parameters, types.Parameter{ParameterKey: aws.String(k), ParameterValue: aws.String(v)})
	}
	return &cloudformation.DescribeStacksOutput{Stacks: []types.Stack{st}}, nil
}

func (s *stack) UpdateStack(context.Context, *cloudformation.UpdateStackInput, ...func(*cloudformation.Options)) (*cloudformation.UpdateStackOutput, error) {
	s.updated++
	if s.status == types.StackStatusUpdateRollbackFailed {
		return nil, errors.New("refused")
	}
	return &cloudformation.UpdateStackOutput{}, nil
}

// A busy stack waits for the next tick without failing the invocation (it
// would alarm); bad parameters fail it; a due step starts.
func TestHandler(t *testing.T) {
	slots := originrotation.Slots{SlotA: "A", SlotB: "B", Active: "X", Every: time.Hour, Refresh: time.Hour}
	due := map[string]string{"A": "0", "B": "0", "X": "A"}
	for _, c := range []struct {
		name    string
		s       *stack
		fails   bool
		updated int
		log     string
	}{
		{"due", &stack{status: types.StackStatusUpdateComplete, params: due}, false, 1, "step started"},
		{"busy", &stack{status: types.StackStatusUpdateInProgress, params: due}, false, 0, "stack busy; next tick"},
		{"bad", &stack{status: types.StackStatusUpdateComplete, params: map[string]string{"X": "A"}}, true, 0, "not started"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var out bytes.Buffer
			r := &originrotation.SlotRotator{CFN: c.s, StackName: "S", Slots: slots, Now: func() time.Time { return time.Unix(1_800_000_000, 0) }}
			err := handler(r, slog.New(slog.NewTextHandler(&out, nil)))(context.Background())
			if (err != nil) != c.fails || c.s.updated != c.updated || !strings.Contains(out.String(), c.log) {
				t.Errorf("err %v, %d updates, log %s", err, c.s.updated, out.String())
			}
		})
	}
}
