package constructs_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/constructs"
)

func TestProxyApiRoutesShareOnePermissionPerFunction(t *testing.T) {
	stack := newTestStack(t, nil)
	api := constructs.NewProxyApi(stack, jsii.String("Api"), nil)
	user := constructs.NewApiFunction(stack, jsii.String("User"), &constructs.ApiFunctionProps{Entry: jsii.String(helloEntry)})
	api.AddRoute("/user/{id}", []string{"GET", "POST"}, user.Alias, nil)
	api.AddRoute("/user/{id}/orders", []string{"GET"}, user.Alias, nil)
	tpl := templateOf(t, stack)

	// One permission for three methods on two resources.
	tpl.count("AWS::Lambda::Permission", 1)
	apiID := logicalID(stack, api.Api)
	aliasID := logicalID(stack, user.Alias)
	_, permission := tpl.only("AWS::Lambda::Permission", map[string]any{
		"Action":       "lambda:InvokeFunction",
		"Principal":    "apigateway.amazonaws.com",
		"FunctionName": ref(aliasID), // the live alias, not the function
	})
	// Scoped to this API's stage (by name), any method and path: .../<api>/prod/*/*
	want := map[string]any{"Fn::Join": []any{"", []any{
		"arn:", ref("AWS::Partition"), ":execute-api:", ref("AWS::Region"), ":", ref("AWS::AccountId"), ":",
		ref(apiID), "/prod/*/*",
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

	// Lambda proxy integrations invoking the alias, each requiring CloudFront's key.
	tpl.count("AWS::ApiGateway::Method", 3)
	methods := tpl.find("AWS::ApiGateway::Method", nil)
	seen := map[string]bool{}
	for id, m := range methods {
		p := properties(m)
		seen[jsonString(p["ResourceId"])+" "+p["HttpMethod"].(string)] = true
		integration, _ := p["Integration"].(map[string]any)
		if p["ApiKeyRequired"] != true {
			t.Errorf("method %s ApiKeyRequired = %v, want true: without it the API answers callers that go around CloudFront", id, p["ApiKeyRequired"])
		}
		if integration["Type"] != "AWS_PROXY" || integration["IntegrationHttpMethod"] != "POST" {
			t.Errorf("method %s integration %s, want Type AWS_PROXY and IntegrationHttpMethod POST", id, jsonString(integration))
		}
		uri := jsonString(integration["Uri"])
		if !strings.Contains(uri, jsonString(ref(aliasID))) || !strings.Contains(uri, ":lambda:path/2015-03-31/functions/") || !strings.Contains(uri, "/invocations") {
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
	api.AddRoute("/user/{id}", []string{"GET"}, user.Alias, nil)
	api.AddRoute("/files/{proxy+}", []string{"ANY"}, files.Alias, nil)
	api.AddRoute("/files", []string{"GET"}, files.Alias, nil)
	api.AddRoute("/", []string{"GET"}, user.Alias, nil)
	tpl := templateOf(t, stack)

	tpl.count("AWS::Lambda::Permission", 2)
	for _, fn := range []*constructs.ApiFunction{user, files} {
		tpl.has("AWS::Lambda::Permission", map[string]any{
			"FunctionName": ref(logicalID(stack, fn.Alias)),
			"Principal":    "apigateway.amazonaws.com",
			"SourceArn":    assertions.Match_AnyValue(),
		})
	}

	// A greedy path variable, under its parent.
	filesResource, _ := tpl.only("AWS::ApiGateway::Resource", map[string]any{"PathPart": "files"})
	proxyResource, _ := tpl.only("AWS::ApiGateway::Resource", map[string]any{"PathPart": "{proxy+}", "ParentId": ref(filesResource)})
	_, proxyMethod := tpl.only("AWS::ApiGateway::Method", map[string]any{"HttpMethod": "ANY", "ResourceId": ref(proxyResource)})
	if uri := jsonString(properties(proxyMethod)["Integration"].(map[string]any)["Uri"]); !strings.Contains(uri, logicalID(stack, files.Alias)) {
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

func TestProxyApiOriginKey(t *testing.T) {
	stack := newTestStack(t, nil)
	api := constructs.NewProxyApi(stack, jsii.String("Api"), nil)
	fn := constructs.NewApiFunction(stack, jsii.String("Fn"), &constructs.ApiFunctionProps{Entry: jsii.String(helloEntry)})
	api.AddRoute("/a", []string{"GET"}, fn.Alias, nil)
	tpl := templateOf(t, stack)

	secretID := logicalID(stack, api.OriginKey)
	tpl.has("AWS::SecretsManager::Secret", map[string]any{
		"GenerateSecretString": map[string]any{"PasswordLength": 40, "ExcludePunctuation": true},
	})
	// The key's value and CloudFront's header are the same dynamic
	// reference: CloudFormation reads the secret at deploy time, the
	// template never holds it.
	reference := map[string]any{"Fn::Join": []any{"", []any{"{{resolve:secretsmanager:", ref(secretID), ":SecretString:::}}"}}}
	tpl.has("AWS::ApiGateway::ApiKey", map[string]any{"Value": reference, "Enabled": true})
	if got := jsonString(stack.Resolve(api.OriginHeaders["x-api-key"])); got != jsonString(reference) {
		t.Errorf("OriginHeaders[x-api-key] = %s, want %s", got, jsonString(reference))
	}
	tpl.has("AWS::ApiGateway::UsagePlan", map[string]any{"ApiStages": []any{map[string]any{
		"ApiId": ref(logicalID(stack, api.Api)), "Stage": ref(logicalID(stack, api.Api.DeploymentStage())),
	}}})
	tpl.count("AWS::ApiGateway::UsagePlanKey", 1)
	tpl.has("AWS::ApiGateway::Method", map[string]any{"HttpMethod": "GET", "ApiKeyRequired": true})

	// Opting out removes the key and the requirement.
	open := newTestStack(t, nil)
	openApi := constructs.NewProxyApi(open, jsii.String("Api"), &constructs.ProxyApiProps{RequireOriginKey: jsii.Bool(false)})
	openFn := constructs.NewApiFunction(open, jsii.String("Fn"), &constructs.ApiFunctionProps{Entry: jsii.String(helloEntry)})
	openApi.AddRoute("/a", []string{"GET"}, openFn.Alias, nil)
	openTpl := templateOf(t, open)
	openTpl.count("AWS::ApiGateway::ApiKey", 0)
	openTpl.count("AWS::SecretsManager::Secret", 0)
	openTpl.has("AWS::ApiGateway::Method", map[string]any{"HttpMethod": "GET", "ApiKeyRequired": false})
	if openApi.OriginKey != nil || len(openApi.OriginHeaders) != 0 {
		t.Errorf("RequireOriginKey false: OriginKey %v, OriginHeaders %v; want none", openApi.OriginKey, openApi.OriginHeaders)
	}
}

// Methods placed in a nested stack: the API, its resources and its
// deployment stay in the parent, the deployment waits for the nested stack,
// and the nested stack gets the API and resource IDs as parameters.
func TestProxyApiMethodsInNestedStack(t *testing.T) {
	stack := newTestStack(t, nil)
	api := constructs.NewProxyApi(stack, jsii.String("Api"), nil)
	nested := awscdk.NewNestedStack(stack, jsii.String("Routes"), nil)
	fn := constructs.NewApiFunction(nested, jsii.String("Fn"), &constructs.ApiFunctionProps{Entry: jsii.String(helloEntry)})
	api.AddRoute("/user/{id}", []string{"GET", "HEAD"}, fn.Alias, &constructs.RouteOptions{Scope: fn.Construct})

	parent := templateOf(t, stack)
	parent.count("AWS::ApiGateway::Method", 0)
	parent.count("AWS::ApiGateway::Resource", 2)
	parent.count("AWS::Lambda::Function", 0)
	nestedID := *stack.GetLogicalId(nested.NestedStackResource())
	deploymentID, deployment := parent.only("AWS::ApiGateway::Deployment", nil)
	if deps := jsonString(deployment["DependsOn"]); !strings.Contains(deps, nestedID) {
		t.Errorf("deployment %s DependsOn %s, want the nested stack %s: a deployment made before the methods exist serves none", deploymentID, deps, nestedID)
	}

	child := templateOf(t, nested)
	child.count("AWS::ApiGateway::Method", 2)
	child.count("AWS::Lambda::Permission", 1)
	for _, m := range child.find("AWS::ApiGateway::Method", nil) {
		p := properties(m)
		if !strings.Contains(jsonString(p["RestApiId"]), "Ref") || !strings.Contains(jsonString(p["ResourceId"]), "Ref") {
			t.Errorf("nested method RestApiId %s ResourceId %s, want parameters from the parent", jsonString(p["RestApiId"]), jsonString(p["ResourceId"]))
		}
	}

	// A change of route in the nested stack changes the parent's deployment.
	other := newTestStack(t, nil)
	otherApi := constructs.NewProxyApi(other, jsii.String("Api"), nil)
	otherNested := awscdk.NewNestedStack(other, jsii.String("Routes"), nil)
	otherFn := constructs.NewApiFunction(otherNested, jsii.String("Fn"), &constructs.ApiFunctionProps{Entry: jsii.String(helloEntry)})
	otherApi.AddRoute("/user/{id}", []string{"GET", "HEAD", "DELETE"}, otherFn.Alias, &constructs.RouteOptions{Scope: otherFn.Construct})
	otherDeploymentID, _ := templateOf(t, other).only("AWS::ApiGateway::Deployment", nil)
	if otherDeploymentID == deploymentID {
		t.Errorf("deployment logical ID %s unchanged after adding DELETE in the nested stack: the stage would keep serving the old routes", deploymentID)
	}
}

// The API waives what cdk-nag asks that this design answers otherwise:
// request validation (handlers validate), the account logging role's
// managed policy (only when it makes the role), WAF and authorizers on
// the API (only while the origin key keeps everyone but CloudFront out),
// Cognito (callers are the monolith's users), on every method wherever
// it lives.
func TestProxyApiNagWaivers(t *testing.T) {
	for _, c := range []struct {
		name                     string
		props                    *constructs.ProxyApiProps
		api, role, stage, method []string
	}{
		{"defaults", nil,
			[]string{"AwsSolutions-APIG2"},
			[]string{"AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]"},
			[]string{"AwsSolutions-APIG3"},
			[]string{"AwsSolutions-APIG4", "AwsSolutions-COG4"}},
		{"no origin key, no account role", &constructs.ProxyApiProps{RequireOriginKey: jsii.Bool(false), CloudWatchRole: jsii.Bool(false)},
			[]string{"AwsSolutions-APIG2"}, nil, nil,
			[]string{"AwsSolutions-COG4"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			stack := newTestStack(t, nil)
			api := constructs.NewProxyApi(stack, jsii.String("Api"), c.props)
			nested := awscdk.NewNestedStack(stack, jsii.String("Routes"), nil)
			fn := constructs.NewApiFunction(nested, jsii.String("Fn"), &constructs.ApiFunctionProps{Code: inlineCode()})
			api.AddRoute("/a", []string{"GET"}, fn.Alias, nil)
			api.AddRoute("/b", []string{"GET", "POST"}, fn.Alias, &constructs.RouteOptions{Scope: fn.Construct})
			parent, child := templateOf(t, stack), templateOf(t, nested)

			check := func(what string, resource map[string]any, want []string) {
				t.Helper()
				if got := nagRules(resource); !slices.Equal(got, want) {
					t.Errorf("%s waives %v, want %v", what, got, want)
				}
			}
			_, restApi := parent.only("AWS::ApiGateway::RestApi", nil)
			check("REST API", restApi, c.api)
			roles := parent.find("AWS::IAM::Role", nil)
			if len(roles) != len(c.role) {
				t.Errorf("%d account logging roles, want %d", len(roles), len(c.role))
			}
			for _, r := range roles {
				check("account logging role", r, c.role)
			}
			_, stage := parent.only("AWS::ApiGateway::Stage", nil)
			check("stage", stage, c.stage)
			for _, tpl := range []*testTemplate{parent, child} {
				for id, m := range tpl.find("AWS::ApiGateway::Method", nil) {
					check("method "+id, m, c.method)
				}
			}
			for _, typ := range []string{"AWS::ApiGateway::Deployment", "AWS::ApiGateway::Resource", "AWS::ApiGateway::Account"} {
				for id, r := range parent.find(typ, nil) {
					check(id, r, nil)
				}
			}
		})
	}
}

// Raising the generation replaces the secret and the key (new logical
// IDs); the first generation keeps the IDs it always had.
func TestProxyApiOriginKeyRotation(t *testing.T) {
	ids := func(generation float64) (secret, key string) {
		stack := newTestStack(t, nil)
		api := constructs.NewProxyApi(stack, jsii.String("Api"), &constructs.ProxyApiProps{OriginKeyGeneration: jsii.Number(generation)})
		fn := constructs.NewApiFunction(stack, jsii.String("Fn"), &constructs.ApiFunctionProps{Entry: jsii.String(helloEntry)})
		api.AddRoute("/a", []string{"GET"}, fn.Alias, nil)
		tpl := templateOf(t, stack)
		secret, _ = tpl.only("AWS::SecretsManager::Secret", nil)
		key, _ = tpl.only("AWS::ApiGateway::ApiKey", nil)
		return secret, key
	}
	s1, k1 := ids(1)
	s2, k2 := ids(2)
	if !strings.HasPrefix(s1, "ApiOriginKey") || !strings.HasPrefix(k1, "ApiCloudFrontKey") || strings.HasPrefix(s1, "ApiOriginKey2") {
		t.Errorf("generation 1: %s and %s, want the original IDs", s1, k1)
	}
	if s2 == s1 || k2 == k1 {
		t.Errorf("generation 2 kept %s / %s: the key would not change", s2, k2)
	}
}
