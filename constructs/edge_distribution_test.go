package constructs_test

import (
	"testing"

	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/constructs"
)

func TestEdgeDistributionMisusePanics(t *testing.T) {
	t.Run("no LegacyDomainName", func(t *testing.T) {
		stack := newTestStack(t, nil)
		mustPanic(t, func() { constructs.NewEdgeDistribution(stack, jsii.String("Edge"), nil) }, "Edge", "LegacyDomainName")
		mustPanic(t, func() {
			constructs.NewEdgeDistribution(stack, jsii.String("Edge2"), &constructs.EdgeDistributionProps{Comment: jsii.String("no origin")})
		}, "Edge2", "LegacyDomainName")
	})

	t.Run("AddApiRoute without Api", func(t *testing.T) {
		stack := newTestStack(t, nil)
		edge := constructs.NewEdgeDistribution(stack, jsii.String("Edge"), &constructs.EdgeDistributionProps{LegacyDomainName: jsii.String("legacy.example.com")})
		mustPanic(t, func() { edge.AddApiRoute("/user/*", nil) }, "Edge", `"/user/*"`, "EdgeDistributionProps.Api")
	})

	t.Run("unknown cache mode", func(t *testing.T) {
		stack := newTestStack(t, nil)
		api := constructs.NewProxyApi(stack, jsii.String("Api"), nil)
		edge := constructs.NewEdgeDistribution(stack, jsii.String("Edge"), &constructs.EdgeDistributionProps{
			LegacyDomainName: jsii.String("legacy.example.com"),
			Api:              api.Api,
		})
		mustPanic(t, func() {
			edge.AddApiRoute("/user/*", &constructs.ApiRouteOptions{Cache: constructs.CacheMode("private")})
		}, "Edge", `unknown cache mode "private"`, "none, per-token or public")
	})
}
