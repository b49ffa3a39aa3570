package stacks_test

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/manifest"
	"github.com/strangler-fig/strangler/stacks"
)

// tmpl is a synthesized template as plain JSON, for checks that walk it.
type tmpl struct {
	assertions.Template
	json map[string]any
}

// synth synthesizes the stack and returns one template holding the
// resources of the stack and of all its nested stacks (logical IDs do not
// collide: they come from function names), so checks can span both.
// root is the stack's own template.
func synth(t *testing.T, m *manifest.Manifest) tmpl {
	t.Helper()
	all, _ := synthSplit(t, m)
	return all
}

func synthSplit(t *testing.T, m *manifest.Manifest) (all, root tmpl) {
	t.Helper()
	app := validatedApp(t)
	s := stacks.NewMigrationStack(app, "ApiMigration", &stacks.MigrationStackProps{Manifest: m})
	root = toTmpl(t, assertions.Template_FromStack(s.Stack, nil))
	return synthOf(t, s, root), root
}

// synthOf is the template of s (whose own template is root) with its
// nested stacks' resources merged in (see synth).
func synthOf(t *testing.T, s *stacks.MigrationStack, root tmpl) tmpl {
	t.Helper()
	merged := map[string]any{}
	for k, v := range root.json {
		merged[k] = v
	}
	resources := map[string]any{}
	for id, r := range root.json["Resources"].(map[string]any) {
		resources[id] = r
	}
	rootResources := root.json["Resources"].(map[string]any)
	for _, name := range slices.Sorted(maps.Keys(s.RouteStacks)) {
		ns := s.RouteStacks[name]
		nested := toTmpl(t, assertions.Template_FromStack(ns, nil))
		// A nested stack's parameters are the parent's values: put them back,
		// so a reference reads as if it were all one stack.
		nestedResource := rootResources[*s.Stack.GetLogicalId(ns.NestedStackResource())].(map[string]any)
		params, _ := props(nestedResource)["Parameters"].(map[string]any)
		for id, r := range inline(nested.json["Resources"], params).(map[string]any) {
			if _, dup := resources[id]; dup {
				t.Fatalf("logical ID %s in nested stack %s is also elsewhere", id, name)
			}
			resources[id] = r
		}
	}
	merged["Resources"] = resources
	return toTmpl(t, assertions.Template_FromJSON(&merged, nil))
}

// inline replaces {"Ref": parameter} in v by the parameter's value.
func inline(v any, params map[string]any) any {
	switch v := v.(type) {
	case map[string]any:
		if name, ok := v["Ref"].(string); ok && len(v) == 1 {
			if value, ok := params[name]; ok {
				return value
			}
		}
		out := map[string]any{}
		for k, e := range v {
			out[k] = inline(e, params)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = inline(e, params)
		}
		return out
	}
	return v
}

func toTmpl(t *testing.T, tp assertions.Template) tmpl {
	t.Helper()
	raw, err := json.Marshal(tp.ToJSON())
	if err != nil {
		t.Fatal(err)
	}
	var j map[string]any
	if err := json.Unmarshal(raw, &j); err != nil {
		t.Fatal(err)
	}
	return tmpl{tp, j}
}

var (
	defaultOnce sync.Once
	defaultT    tmpl
)

// defaultTemplate is the stack of the repository's routes.yaml, synthesized once.
func defaultTemplate(t *testing.T) tmpl {
	t.Helper()
	defaultOnce.Do(func() {
		m, err := manifest.Load("../routes.yaml")
		if err != nil {
			t.Fatal(err)
		}
		defaultT = synth(t, m)
	})
	if defaultT.json == nil {
		t.Fatal("default template did not synthesize")
	}
	return defaultT
}

// fixture loads a manifest written in the test, whose functions live in
// stacks/testdata/lambdas (cheap stand-in mains).
func fixture(t *testing.T, yaml string) *manifest.Manifest {
	t.Helper()
	lambdas, err := filepath.Abs("testdata/lambdas")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "routes.yaml")
	body := "lambdasDir: " + lambdas + "\n" + yaml
	if !strings.HasPrefix(yaml, "auth:") && !strings.Contains(yaml, "\nauth:") {
		// Every manifest decides how callers are authenticated.
		body = "auth: {default: delegate, delegate: {url: /session}}\n" + body
	}
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := manifest.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func (t tmpl) resources(typ string) map[string]map[string]any {
	out := map[string]map[string]any{}
	for id, r := range t.json["Resources"].(map[string]any) {
		if r.(map[string]any)["Type"] == typ {
			out[id] = r.(map[string]any)
		}
	}
	return out
}

func props(r map[string]any) map[string]any {
	p, _ := r["Properties"].(map[string]any)
	return p
}

// functionNamed finds the Lambda whose FunctionName is name.
func (t tmpl) functionNamed(tt *testing.T, name string) (string, map[string]any) {
	tt.Helper()
	for id, r := range t.resources("AWS::Lambda::Function") {
		if props(r)["FunctionName"] == name {
			return id, props(r)
		}
	}
	tt.Fatalf("no function named %s", name)
	return "", nil
}

func ref(id string) map[string]any { return map[string]any{"Ref": id} }

func TestVPCHasLargePrivateSubnetsInTwoAZsAndOneSharedSecurityGroup(t *testing.T) {
	tp := defaultTemplate(t)
	tp.ResourceCountIs(jsii.String("AWS::EC2::VPC"), jsii.Number(1))
	var private []string
	for _, r := range tp.resources("AWS::EC2::Subnet") {
		p := props(r)
		if p["MapPublicIpOnLaunch"] == false {
			private = append(private, p["CidrBlock"].(string))
		}
	}
	sort.Strings(private)
	if want := []string{"10.0.0.0/19", "10.0.32.0/19"}; !slices.Equal(private, want) {
		t.Errorf("private subnets %v, want %v", private, want)
	}
	tp.ResourceCountIs(jsii.String("AWS::EC2::NatGateway"), jsii.Number(2))
	sgs := tp.resources("AWS::EC2::SecurityGroup")
	for id := range sgs {
		if strings.HasPrefix(id, "NetworkSecretsManager") {
			delete(sgs, id) // the Secrets Manager endpoint's own group (functions read secrets)
		}
	}
	if len(sgs) != 1 {
		t.Fatalf("%d security groups, want 1 shared by every function", len(sgs))
	}
	var sg string
	for id := range sgs {
		sg = id
	}
	for id, r := range tp.resources("AWS::Lambda::Function") {
		if strings.HasPrefix(id, "QuotaWatch") || strings.HasPrefix(id, "CutoverFallback") || strings.HasPrefix(id, "Auth") || strings.HasPrefix(id, "OriginKeyRotator") {
			continue // call AWS APIs, the JWKS or the monolith's public name only: outside the VPC
		}
		if strings.HasPrefix(id, "CustomVpcRestrictDefaultSG") {
			continue // aws-cdk-lib's deploy-time custom resource emptying the default group: calls EC2 only
		}
		groups := props(r)["VpcConfig"].(map[string]any)["SecurityGroupIds"].([]any)
		if len(groups) != 1 || groups[0].(map[string]any)["Fn::GetAtt"].([]any)[0] != sg {
			t.Errorf("%s security groups %v, want only %s", id, groups, sg)
		}
	}
}

func TestFunctionsFollowTheManifest(t *testing.T) {
	tp := defaultTemplate(t)
	tp.ResourceCountIs(jsii.String("AWS::Lambda::Function"), jsii.Number(7)) // 2 APIs, the quota watch, the cut-over fallback, the delegate authorizer, the origin key rotation, the default-group custom resource
	for _, c := range []struct {
		name     string
		reserved any
	}{{"api-user-id", 100.0}, {"api-products", 50.0}} {
		_, p := tp.functionNamed(t, c.name)
		checks := map[string]any{
			"Runtime":                      "provided.al2023",
			"Handler":                      "bootstrap",
			"Timeout":                      29.0,
			"MemorySize":                   256.0,
			"ReservedConcurrentExecutions": c.reserved,
		}
		for k, want := range checks {
			if got := p[k]; got != want {
				t.Errorf("%s %s = %v, want %v", c.name, k, got, want)
			}
		}
		if arch := p["Architectures"].([]any); len(arch) != 1 || arch[0] != "arm64" {
			t.Errorf("%s architectures %v", c.name, arch)
		}
		logging := p["LoggingConfig"].(map[string]any)
		if logging["LogFormat"] != "JSON" {
			t.Errorf("%s log format %v", c.name, logging["LogFormat"])
		}
		group := logging["LogGroup"].(map[string]any)["Ref"].(string)
		lg := props(tp.json["Resources"].(map[string]any)[group].(map[string]any))
		if lg["RetentionInDays"] != 30.0 || lg["LogGroupName"] != "/aws/lambda/"+c.name {
			t.Errorf("%s log group %v", c.name, lg)
		}
	}
	_, p := tp.functionNamed(t, "api-user-id")
	env := p["Environment"].(map[string]any)["Variables"].(map[string]any)
	want := map[string]any{"DB_NAME": "users", "DB_SECRET_ARN": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:users-db", "DB_TLS": "skip-verify"}
	if len(env) != len(want) || env["DB_NAME"] != want["DB_NAME"] || env["DB_SECRET_ARN"] != want["DB_SECRET_ARN"] || env["DB_TLS"] != want["DB_TLS"] {
		t.Errorf("api-user-id environment %v, want %v", env, want)
	}
}

func TestOnlyTheFunctionWithASecretMayReadIt(t *testing.T) {
	tp := defaultTemplate(t)
	_, user := tp.functionNamed(t, "api-user-id")
	_, products := tp.functionNamed(t, "api-products")
	userRole := user["Role"].(map[string]any)["Fn::GetAtt"].([]any)[0]
	productsRole := products["Role"].(map[string]any)["Fn::GetAtt"].([]any)[0]
	if !strings.HasPrefix(productsRole.(string), "SharedFunctionRole") {
		t.Errorf("api-products runs as %v, want the shared role", productsRole)
	}
	if userRole == productsRole {
		t.Fatal("api-user-id reads a secret but shares its role")
	}
	arn := "arn:aws:secretsmanager:eu-west-1:123456789012:secret:users-db"
	tp.HasResourceProperties(jsii.String("AWS::IAM::Policy"), map[string]any{
		"Roles": []any{ref(userRole.(string))},
		"PolicyDocument": map[string]any{"Statement": []any{map[string]any{
			"Action": "secretsmanager:GetSecretValue", "Effect": "Allow", "Resource": []any{arn, arn + "-??????"},
		}}},
	})
	for _, r := range tp.resources("AWS::IAM::Policy") {
		if strings.Contains(mustJSON(r), "secretsmanager") && strings.Contains(mustJSON(props(r)["Roles"]), productsRole.(string)) {
			t.Error("the shared role may read a secret")
		}
	}
}

func TestAPIGatewayRoutesThrottlingAndLogs(t *testing.T) {
	tp := defaultTemplate(t)
	tp.HasResourceProperties(jsii.String("AWS::ApiGateway::RestApi"), map[string]any{
		"EndpointConfiguration": map[string]any{"Types": []any{"REGIONAL"}},
	})
	var paths []string
	for _, r := range tp.resources("AWS::ApiGateway::Resource") {
		paths = append(paths, props(r)["PathPart"].(string))
	}
	sort.Strings(paths)
	// /user/{id}, /products, /products/{id}: /user/{id}/orders has no function.
	if want := []string{"products", "user", "{id}", "{id}"}; !slices.Equal(paths, want) {
		t.Errorf("resources %v, want %v", paths, want)
	}
	methods := tp.resources("AWS::ApiGateway::Method")
	var verbs []string
	for _, r := range methods {
		p := props(r)
		verbs = append(verbs, p["HttpMethod"].(string))
		in := p["Integration"].(map[string]any)
		if in["Type"] != "AWS_PROXY" || in["IntegrationHttpMethod"] != "POST" || in["TimeoutInMillis"] != 29000.0 {
			t.Errorf("integration %v", in)
		}
	}
	sort.Strings(verbs)
	// HEAD comes with every GET: CloudFront lets it through with GET.
	if want := []string{"GET", "GET", "GET", "HEAD", "HEAD", "HEAD"}; !slices.Equal(verbs, want) {
		t.Errorf("methods %v, want %v", verbs, want)
	}
	// One permission per function, however many routes and methods, for
	// API Gateway to invoke the live alias; EventBridge's for the quota
	// watch and the origin key rotation, and for the fallback one per rule
	// (2 functions, the API's 5XX, the users database); API Gateway's for
	// the authorizer.
	tp.ResourceCountIs(jsii.String("AWS::Lambda::Permission"), jsii.Number(9))
	apiPermissions := 0
	for id, r := range tp.resources("AWS::Lambda::Permission") {
		if p := props(r); p["Principal"] == "apigateway.amazonaws.com" && !strings.HasPrefix(id, "AuthDelegate") {
			apiPermissions++
			if ref, _ := p["FunctionName"].(map[string]any)["Ref"].(string); !strings.Contains(ref, "Alias") {
				t.Errorf("API Gateway may invoke %v, want a live alias", p["FunctionName"])
			}
		}
	}
	if apiPermissions != 2 {
		t.Errorf("%d API Gateway permissions, want 2", apiPermissions)
	}
	tp.HasResourceProperties(jsii.String("AWS::ApiGateway::Stage"), map[string]any{
		"StageName": "prod",
		"MethodSettings": []any{map[string]any{
			"HttpMethod": "*", "ResourcePath": "/*", "LoggingLevel": "ERROR", "DataTraceEnabled": false,
			"ThrottlingRateLimit": 2000.0, "ThrottlingBurstLimit": 4000.0, "MetricsEnabled": false,
		}},
		"AccessLogSetting": map[string]any{
			"DestinationArn": assertions.Match_AnyValue(),
			"Format":         assertions.Match_StringLikeRegexp(jsii.String(`"integrationStatus":"\$context\.integration\.status"`)),
		},
	})
	tp.ResourceCountIs(jsii.String("AWS::ApiGateway::Account"), jsii.Number(1))
}

func TestCloudFrontBehaviours(t *testing.T) {
	tp := defaultTemplate(t)
	const (
		cachingDisabled      = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
		allViewerExceptHost  = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
		legacyOriginIDSuffix = "Origin1"
	)
	var dist map[string]any
	for _, r := range tp.resources("AWS::CloudFront::Distribution") {
		dist = props(r)["DistributionConfig"].(map[string]any)
	}
	origins := map[string]map[string]any{}
	for _, o := range dist["Origins"].([]any) {
		origins[o.(map[string]any)["Id"].(string)] = o.(map[string]any)
	}
	def := dist["DefaultCacheBehavior"].(map[string]any)
	legacy := origins[def["TargetOriginId"].(string)]
	if legacy["DomainName"] != "legacy-api.example.com" || legacy["CustomOriginConfig"].(map[string]any)["OriginProtocolPolicy"] != "https-only" {
		t.Errorf("default origin %v", legacy)
	}
	checkForwardedHostOnly(t, "the default behaviour", def, dist)
	if def["OriginRequestPolicyId"] != allViewerExceptHost || def["CachePolicyId"] != cachingDisabled {
		t.Errorf("default behaviour policies %v", def)
	}
	if def["TargetOriginId"] != "legacy" {
		t.Errorf("the monolith's origin ID is %v; the cut-over function selects it as legacy", def["TargetOriginId"])
	}
	// Read-only behaviours reach API Gateway through an origin group that
	// fails over to the monolith on 500/502/503/504.
	groups := map[string]string{} // group ID -> primary origin ID
	if og, ok := dist["OriginGroups"].(map[string]any); ok {
		for _, g := range og["Items"].([]any) {
			g := g.(map[string]any)
			members := g["Members"].(map[string]any)["Items"].([]any)
			codes := g["FailoverCriteria"].(map[string]any)["StatusCodes"].(map[string]any)["Items"]
			if len(members) != 2 || members[1].(map[string]any)["OriginId"] != "legacy" || mustJSON(codes) != "[500,502,503,504]" {
				t.Errorf("origin group %v", g)
			}
			groups[g["Id"].(string)] = members[0].(map[string]any)["OriginId"].(string)
		}
	}
	if len(groups) != 1 {
		t.Errorf("%d origin groups, want one shared by the read-only behaviours", len(groups))
	}
	type behaviour struct{ pattern, origin string }
	var got []behaviour
	for _, b := range dist["CacheBehaviors"].([]any) {
		b := b.(map[string]any)
		origin := "legacy"
		if b["TargetOriginId"] != def["TargetOriginId"] {
			origin = "api"
			id := b["TargetOriginId"].(string)
			if primary, ok := groups[id]; ok {
				origin, id = "api, failing over", primary
			}
			o := origins[id]
			// The origin path is the stage, read from the stage resource.
			if !strings.Contains(mustJSON(o["OriginPath"]), `"Ref":"ApiDeploymentStageprod`) || o["CustomOriginConfig"].(map[string]any)["OriginReadTimeout"] != 30.0 {
				t.Errorf("API origin %v", o)
			}
			// Uncached: AWS's AllViewerExceptHostHeader; cached: the stack's
			// policy forwarding every header but Host and the key's query strings.
			if ref, ok := b["OriginRequestPolicyId"].(map[string]any); ok {
				c := props(tp.resources("AWS::CloudFront::OriginRequestPolicy")[ref["Ref"].(string)])["OriginRequestPolicyConfig"]
				if h := mustJSON(c.(map[string]any)["HeadersConfig"]); h != `{"HeaderBehavior":"allExcept","Headers":["Host"]}` {
					t.Errorf("%v forwards Host to API Gateway: headers %s", b["PathPattern"], h)
				}
			} else if b["OriginRequestPolicyId"] != allViewerExceptHost {
				t.Errorf("%v forwards Host to API Gateway: policy %v", b["PathPattern"], b["OriginRequestPolicyId"])
			}
			if fa := b["FunctionAssociations"].([]any); len(fa) != 1 || fa[0].(map[string]any)["EventType"] != "viewer-request" {
				t.Errorf("%v function associations %v", b["PathPattern"], fa)
			}
		} else {
			checkForwardedHostOnly(t, "legacy behaviour "+b["PathPattern"].(string), b, dist)
		}
		got = append(got, behaviour{b["PathPattern"].(string), origin})
	}
	// API Gateway precedence (literal before *, longer first); /products/* is
	// rolled back, so the default behaviour takes it.
	want := []behaviour{{"/products", "api, failing over"}, {"/user/*/orders", "legacy"}, {"/user/*", "api, failing over"}}
	if !slices.Equal(got, want) {
		t.Errorf("behaviours %v, want %v", got, want)
	}
	tp.HasResourceProperties(jsii.String("AWS::CloudFront::CachePolicy"), map[string]any{
		"CachePolicyConfig": map[string]any{
			"DefaultTTL": 30.0, "MinTTL": 0.0,
			"ParametersInCacheKeyAndForwardedToOrigin": map[string]any{
				"HeadersConfig":      map[string]any{"HeaderBehavior": "whitelist", "Headers": []any{"Authorization"}},
				"QueryStringsConfig": map[string]any{"QueryStringBehavior": "none"}, // routes.yaml: cacheQueryKeys: []
				"CookiesConfig":      map[string]any{"CookieBehavior": "none"},
			},
		},
	})
	tp.HasResourceProperties(jsii.String("AWS::CloudFront::CachePolicy"), map[string]any{
		"CachePolicyConfig": map[string]any{
			"DefaultTTL": 300.0,
			"ParametersInCacheKeyAndForwardedToOrigin": map[string]any{
				"HeadersConfig":      map[string]any{"HeaderBehavior": "none"},
				"QueryStringsConfig": map[string]any{"QueryStringBehavior": "whitelist", "QueryStrings": []any{"fields", "id"}},
			},
		},
	})
	if l := dist["Logging"].(map[string]any); l["Prefix"] != "cloudfront/" {
		t.Errorf("logging %v", l)
	}
	tp.HasResourceProperties(jsii.String("AWS::S3::Bucket"), map[string]any{
		"LifecycleConfiguration": map[string]any{"Rules": []any{map[string]any{"ExpirationInDays": 90.0, "Status": "Enabled"}}},
		"BucketEncryption":       assertions.Match_AnyValue(),
		"PublicAccessBlockConfiguration": map[string]any{
			"BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true,
		},
	})
}

func TestAlarmsAllNotifyTheTopic(t *testing.T) {
	tp := defaultTemplate(t)
	alarms := tp.resources("AWS::CloudWatch::Alarm")
	// 3 per function (2), account concurrency, API 5XX and latency,
	// CloudFront 5xx; the quota watch's 7 utilisations (2 subnets, the
	// users database) and its own errors; the origin key rotation's errors.
	if len(alarms) != 19 {
		t.Errorf("%d alarms, want 19", len(alarms))
	}
	var topic string
	for id := range tp.resources("AWS::SNS::Topic") {
		topic = id
	}
	byMetric := map[string][]map[string]any{}
	for id, r := range alarms {
		p := props(r)
		if a := p["AlarmActions"].([]any); len(a) != 1 || a[0].(map[string]any)["Ref"] != topic {
			t.Errorf("%s actions %v", id, a)
		}
		byMetric[p["MetricName"].(string)] = append(byMetric[p["MetricName"].(string)], p)
	}
	for metric, n := range map[string]int{"Throttles": 2, "Errors": 4, "Duration": 2, "ConcurrentExecutions": 1, "5XXError": 1, "IntegrationLatency": 1, "5xxErrorRate": 1, "Utilization": 7} {
		if len(byMetric[metric]) != n {
			t.Errorf("%d %s alarms, want %d", len(byMetric[metric]), metric, n)
		}
	}
	for _, p := range byMetric["Throttles"] {
		if p["Threshold"] != 0.0 || p["ComparisonOperator"] != "GreaterThanThreshold" {
			t.Errorf("throttle alarm %v", p)
		}
	}
	for _, p := range append(byMetric["Duration"], byMetric["IntegrationLatency"]...) {
		if p["ExtendedStatistic"] != "p99" || p["Threshold"] != 23200.0 {
			t.Errorf("%s alarm: %v %v, want p99 over 80%% of 29 s", p["MetricName"], p["ExtendedStatistic"], p["Threshold"])
		}
	}
	if p := byMetric["ConcurrentExecutions"][0]; p["Threshold"] != 800.0 || p["Statistic"] != "Maximum" {
		t.Errorf("concurrency alarm %v", p)
	}
	// CloudFront publishes metrics in us-east-1 only: the alarm exists only there.
	for id, r := range alarms {
		if props(r)["MetricName"] == "5xxErrorRate" {
			cond, _ := r["Condition"].(string)
			c := tp.json["Conditions"].(map[string]any)[cond]
			if mustJSON(c) != `{"Fn::Equals":[{"Ref":"AWS::Region"},"us-east-1"]}` {
				t.Errorf("%s condition %v = %v", id, cond, c)
			}
		}
	}
	tp.ResourceCountIs(jsii.String("AWS::CloudWatch::Dashboard"), jsii.Number(1))
}

func TestOutputs(t *testing.T) {
	tp := defaultTemplate(t)
	var keys []string
	for k := range tp.json["Outputs"].(map[string]any) {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if want := []string{"AlarmTopicArn", "CutoverStoreArn", "DashboardName", "DistributionId", "EdgeDomainName", "LogBucketName", "LogDatabase", "LogLocation", "LogTable", "LogWorkGroup"}; !slices.Equal(keys, want) {
		t.Errorf("outputs %v, want %v", keys, want)
	}
}

// Adding a route must leave every other route's resources as they were:
// `cdk diff` then shows additions, not renames (replacements).
func TestAddingARouteRenamesNothing(t *testing.T) {
	base := `
legacy: {domainName: legacy.example.com}
routes:
  - path: /orders/{id}
    function: api-orders
  - path: /search
    function: api-search
`
	more := `
legacy: {domainName: legacy.example.com}
routes:
  - path: /carts/{id}
    function: api-carts
  - path: /orders/{id}
    function: api-orders
  - path: /search
    function: api-search
`
	before := synth(t, fixture(t, base))
	after := synth(t, fixture(t, more))
	beforeRes := before.json["Resources"].(map[string]any)
	afterRes := after.json["Resources"].(map[string]any)
	var changed []string
	for id, r := range beforeRes {
		a, ok := afterRes[id]
		switch {
		case !ok:
			// The deployment is meant to change with the API.
			if !strings.HasPrefix(id, "ApiDeployment") {
				t.Errorf("%s disappeared", id)
			}
		case mustJSON(a) != mustJSON(r):
			changed = append(changed, id)
		}
	}
	sort.Strings(changed)
	t.Logf("changed: %v", changed)
	// What may change: the API stage (new deployment), the distribution (a
	// behaviour more), the dashboard (a row more), the cut-over function
	// (its table of routes, the new one in it), the fallback's rule on the
	// API's 5XX alarm (every route, the new one too), the shared role and
	// CodeDeploy's boundary (they name each function they may touch: an
	// in-place policy update).
	for _, id := range changed {
		if !strings.HasPrefix(id, "ApiDeploymentStage") && !strings.HasPrefix(id, "EdgeDistribution") && !strings.HasPrefix(id, "MonitoringDashboard") &&
			!strings.HasPrefix(id, "CutoverFunction") && !strings.HasPrefix(id, "CutoverFallbackApi5XX") &&
			!strings.HasPrefix(id, "SharedFunctionRole") && !strings.HasPrefix(id, "DeploymentRoleBoundary") {
			t.Errorf("%s changed when an unrelated route was added", id)
		}
	}
	for _, id := range []string{"ApiOrdersFunction", "ApiSearchFunction"} {
		if !hasPrefix(afterRes, id) {
			t.Errorf("no resource named %s*", id)
		}
	}
}

func TestExistingVPCIsUsedByIDs(t *testing.T) {
	tp := synth(t, fixture(t, `
legacy: {domainName: legacy.example.com}
network:
  existing:
    vpcId: vpc-0123456789abcdef0
    availabilityZones: [eu-west-1a, eu-west-1b]
    privateSubnetIds: [subnet-0aaaaaaaaaaaaaaaa, subnet-0bbbbbbbbbbbbbbbb]
    securityGroupId: sg-0cccccccccccccccc
routes:
  - path: /orders/{id}
    function: api-orders
`))
	tp.ResourceCountIs(jsii.String("AWS::EC2::VPC"), jsii.Number(0))
	tp.ResourceCountIs(jsii.String("AWS::EC2::SecurityGroup"), jsii.Number(0))
	tp.HasResourceProperties(jsii.String("AWS::Lambda::Function"), map[string]any{
		"VpcConfig": map[string]any{
			"SubnetIds":        []any{"subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"},
			"SecurityGroupIds": []any{"sg-0cccccccccccccccc"},
		},
	})
}

func TestRollbackIsOneLine(t *testing.T) {
	lambda := synth(t, fixture(t, `
legacy: {domainName: legacy.example.com}
routes:
  - path: /orders/{id}
    function: api-orders
    cors: {allowOrigins: [https://app.example.com]}
`))
	legacy := synth(t, fixture(t, `
legacy: {domainName: legacy.example.com}
routes:
  - path: /orders/{id}
    function: api-orders
    cors: {allowOrigins: [https://app.example.com]}
    target: legacy
`))
	// The function and its API route stay; only CloudFront stops sending
	// traffic: every other resource, nested ones included, is unchanged.
	for _, tp := range []tmpl{lambda, legacy} {
		tp.ResourceCountIs(jsii.String("AWS::Lambda::Function"), jsii.Number(6))   // api-orders, the quota watch, the cut-over fallback, the authorizer, the origin key rotation, the default-group custom resource
		tp.ResourceCountIs(jsii.String("AWS::ApiGateway::Method"), jsii.Number(2)) // GET and its HEAD
		// Its CORS and security headers policy, and the security-only one, stay too.
		tp.ResourceCountIs(jsii.String("AWS::CloudFront::ResponseHeadersPolicy"), jsii.Number(2))
	}
	before, after := lambda.json["Resources"].(map[string]any), legacy.json["Resources"].(map[string]any)
	if len(before) != len(after) {
		t.Errorf("%d resources with target lambda, %d with target legacy", len(before), len(after))
	}
	for id, r := range before {
		if r.(map[string]any)["Type"] == "AWS::CloudFront::Distribution" {
			continue
		}
		if mustJSON(r) != mustJSON(after[id]) {
			t.Errorf("rolling back changed %s:\n%s\n%s", id, mustJSON(r), mustJSON(after[id]))
		}
	}
	behaviours := func(tp tmpl) int {
		for _, r := range tp.resources("AWS::CloudFront::Distribution") {
			b, _ := props(r)["DistributionConfig"].(map[string]any)["CacheBehaviors"].([]any)
			return len(b)
		}
		return -1
	}
	if behaviours(lambda) != 1 || behaviours(legacy) != 0 {
		t.Errorf("behaviours: lambda %d, legacy %d; want 1 and 0", behaviours(lambda), behaviours(legacy))
	}
}

func TestNoFunctionsYetMeansNoAPI(t *testing.T) {
	tp := synth(t, fixture(t, `
legacy: {domainName: legacy.example.com}
routes:
  - path: /orders/{id}
    target: legacy
`))
	tp.ResourceCountIs(jsii.String("AWS::ApiGateway::RestApi"), jsii.Number(0))
	tp.ResourceCountIs(jsii.String("AWS::CloudFront::Distribution"), jsii.Number(1))
}

func hasPrefix(m map[string]any, prefix string) bool {
	for k := range m {
		if strings.HasPrefix(k, prefix) {
			return true
		}
	}
	return false
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// Public names, a web ACL and the monolith's timeout reach the distribution.
func TestPublicNamesWebACLAndLegacyTimeout(t *testing.T) {
	tp := synth(t, fixture(t, `
legacy: {domainName: legacy.example.com, readTimeoutSeconds: 60}
apiGateway: {manageAccountLoggingRole: false}
cloudFront:
  domainNames: [api.example.com]
  certificateArn: arn:aws:acm:us-east-1:123456789012:certificate/abc
  webAclArn: arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111
routes:
  - path: /orders/{id}
    function: api-orders
`))
	tp.HasResourceProperties(jsii.String("AWS::CloudFront::Distribution"), map[string]any{
		"DistributionConfig": assertions.Match_ObjectLike(&map[string]any{
			"Aliases":  []any{"api.example.com"},
			"WebACLId": "arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111",
			"ViewerCertificate": map[string]any{
				"AcmCertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/abc", "MinimumProtocolVersion": "TLSv1.2_2021", "SslSupportMethod": "sni-only",
			},
			"Origins": assertions.Match_ArrayWith(&[]any{assertions.Match_ObjectLike(&map[string]any{
				"DomainName": "legacy.example.com", "CustomOriginConfig": assertions.Match_ObjectLike(&map[string]any{"OriginReadTimeout": 60}),
			})}),
		}),
	})
	tp.ResourceCountIs(jsii.String("AWS::ApiGateway::Account"), jsii.Number(0))
}

// Functions go to the nested stack their manifest entry names (default:
// the first path segment); the parent keeps no function and its API
// deployment waits for every nested stack.
func TestFunctionsLiveInTheirManifestStack(t *testing.T) {
	base := `
legacy: {domainName: legacy.example.com}
routes:
  - path: /orders/{id}
    function: api-orders
  - path: /carts
    function: api-carts
    stack: shop
`
	newStack := func(yaml string) *stacks.MigrationStack {
		return stacks.NewMigrationStack(validatedApp(t), "ApiMigration", &stacks.MigrationStackProps{Manifest: fixture(t, yaml)})
	}
	s := newStack(base)
	if got := slices.Sorted(maps.Keys(s.RouteStacks)); !slices.Equal(got, []string{"orders", "shop"}) {
		t.Fatalf("nested stacks %v, want [orders shop]", got)
	}
	for fn, want := range map[string]string{"api-orders": "orders", "api-carts": "shop"} {
		if got, ns := *awscdk.Stack_Of(s.Functions[fn].Construct).Node().Path(), *s.RouteStacks[want].Node().Path(); got != ns {
			t.Errorf("%s is in %s, want %s", fn, got, ns)
		}
	}
	root := assertions.Template_FromStack(s.Stack, nil)
	root.ResourceCountIs(jsii.String("AWS::Lambda::Function"), jsii.Number(5)) // the quota watch, the cut-over fallback, the authorizer, the origin key rotation, the default-group custom resource
	root.ResourceCountIs(jsii.String("AWS::ApiGateway::Method"), jsii.Number(0))
	root.ResourceCountIs(jsii.String("AWS::CloudFormation::Stack"), jsii.Number(2))
	deployment := toTmpl(t, root).resources("AWS::ApiGateway::Deployment")
	for _, ns := range s.RouteStacks {
		id := *s.Stack.GetLogicalId(ns.NestedStackResource())
		for _, d := range deployment {
			if !slices.Contains(d["DependsOn"].([]any), any(id)) {
				t.Errorf("API deployment DependsOn %v, want %s among them", d["DependsOn"], id)
			}
		}
	}
	shop := assertions.Template_FromStack(s.RouteStacks["shop"], nil)
	shop.ResourceCountIs(jsii.String("AWS::Lambda::Function"), jsii.Number(1))
	shop.ResourceCountIs(jsii.String("AWS::ApiGateway::Method"), jsii.Number(2)) // GET and HEAD

	// Adding a route in another stack leaves this one's template as it was.
	grown := newStack(base + `
  - path: /search
    function: api-search
`)
	before := toTmpl(t, assertions.Template_FromStack(s.RouteStacks["orders"], nil)).json
	after := toTmpl(t, assertions.Template_FromStack(grown.RouteStacks["orders"], nil)).json
	if b, a := mustJSON(before), mustJSON(after); b != a {
		t.Errorf("adding /search changed nested stack orders:\nbefore %s\nafter  %s", b, a)
	}
}

// API Gateway answers CloudFront only: every method needs the API key,
// CloudFront's API origin sends it, and no cache key includes it (caching
// is as before).
func TestApiCallableOnlyThroughCloudFront(t *testing.T) {
	tp := defaultTemplate(t)
	methods := tp.resources("AWS::ApiGateway::Method")
	if len(methods) == 0 {
		t.Fatal("no methods")
	}
	for id, m := range methods {
		if props(m)["ApiKeyRequired"] != true {
			t.Errorf("method %s does not require the API key: callable around CloudFront", id)
		}
	}
	var keyValue string
	for _, k := range tp.resources("AWS::ApiGateway::ApiKey") {
		keyValue = mustJSON(props(k)["Value"])
	}
	if !strings.Contains(keyValue, "{{resolve:secretsmanager:") {
		t.Fatalf("API key value %s, want a Secrets Manager dynamic reference (never the value in the template)", keyValue)
	}
	var apiOrigins int
	for _, d := range tp.resources("AWS::CloudFront::Distribution") {
		for _, o := range props(d)["DistributionConfig"].(map[string]any)["Origins"].([]any) {
			origin := o.(map[string]any)
			if !strings.Contains(mustJSON(origin["DomainName"]), "execute-api") {
				continue
			}
			apiOrigins++
			headers := mustJSON(origin["OriginCustomHeaders"])
			if !strings.Contains(headers, `"HeaderName":"x-api-key"`) || !strings.Contains(headers, keyValue) {
				t.Errorf("API origin headers %s, want x-api-key with the key's value %s", headers, keyValue)
			}
		}
	}
	if apiOrigins != 1 {
		t.Errorf("%d API origins, want 1", apiOrigins)
	}
	// A rotated key is accepted before CloudFront sends it.
	for id := range tp.resources("AWS::ApiGateway::UsagePlanKey") {
		for did, d := range tp.resources("AWS::CloudFront::Distribution") {
			if deps, _ := d["DependsOn"].([]any); !slices.Contains(deps, any(id)) {
				t.Errorf("distribution %s DependsOn %v, want the usage plan key %s", did, deps, id)
			}
		}
	}
	for id, p := range tp.resources("AWS::CloudFront::CachePolicy") {
		if strings.Contains(strings.ToLower(mustJSON(p)), "x-api-key") {
			t.Errorf("cache policy %s keys on x-api-key: %s", id, mustJSON(p))
		}
	}
}

// The manifest's warnings reach `cdk synth` as CDK warnings on the stack.
func TestManifestWarningsAreCDKWarnings(t *testing.T) {
	m := fixture(t, `
legacy: {domainName: legacy.example.com}
network:
  existing:
    vpcId: vpc-0123456789abcdef0
    availabilityZones: [eu-west-1a, eu-west-1b]
    privateSubnetIds: [subnet-0aaaaaaaaaaaaaaaa, subnet-0bbbbbbbbbbbbbbbb]
    freeAddresses: [4000, 9]
routes:
  - path: /orders/{id}
    function: api-orders
`)
	if len(m.Warnings()) == 0 {
		t.Fatal("the manifest gave no warning for a subnet with 9 free addresses")
	}
	t.Log(m.Warnings())
	s := stacks.NewMigrationStack(validatedApp(t), "ApiMigration", &stacks.MigrationStackProps{Manifest: m})
	warnings := assertions.Annotations_FromStack(s.Stack).FindWarning(jsii.String("/ApiMigration"), assertions.Match_AnyValue())
	var got []string
	for _, w := range *warnings {
		got = append(got, mustJSON(w.Entry.Data))
	}
	for _, want := range m.Warnings() {
		if !slices.ContainsFunc(got, func(g string) bool { return strings.Contains(g, mustJSON(want)[1:len(mustJSON(want))-1]) }) {
			t.Errorf("warning %q not on the stack; stack warnings: %v", want, got)
		}
	}
}

// Two manifest stack names that make one construct ID are refused with
// both names, not with CDK's duplicate-ID error.
func TestStackNamesThatCollideAreRefused(t *testing.T) {
	m := fixture(t, `
legacy: {domainName: legacy.example.com}
routes:
  - path: /orders/{id}
    function: api-orders
    stack: shop-2
  - path: /carts
    function: api-carts
    stack: shop2
`)
	msg, panicked := catchPanic(func() {
		stacks.NewMigrationStack(validatedApp(t), "ApiMigration", &stacks.MigrationStackProps{Manifest: m})
	})
	if want := `manifest stacks "shop-2" and "shop2" would both be the nested stack RoutesShop2; rename one`; !panicked || !strings.Contains(msg, want) {
		t.Errorf("panic %q, want it to contain %q", msg, want)
	}
}

// checkForwardedHostOnly: a monolith behaviour runs the forwarded-host
// function alone (not the query-string or cut-over one), and its origin
// sends the origin secret header.
func checkForwardedHostOnly(t *testing.T, what string, b, dist map[string]any) {
	t.Helper()
	fa, _ := b["FunctionAssociations"].([]any)
	if len(fa) != 1 {
		t.Errorf("%s function associations %v, want the forwarded-host function", what, fa)
		return
	}
	arn := mustJSON(fa[0].(map[string]any)["FunctionARN"])
	if !strings.Contains(arn, "EdgeForwardedHost") || fa[0].(map[string]any)["EventType"] != "viewer-request" {
		t.Errorf("%s runs %s, want the forwarded-host function on viewer-request", what, arn)
	}
	for _, o := range dist["Origins"].([]any) {
		o := o.(map[string]any)
		if o["Id"] != b["TargetOriginId"] {
			continue
		}
		headers := mustJSON(o["OriginCustomHeaders"])
		if !strings.Contains(headers, `"HeaderName":"X-Origin-Verify"`) || !strings.Contains(headers, "resolve:secretsmanager") {
			t.Errorf("%s: origin headers %s, want X-Origin-Verify from the secret", what, headers)
		}
	}
}
