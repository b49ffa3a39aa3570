package constructs_test

import (
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/constructs"
)

// inlineCode stands in for a Go build where only the construct's checks
// matter (provided.al2023 refuses inline code: an unbuilt folder will do).
func inlineCode() awslambda.Code {
	return awslambda.Code_FromAsset(jsii.String(helloEntry), nil)
}

func TestApiFunctionTimeoutOverIntegrationTimeoutPanics(t *testing.T) {
	for _, c := range []struct {
		name  string
		props constructs.ApiFunctionProps
		wants []string
	}{
		{
			name:  "over the default 29 s",
			props: constructs.ApiFunctionProps{Timeout: awscdk.Duration_Seconds(jsii.Number(30))},
			wants: []string{"Fn", "30s", "29s", "integration timeout"},
		},
		{
			name: "over a given integration timeout",
			props: constructs.ApiFunctionProps{
				Timeout:            awscdk.Duration_Minutes(jsii.Number(1)),
				IntegrationTimeout: awscdk.Duration_Seconds(jsii.Number(45)),
			},
			wants: []string{"Fn", "60s", "45s"},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			stack := newTestStack(t, nil)
			props := c.props
			props.Code = inlineCode()
			mustPanic(t, func() { constructs.NewApiFunction(stack, jsii.String("Fn"), &props) }, c.wants...)
		})
	}

	// Equal is fine.
	stack := newTestStack(t, nil)
	if msg, panicked := catchPanic(func() {
		constructs.NewApiFunction(stack, jsii.String("Fn"), &constructs.ApiFunctionProps{
			Code:               inlineCode(),
			Timeout:            awscdk.Duration_Seconds(jsii.Number(45)),
			IntegrationTimeout: awscdk.Duration_Seconds(jsii.Number(45)),
		})
	}); panicked {
		t.Errorf("Timeout equal to IntegrationTimeout panicked: %s", msg)
	}
}

func TestApiFunctionNeedsEntryOrCode(t *testing.T) {
	for name, props := range map[string]*constructs.ApiFunctionProps{
		"nil props":   nil,
		"empty props": {FunctionName: jsii.String("f")},
	} {
		t.Run(name, func(t *testing.T) {
			stack := newTestStack(t, nil)
			mustPanic(t, func() { constructs.NewApiFunction(stack, jsii.String("Fn"), props) }, "Fn", "Entry", "Code")
		})
	}
}

func TestApiFunctionMetrics(t *testing.T) {
	stack := newTestStack(t, nil)
	fn := constructs.NewApiFunction(stack, jsii.String("Fn"), &constructs.ApiFunctionProps{Code: inlineCode()})
	fnName := jsonString(stack.Resolve(fn.Function.FunctionName()))

	for _, c := range []struct {
		metric    awscloudwatch.Metric
		name      string
		statistic string
	}{
		{fn.MetricThrottles(nil), "Throttles", "Sum"},
		{fn.MetricErrors(nil), "Errors", "Sum"},
		{fn.MetricDurationP99(nil), "Duration", "p99"},
		{fn.MetricInvocations(nil), "Invocations", "Sum"},
	} {
		checkMetric(t, stack, c.metric, "AWS/Lambda", c.name, c.statistic, 60)
		if dims := c.metric.Dimensions(); dims == nil || jsonString(stack.Resolve((*dims)["FunctionName"])) != fnName {
			t.Errorf("%s dimensions = %s, want FunctionName of the function", c.name, jsonString(stack.Resolve(dims)))
		}
	}

	// Options given win over the defaults.
	custom := fn.MetricThrottles(&awscloudwatch.MetricOptions{
		Statistic: jsii.String("Maximum"),
		Period:    awscdk.Duration_Minutes(jsii.Number(5)),
	})
	checkMetric(t, stack, custom, "AWS/Lambda", "Throttles", "Maximum", 300)
	label := fn.MetricDurationP99(&awscloudwatch.MetricOptions{Label: jsii.String("slow")})
	checkMetric(t, stack, label, "AWS/Lambda", "Duration", "p99", 60)
	if label.Label() == nil || *label.Label() != "slow" {
		t.Errorf("label = %v, want slow", label.Label())
	}
}

func TestProxyApiAndEdgeDistributionMetrics(t *testing.T) {
	stack := newTestStack(t, nil)
	api := constructs.NewProxyApi(stack, jsii.String("Api"), nil)
	for _, c := range []struct {
		metric    awscloudwatch.Metric
		name      string
		statistic string
	}{
		{api.Metric5XXError(nil), "5XXError", "Sum"},
		{api.Metric4XXError(nil), "4XXError", "Sum"},
		{api.MetricCount(nil), "Count", "Sum"},
		{api.MetricIntegrationLatencyP99(nil), "IntegrationLatency", "p99"},
	} {
		checkMetric(t, stack, c.metric, "AWS/ApiGateway", c.name, c.statistic, 60)
	}

	edge := constructs.NewEdgeDistribution(stack, jsii.String("Edge"), &constructs.EdgeDistributionProps{LegacyDomainName: jsii.String("legacy.example.com")})
	for _, c := range []struct {
		metric    awscloudwatch.Metric
		name      string
		statistic string
	}{
		{edge.MetricRequests(nil), "Requests", "Sum"},
		{edge.Metric5xxErrorRate(nil), "5xxErrorRate", "Average"},
	} {
		checkMetric(t, stack, c.metric, "AWS/CloudFront", c.name, c.statistic, 60)
		// CloudFront publishes in us-east-1 with Region=Global only.
		if r := c.metric.Region(); r == nil || *r != "us-east-1" {
			t.Errorf("%s region = %v, want us-east-1", c.name, r)
		}
		dims := *c.metric.Dimensions()
		if jsonString(dims["Region"]) != `"Global"` || jsonString(stack.Resolve(dims["DistributionId"])) != jsonString(ref(logicalID(stack, edge.Distribution))) {
			t.Errorf("%s dimensions = %s, want DistributionId and Region=Global", c.name, jsonString(stack.Resolve(dims)))
		}
	}
}

func checkMetric(t *testing.T, stack awscdk.Stack, m awscloudwatch.Metric, namespace, name, statistic string, periodSeconds float64) {
	t.Helper()
	if *m.Namespace() != namespace || *m.MetricName() != name || *m.Statistic() != statistic || *m.Period().ToSeconds(nil) != periodSeconds {
		t.Errorf("metric = %s %s %s %gs, want %s %s %s %gs",
			*m.Namespace(), *m.MetricName(), *m.Statistic(), *m.Period().ToSeconds(nil),
			namespace, name, statistic, periodSeconds)
	}
}
