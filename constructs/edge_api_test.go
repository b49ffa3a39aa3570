package constructs_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigateway"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/constructs"
)

// An API made elsewhere, imported by its ID: the distribution calls its
// regional endpoint, the stage as the origin path, with the key given.
func TestEdgeDistributionFrontsAnImportedApi(t *testing.T) {
	stack := newTestStack(t, nil)
	api := awsapigateway.RestApi_FromRestApiId(stack, jsii.String("Existing"), jsii.String("abc123"))
	edge := constructs.NewEdgeDistribution(stack, jsii.String("Edge"), &constructs.EdgeDistributionProps{
		LegacyDomainName: jsii.String("legacy.example.com"), Api: api, ApiStageName: jsii.String("live"),
		ApiOriginHeaders: &map[string]*string{"x-api-key": jsii.String("k")},
	})
	edge.AddApiRoute("/orders/*", nil)
	tpl := templateOf(t, stack)
	_, dist := tpl.only("AWS::CloudFront::Distribution", nil)
	var origin map[string]any
	for _, o := range properties(dist)["DistributionConfig"].(map[string]any)["Origins"].([]any) {
		if o.(map[string]any)["Id"] != "legacy" {
			origin = o.(map[string]any)
		}
	}
	if got := jsonString(origin["DomainName"]); !strings.Contains(got, `"abc123.execute-api.",{"Ref":"AWS::Region"}`) {
		t.Errorf("API origin domain %s", got)
	}
	if got := jsonString(origin["OriginPath"]); got != `"/live"` {
		t.Errorf("API origin path %s, want /live", got)
	}
	if got := jsonString(origin["OriginCustomHeaders"]); !strings.Contains(got, `"HeaderName":"x-api-key"`) {
		t.Errorf("origin headers %s", got)
	}
	// Without a stage, an imported API cannot be called: said at once.
	mustPanic(t, func() {
		s := newTestStack(t, nil)
		e := constructs.NewEdgeDistribution(s, jsii.String("Edge"), &constructs.EdgeDistributionProps{
			LegacyDomainName: jsii.String("legacy.example.com"), Api: awsapigateway.RestApi_FromRestApiId(s, jsii.String("X"), jsii.String("abc123")),
		})
		e.AddApiRoute("/orders/*", nil)
	}, "Stack/Edge", "has no deployment stage", "give ApiStageName")
}

// Given this project's ProxyApi, the distribution sends its key and
// waits for its usage-plan key; given only its RestApi, synth fails
// naming both constructs, since every migrated request would get 403.
func TestEdgeDistributionWiresTheOriginKey(t *testing.T) {
	stack := newTestStack(t, nil)
	api := newRoutedApi(t, stack)
	edge := constructs.NewEdgeDistribution(stack, jsii.String("Edge"), &constructs.EdgeDistributionProps{
		LegacyDomainName: jsii.String("legacy.example.com"), ProxyApi: api,
	})
	edge.AddApiRoute("/user/*", nil)
	tpl := templateOf(t, stack)
	id, dist := tpl.only("AWS::CloudFront::Distribution", nil)
	if got := jsonString(dist["DependsOn"]); !strings.Contains(got, "UsagePlanKeyResource") {
		t.Errorf("%s DependsOn %s, want the usage plan's key", id, got)
	}
	if got := jsonString(properties(dist)["DistributionConfig"]); !strings.Contains(got, `"HeaderName":"x-api-key"`) {
		t.Error("the API origin sends no x-api-key")
	}

	bare := newTestStack(t, nil)
	bareApi := newRoutedApi(t, bare)
	e := constructs.NewEdgeDistribution(bare, jsii.String("Edge"), &constructs.EdgeDistributionProps{
		LegacyDomainName: jsii.String("legacy.example.com"), Api: bareApi.Api,
	})
	e.AddApiRoute("/user/*", nil)
	mustPanic(t, func() { awscdk.App_Of(bare).Synth(nil) },
		"Stack/Edge sends no x-api-key header to Stack/Api/Api", "require an API key", "pass EdgeDistributionProps.ProxyApi")
}

// A read timeout shorter than the API's integration timeout is refused
// with both construct paths.
func TestEdgeDistributionReadTimeoutCoversTheIntegration(t *testing.T) {
	stack := newTestStack(t, nil)
	api := newRoutedApi(t, stack)
	e := constructs.NewEdgeDistribution(stack, jsii.String("Edge"), &constructs.EdgeDistributionProps{
		LegacyDomainName: jsii.String("legacy.example.com"), ProxyApi: api, ApiReadTimeout: awscdk.Duration_Seconds(jsii.Number(20)),
	})
	e.AddApiRoute("/user/*", nil)
	mustPanic(t, func() { awscdk.App_Of(stack).Synth(nil) },
		"Stack/Edge: ApiReadTimeout 20s is shorter than Stack/Api's integration timeout 29s", "at least 29s")
}
