package stacks_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"
)

// A manifest that has the stack make its web ACL (counting, for a first
// week) and authenticates callers by a session cookie: the distribution
// gets the web ACL, the template the rule that stops a deploy outside
// us-east-1, the per-token cache key the session cookie (and the listed
// query key), and the delegate authorizer the cookie's name; cdk-nag
// finds nothing (TestNagSecurityFromManifest).
const sessionCookieManifest = `
legacy: {domainName: legacy.example.com}
cloudFront:
  webAcl: {mode: count, rateLimit: 1000}
auth:
  default: delegate
  delegate: {url: /session}
  header: Cookie
  sessionCookies: [session]
routes:
  - path: /orders/{id}
    function: api-orders
    cache: per-token
    cacheQueryKeys: [fields]
`

func TestWebAclAndSessionCookiesFromManifest(t *testing.T) {
	tp := synth(t, fixture(t, sessionCookieManifest))
	var aclID string
	for id := range tp.resources("AWS::WAFv2::WebACL") {
		aclID = id
	}
	tp.HasResourceProperties(jsii.String("AWS::WAFv2::WebACL"), map[string]any{
		"Scope": "CLOUDFRONT",
		"Rules": assertions.Match_ArrayWith(&[]any{assertions.Match_ObjectLike(&map[string]any{
			"Action":    map[string]any{"Count": map[string]any{}},
			"Statement": map[string]any{"RateBasedStatement": map[string]any{"AggregateKeyType": "IP", "Limit": 1000, "EvaluationWindowSec": 300}},
		})}),
	})
	tp.HasResourceProperties(jsii.String("AWS::CloudFront::Distribution"), map[string]any{
		"DistributionConfig": assertions.Match_ObjectLike(&map[string]any{"WebACLId": map[string]any{"Fn::GetAtt": []any{aclID, "Arn"}}}),
	})
	if _, ok := tp.json["Rules"].(map[string]any)["WebAclNeedsUsEast1"]; !ok {
		t.Error("no WebAclNeedsUsEast1 rule in an environment-agnostic stack with a web ACL")
	}
	tp.HasResourceProperties(jsii.String("AWS::CloudFront::CachePolicy"), map[string]any{
		"CachePolicyConfig": assertions.Match_ObjectLike(&map[string]any{
			"ParametersInCacheKeyAndForwardedToOrigin": assertions.Match_ObjectLike(&map[string]any{
				"HeadersConfig":      map[string]any{"HeaderBehavior": "whitelist", "Headers": []any{"Authorization"}},
				"CookiesConfig":      map[string]any{"CookieBehavior": "whitelist", "Cookies": []any{"session"}},
				"QueryStringsConfig": map[string]any{"QueryStringBehavior": "whitelist", "QueryStrings": []any{"fields"}},
			}),
		}),
	})
	tp.HasResourceProperties(jsii.String("AWS::Lambda::Function"), map[string]any{
		"Environment": map[string]any{"Variables": assertions.Match_ObjectLike(&map[string]any{
			"AUTH_MODE": "delegate", "AUTH_HEADER": "Cookie", "SESSION_COOKIES": "session",
		})},
	})
}

func TestNagSecurityFromManifest(t *testing.T) {
	requireNoMigrationFindings(t, fixture(t, sessionCookieManifest))
}

// The Secrets Manager endpoint comes by default with a new VPC whose
// functions read secrets, never by default into an existing VPC (which
// may have one: two conflict), and as the manifest says otherwise.
func TestSecretsManagerEndpointDefault(t *testing.T) {
	const withSecret = `
routes:
  - path: /orders/{id}
    function: api-orders
    secrets: {DB_SECRET_ARN: arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders-db}
`
	const existing = `
network:
  existing:
    vpcId: vpc-0123456789abcdef0
    availabilityZones: [eu-west-1a, eu-west-1b]
    privateSubnetIds: [subnet-0aaaaaaaaaaaaaaaa, subnet-0bbbbbbbbbbbbbbbb]
`
	for _, c := range []struct {
		name, yaml string
		want       int
	}{
		{"new VPC, a secret", withSecret, 1},
		{"new VPC, no secret", "\nroutes:\n  - path: /orders/{id}\n    function: api-orders\n", 0},
		{"existing VPC, a secret", existing + withSecret, 0},
		{"existing VPC, asked for", strings.Replace(existing, "network:\n", "network:\n  secretsManagerEndpoint: true\n", 1) + withSecret, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			tp := synth(t, fixture(t, "legacy: {domainName: legacy.example.com}"+c.yaml))
			tp.ResourceCountIs(jsii.String("AWS::EC2::VPCEndpoint"), jsii.Number(c.want))
		})
	}
}

// The origin key is replaced every 30 days by default (a parameter, a
// schedule, an alarm to the topic), never with originKeyRotationDays 0.
func TestOriginKeyRotationFromManifest(t *testing.T) {
	const routes = "\nroutes:\n  - path: /orders/{id}\n    function: api-orders\n"
	tp := synth(t, fixture(t, "legacy: {domainName: legacy.example.com}"+routes))
	if _, ok := tp.json["Parameters"].(map[string]any)["OriginKeyRotation"]; !ok {
		t.Error("no OriginKeyRotation parameter by default")
	}
	tp.HasResourceProperties(jsii.String("AWS::Events::Rule"), map[string]any{"ScheduleExpression": "rate(30 days)"})
	tp.HasResourceProperties(jsii.String("AWS::SecretsManager::Secret"), map[string]any{
		"Name": map[string]any{"Fn::Join": []any{"-", []any{map[string]any{"Ref": "AWS::StackName"}, "origin-key-g1-r", map[string]any{"Ref": "OriginKeyRotation"}}}},
	})
	tp.HasResourceProperties(jsii.String("AWS::CloudWatch::Alarm"), map[string]any{
		"MetricName": "Errors", "Period": 21600, "AlarmActions": assertions.Match_AnyValue(),
	})
	off := synth(t, fixture(t, "legacy: {domainName: legacy.example.com}\napiGateway: {originKeyRotationDays: 0}"+routes))
	if _, ok := off.json["Parameters"].(map[string]any)["OriginKeyRotation"]; ok {
		t.Error("OriginKeyRotation parameter with originKeyRotationDays 0")
	}
}
