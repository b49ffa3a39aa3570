package constructs_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/constructs"
)

func TestProxyApiRoutesShareOnePermissionPerFunction(t *testing.T) {
	stack := newTestStack(t, nil)
	api := constructs.NewProxyApi(stack, jsii.String("Api"), nil)
	user := constructs.NewApiFunction(stack, jsii.String("User"), &constructs.ApiFunctionProps{Entry: jsii.String(helloEntry)})
	api.AddRoute("/user/{id}", []string{"GET", "POST"}, user.Function)
	api.AddRoute("/user/{id}/orders", []string{"GET"}, user.Function)
	tpl := templateOf(t, stack)

	// One permission for three methods on two resources.
	tpl.count("AWS::Lambda::Permission", 1)
	apiID := logicalID(stack, api.Api)
	stageID := logicalID(stack, api.Api.DeploymentStage())
	userID := logicalID(stack, user.Function)
	_, permission := tpl.only("AWS::Lambda::Permission", map[string]any{
		"Action":       "lambda:InvokeFunction",
		"Principal":    "apigateway.amazonaws.com",
		"FunctionName": getAtt(userID, "Arn"),
	})
	// Scoped to this API's stage, any method and path: .../<api>/<stage>/*/*
	want := map[string]any{"Fn::Join": []any{"", []any{
		"arn:", ref("AWS::Partition"), ":execute-api:", ref("AWS::Region"), ":", ref("AWS::AccountId"), ":",
		ref(apiID), "/", ref(stageID), "/*/*",
	}}}
	if got := properties(permission)["SourceArn"]; jsonString(got) != jsonString(want) {
		t.Errorf("permission SourceArn = %s\nwant %s", jsonString(got), jsonString(want))
	}

	// Each path part once: /user, /user/{id}, /user/{id}/orders.
	tpl.count("AWS::ApiGateway::Resource", 3)
	for _, part := range []string{"user", "{id}", "orders"} {
		if n := len(tpl.find("AWS::ApiGateway::Resource", map[string]any{"PathPart": part})); n != 1 {
			t.Errorf("%d resources with PathPart %q, want 1", n, part)
		}
	}
	idResource, _ := tpl.only("AWS::ApiGateway::Resource", map[string]any{"PathPart": "{id}"})
	ordersResource, _ := tpl.only("AWS::ApiGateway::Resource", map[string]any{"PathPart": "orders"})
	tpl.has("AWS::ApiGateway::Resource", map[string]any{"PathPart": "orders", "ParentId": ref(idResource)})

	// Lambda proxy integrations invoking the function.
	tpl.count("AWS::ApiGateway::Method", 3)
	methods := tpl.find("AWS::ApiGateway::Method", nil)
	seen := map[string]bool{}
	for id, m := range methods {
		p := properties(m)
		seen[jsonString(p["ResourceId"])+" "+p["HttpMethod"].(string)] = true
		integration, _ := p["Integration"].(map[string]any)
		if integration["Type"] != "AWS_PROXY" || integration["IntegrationHttpMethod"] != "POST" {
			t.Errorf("method %s integration %s, want Type AWS_PROXY and IntegrationHttpMethod POST", id, jsonString(integration))
		}
		uri := jsonString(integration["Uri"])
		if !strings.Contains(uri, jsonString(getAtt(userID, "Arn"))) || !strings.Contains(uri, ":lambda:path/2015-03-31/functions/") || !strings.Contains(uri, "/invocations") {
			t.Errorf("method %s integration Uri = %s, want the function's invocations URI", id, uri)
		}
	}
	for _, want := range []string{
		jsonString(ref(idResource)) + " GET",
		jsonString(ref(idResource)) + " POST",
		jsonString(ref(ordersResource)) + " GET",
	} {
		if !seen[want] {
			t.Errorf("no method %s; methods: %v", want, sortedKeys(seen))
		}
	}
}

func TestProxyApiPermissionPerFunction(t *testing.T) {
	stack := newTestStack(t, nil)
	api := constructs.NewProxyApi(stack, jsii.String("Api"), nil)
	user := constructs.NewApiFunction(stack, jsii.String("User"), &constructs.ApiFunctionProps{Entry: jsii.String(helloEntry)})
	files := constructs.NewApiFunction(stack, jsii.String("Files"), &constructs.ApiFunctionProps{Entry: jsii.String(helloEntry)})
	api.AddRoute("/user/{id}", []string{"GET"}, user.Function)
	api.AddRoute("/files/{proxy+}", []string{"ANY"}, files.Function)
	api.AddRoute("/files", []string{"GET"}, files.Function)
	api.AddRoute("/", []string{"GET"}, user.Function)
	tpl := templateOf(t, stack)

	tpl.count("AWS::Lambda::Permission", 2)
	for _, fn := range []*constructs.ApiFunction{user, files} {
		tpl.has("AWS::Lambda::Permission", map[string]any{
			"FunctionName": getAtt(logicalID(stack, fn.Function), "Arn"),
			"Principal":    "apigateway.amazonaws.com",
			"SourceArn":    assertions.Match_AnyValue(),
		})
	}

	// A greedy path variable, under its parent.
	filesResource, _ := tpl.only("AWS::ApiGateway::Resource", map[string]any{"PathPart": "files"})
	proxyResource, _ := tpl.only("AWS::ApiGateway::Resource", map[string]any{"PathPart": "{proxy+}", "ParentId": ref(filesResource)})
	_, proxyMethod := tpl.only("AWS::ApiGateway::Method", map[string]any{"HttpMethod": "ANY", "ResourceId": ref(proxyResource)})
	if uri := jsonString(properties(proxyMethod)["Integration"].(map[string]any)["Uri"]); !strings.Contains(uri, logicalID(stack, files.Function)) {
		t.Errorf("{proxy+} ANY integrates %s, want the files function", uri)
	}
	// "/" is the root resource itself.
	tpl.has("AWS::ApiGateway::Method", map[string]any{
		"HttpMethod": "GET",
		"ResourceId": getAtt(logicalID(stack, api.Api), "RootResourceId"),
		"Integration": assertions.Match_ObjectLike(&map[string]any{
			"Type": "AWS_PROXY",
			"Uri":  assertions.Match_AnyValue(),
		}),
	})
	tpl.count("AWS::ApiGateway::Method", 4)
}
