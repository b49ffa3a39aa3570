package main

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/servicequotas"
)

func TestNewWatcherReadsTheEnvironment(t *testing.T) {
	t.Setenv("AWS_REGION", "eu-west-1")
	env := map[string]string{"VPC_ID": "vpc-1", "SUBNET_IDS": "subnet-a,subnet-b", "REST_API_ID": "api1", "STAGE_NAME": "prod"}
	w, err := newWatcher(context.Background(), func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if w.Config.VpcID != "vpc-1" || len(w.Config.SubnetIDs) != 2 || w.Config.Namespace != "StranglerFig/Quotas" {
		t.Errorf("config %+v", w.Config)
	}
	if w.ServiceQuotas == nil || w.Lambda == nil || w.EC2 == nil || w.APIGateway == nil || w.CloudWatch == nil {
		t.Errorf("a client is missing: %+v", w)
	}

	_, err = newWatcher(context.Background(), func(k string) string { return map[string]string{"STAGE_NAME": "prod"}[k] })
	if err == nil || !strings.Contains(err.Error(), "REST_API_ID") {
		t.Errorf("STAGE_NAME alone: %v, want an error naming REST_API_ID", err)
	}
}

// The invocation fails when the run does, so the function's Errors metric
// counts it.
func TestHandlerFailsTheInvocationWhenTheRunFails(t *testing.T) {
	t.Setenv("AWS_REGION", "eu-west-1")
	w, err := newWatcher(context.Background(), func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	denied := errors.New("AccessDenied")
	w.ServiceQuotas, w.Lambda, w.CloudWatch = failing{denied}, failing{denied}, failing{denied}
	var logs bytes.Buffer
	w.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
	err = handler(w)(context.Background(), events.CloudWatchEvent{ID: "e1", DetailType: "Scheduled Event", Source: "aws.events"})
	if !errors.Is(err, denied) {
		t.Errorf("handler returned %v, want the run's error", err)
	}
	if !strings.Contains(logs.String(), `"level":"ERROR"`) {
		t.Errorf("no error logged:\n%s", logs.String())
	}
}

// failing answers every call with err.
type failing struct{ err error }

func (f failing) GetServiceQuota(context.Context, *servicequotas.GetServiceQuotaInput, ...func(*servicequotas.Options)) (*servicequotas.GetServiceQuotaOutput, error) {
	return nil, f.err
}

func (f failing) GetAWSDefaultServiceQuota(context.Context, *servicequotas.GetAWSDefaultServiceQuotaInput, ...func(*servicequotas.Options)) (*servicequotas.GetAWSDefaultServiceQuotaOutput, error) {
	return nil, f.err
}

func (f failing) GetAccountSettings(context.Context, *lambda.GetAccountSettingsInput, ...func(*lambda.Options)) (*lambda.GetAccountSettingsOutput, error) {
	return nil, f.err
}

func (f failing) GetMetricData(context.Context, *cloudwatch.GetMetricDataInput, ...func(*cloudwatch.Options)) (*cloudwatch.GetMetricDataOutput, error) {
	return nil, f.err
}

func (f failing) PutMetricData(context.Context, *cloudwatch.PutMetricDataInput, ...func(*cloudwatch.Options)) (*cloudwatch.PutMetricDataOutput, error) {
	return nil, f.err
}
