package constructs_test

import (
	"fmt"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigateway"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/jsii-runtime-go"

	sc "github.com/strangler-fig/strangler/constructs"
)

// The whole path, as README shows it: a VPC for the functions, a function
// per API, the API in front, CloudFront in front of the monolith and the
// API, and the alarms. Every construct works with only its required props.
func Example() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Migration"), nil)

	net := sc.NewLambdaNetwork(stack, jsii.String("Network"), nil) // 2 AZs, /19 private subnets, one security group
	fn := sc.NewApiFunction(stack, jsii.String("Users"), &sc.ApiFunctionProps{
		Entry: jsii.String("testdata/hello"), // a Go main package, built with the Go toolchain
		Vpc:   net.Vpc, SecurityGroups: &[]awsec2.ISecurityGroup{net.SecurityGroup},
	})
	api := sc.NewProxyApi(stack, jsii.String("Api"), nil)
	api.AddRoute("/user/{id}", []string{"GET"}, fn.Alias, nil) // the live alias
	edge := sc.NewEdgeDistribution(stack, jsii.String("Edge"), &sc.EdgeDistributionProps{
		LegacyDomainName: jsii.String("legacy-api.example.com"),
		ProxyApi:         api, // sends the API key only CloudFront knows
	})
	// Per caller; of the query, only ?fields= changes the answer.
	edge.AddApiRoute("/user/*", &sc.ApiRouteOptions{Cache: sc.CachePerToken, CacheQueryKeys: jsii.Strings("fields")})
	mon := sc.NewMigrationMonitoring(stack, jsii.String("Monitoring"), nil)
	mon.WatchFunction("Users", fn)
	mon.WatchApi(api)
	mon.WatchDistribution(edge)
}

// CloudFront in front of the monolith and of an API made elsewhere,
// imported by its ID: give its stage, and the API key its methods need.
func ExampleNewEdgeDistribution_existingApi() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Edge"), nil)
	edge := sc.NewEdgeDistribution(stack, jsii.String("Edge"), &sc.EdgeDistributionProps{
		LegacyDomainName: jsii.String("legacy-api.example.com"),
		Api:              awsapigateway.RestApi_FromRestApiId(stack, jsii.String("Orders"), jsii.String("a1b2c3d4e5")),
		ApiStageName:     jsii.String("prod"),
		ApiOriginHeaders: &map[string]*string{"x-api-key": jsii.String("{{resolve:secretsmanager:orders-origin-key}}")},
	})
	edge.AddApiRoute("/orders/*", nil)

	template := assertions.Template_FromStack(stack, nil)
	fmt.Println(len(*template.FindResources(jsii.String("AWS::CloudFront::Distribution"), nil)), "distribution,",
		len(*template.FindResources(jsii.String("AWS::CloudFront::Function"), nil)), "CloudFront functions (query strings towards the API, X-Forwarded-Host towards the monolith)")
	// Output: 1 distribution, 2 CloudFront functions (query strings towards the API, X-Forwarded-Host towards the monolith)
}

// A mistake is refused at synth with the construct's path and the fix,
// every problem at once: here an API Gateway template given where
// CloudFront wants a path pattern, and a URL where a host name belongs.
func ExampleEdgeDistribution_AddApiRoute_mistake() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Edge"), nil)
	edge := sc.NewEdgeDistribution(stack, jsii.String("Edge"), &sc.EdgeDistributionProps{
		LegacyDomainName: jsii.String("https://legacy-api.example.com/"),
		Api:              awsapigateway.RestApi_FromRestApiId(stack, jsii.String("Orders"), jsii.String("a1b2c3d4e5")),
		ApiStageName:     jsii.String("prod"),
	})
	edge.AddApiRoute("/orders/{id}", nil)
	defer func() {
		for _, line := range strings.Split(fmt.Sprint(recover()), "\n") {
			if strings.Contains(line, "[Edge/Edge]") {
				fmt.Println(strings.TrimSpace(line))
			}
		}
	}()
	app.Synth(nil)
	// Output:
	// [Edge/Edge] Edge/Edge: LegacyDomainName "https://legacy-api.example.com/" must be a bare host name, without scheme, port or path
	// [Edge/Edge] Edge/Edge: path pattern "/orders/{id}" is an API Gateway template: CloudFront would match its braces literally; give its CloudFront pattern, with * for each parameter (/orders/*)
}
