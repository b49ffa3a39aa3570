package constructs_test

import (
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/constructs"
)

// What API Gateway or CloudFront would refuse at deploy, or do other than
// meant, is refused at synth with the construct's path, every problem at
// once: the same rules the manifest applies (package routing).
func TestConstructsCheckRoutesPatternsAndNames(t *testing.T) {
	stack := newTestStack(t, nil)
	api := constructs.NewProxyApi(stack, jsii.String("Api"), nil)
	fn := constructs.NewApiFunction(stack, jsii.String("Fn"), &constructs.ApiFunctionProps{Entry: jsii.String(helloEntry)})
	api.AddRoute("/orders/{id}", []string{"GET"}, fn.Alias, nil)
	api.AddRoute("/orders/{orderId}/lines", []string{"GET"}, fn.Alias, nil)
	api.AddRoute("/orders//x", []string{"GET"}, fn.Alias, nil)
	edge := constructs.NewEdgeDistribution(stack, jsii.String("Edge"), &constructs.EdgeDistributionProps{
		LegacyDomainName: jsii.String("https://legacy.example.com/"), ProxyApi: api,
	})
	edge.AddApiRoute("/orders/{id}", nil)
	edge.AddApiRoute("orders/*", nil)
	edge.AddLegacyRoute("/x/*")
	edge.AddLegacyRoute("/x/*")
	mustPanic(t, func() { awscdk.App_Of(stack).Synth(nil) },
		`Stack/Api: route /orders/{orderId}/lines uses {orderId} under "/orders/" where {id} is used; API Gateway allows one variable part per level: use the same name (route /orders/{id})`,
		`Stack/Api: route "/orders//x" has an empty segment (//)`,
		`Stack/Edge: LegacyDomainName "https://legacy.example.com/" must be a bare host name, without scheme, port or path`,
		`Stack/Edge: path pattern "/orders/{id}" is an API Gateway template: CloudFront would match its braces literally; give its CloudFront pattern, with * for each parameter (/orders/*)`,
		`Stack/Edge: path pattern "orders/*" must start with /`,
		`Stack/Edge: path pattern "/x/*" added twice`,
	)
}
