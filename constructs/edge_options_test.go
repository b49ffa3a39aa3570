package constructs_test

import (
	"slices"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigateway"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscertificatemanager"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfront"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/constructs"
)

const certARN = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"

// The public names the API's DNS will point at: CloudFront answers for them
// only as aliases with a certificate, and then with TLS 1.2 at least.
func TestEdgeDistributionDomainNames(t *testing.T) {
	stack := newTestStack(t, nil)
	constructs.NewEdgeDistribution(stack, jsii.String("Edge"), &constructs.EdgeDistributionProps{
		LegacyDomainName:  jsii.String("legacy.example.com"),
		LegacyReadTimeout: awscdk.Duration_Seconds(jsii.Number(60)),
		DomainNames:       jsii.Strings("api.example.com"),
		Certificate:       awscertificatemanager.Certificate_FromCertificateArn(stack, jsii.String("Cert"), jsii.String(certARN)),
	})
	tpl := templateOf(t, stack)
	tpl.has("AWS::CloudFront::Distribution", map[string]any{
		"DistributionConfig": map[string]any{
			"Aliases": []any{"api.example.com"},
			"ViewerCertificate": map[string]any{
				"AcmCertificateArn":      certARN,
				"MinimumProtocolVersion": "TLSv1.2_2021",
				"SslSupportMethod":       "sni-only",
			},
			"Origins": []any{map[string]any{
				"DomainName":         "legacy.example.com",
				"CustomOriginConfig": map[string]any{"OriginReadTimeout": 60},
				"Id":                 assertions.Match_AnyValue(),
			}},
		},
	})
	mustPanic(t, func() {
		constructs.NewEdgeDistribution(newTestStack(t, nil), jsii.String("Edge"), &constructs.EdgeDistributionProps{
			LegacyDomainName: jsii.String("legacy.example.com"),
			DomainNames:      jsii.Strings("api.example.com"),
		})
	}, "DomainNames and Certificate go together")
}

// Escape hatches on an API route replace the policies the cache mode would
// pick, and the query-string function is reachable.
func TestApiRoutePolicyOverrides(t *testing.T) {
	stack := newTestStack(t, nil)
	api := constructs.NewProxyApi(stack, jsii.String("Api"), &constructs.ProxyApiProps{CloudWatchRole: jsii.Bool(false)})
	fn := constructs.NewApiFunction(stack, jsii.String("Fn"), &constructs.ApiFunctionProps{Entry: jsii.String("testdata/hello")})
	api.AddRoute("/a", []string{"GET"}, fn.Alias, nil)
	edge := constructs.NewEdgeDistribution(stack, jsii.String("Edge"), &constructs.EdgeDistributionProps{
		LegacyDomainName: jsii.String("legacy.example.com"), ProxyApi: api,
	})
	edge.AddApiRoute("/a", &constructs.ApiRouteOptions{
		Cache:               constructs.CachePerToken,
		CachePolicy:         awscloudfront.CachePolicy_USE_ORIGIN_CACHE_CONTROL_HEADERS_QUERY_STRINGS(),
		OriginRequestPolicy: awscloudfront.OriginRequestPolicy_CORS_CUSTOM_ORIGIN(),
	})
	if edge.QueryStrings == nil {
		t.Error("EdgeDistribution.QueryStrings is nil after an API route")
	}
	tpl := templateOf(t, stack)
	tpl.count("AWS::CloudFront::CachePolicy", 0) // the override, not a per-token policy
	tpl.has("AWS::CloudFront::Distribution", map[string]any{
		"DistributionConfig": map[string]any{"CacheBehaviors": []any{map[string]any{
			"PathPattern":           "/a",
			"CachePolicyId":         "4cc15a8a-d715-48a4-82b8-cc0b614638fe",
			"OriginRequestPolicyId": "59781a5b-3903-41f3-afcb-af62929ccde1",
		}}},
	})
	// CloudWatchRole false: the account's logging role is left alone.
	tpl.count("AWS::ApiGateway::Account", 0)
}

// With execution logs off, the account's logging role is not touched.
func TestProxyApiWithoutExecutionLogsLeavesTheAccountRole(t *testing.T) {
	stack := newTestStack(t, nil)
	api := constructs.NewProxyApi(stack, jsii.String("Api"), &constructs.ProxyApiProps{ExecutionLogLevel: awsapigateway.MethodLoggingLevel_OFF})
	fn := constructs.NewApiFunction(stack, jsii.String("Fn"), &constructs.ApiFunctionProps{Entry: jsii.String("testdata/hello")})
	api.AddRoute("/a", []string{"GET"}, fn.Alias, nil)
	templateOf(t, stack).count("AWS::ApiGateway::Account", 0)
}

// The CloudFront alarm may not exist where the stack is deployed, so it is
// kept apart from Alarms (which callers may reference unconditionally).
func TestDistributionAlarmIsNotInAlarms(t *testing.T) {
	stack := newTestStack(t, nil)
	mon := constructs.NewMigrationMonitoring(stack, jsii.String("Monitoring"), nil)
	edge := constructs.NewEdgeDistribution(stack, jsii.String("Edge"), &constructs.EdgeDistributionProps{LegacyDomainName: jsii.String("legacy.example.com")})
	mon.WatchDistribution(edge)
	if mon.DistributionAlarm == nil || mon.DistributionAlarmCondition == nil {
		t.Fatal("env-agnostic stack: want a DistributionAlarm with its condition")
	}
	for _, a := range mon.Alarms {
		if *a.Node().Path() == *mon.DistributionAlarm.Node().Path() {
			t.Error("the conditional CloudFront alarm is in Alarms")
		}
	}
}

// What cdk-nag asks of the distribution and its bucket that this design
// answers otherwise is waived on them, and only while it applies: the
// TLS policy without a certificate, WAF without a web ACL.
func TestEdgeDistributionNagWaivers(t *testing.T) {
	for _, c := range []struct {
		name   string
		props  func(stack awscdk.Stack) *constructs.EdgeDistributionProps
		waived []string
		webACL any
	}{
		{"defaults", func(awscdk.Stack) *constructs.EdgeDistributionProps {
			return &constructs.EdgeDistributionProps{LegacyDomainName: jsii.String("legacy.example.com")}
		}, []string{"AwsSolutions-CFR1", "AwsSolutions-CFR2", "AwsSolutions-CFR4"}, nil},
		{"certificate and web ACL", func(stack awscdk.Stack) *constructs.EdgeDistributionProps {
			return &constructs.EdgeDistributionProps{
				LegacyDomainName: jsii.String("legacy.example.com"),
				DomainNames:      jsii.Strings("api.example.com"),
				Certificate:      awscertificatemanager.Certificate_FromCertificateArn(stack, jsii.String("Cert"), jsii.String(certARN)),
				WebAclId:         jsii.String("arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/abc"),
			}
		}, []string{"AwsSolutions-CFR1"}, "arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/abc"},
	} {
		t.Run(c.name, func(t *testing.T) {
			stack := newTestStack(t, nil)
			constructs.NewEdgeDistribution(stack, jsii.String("Edge"), c.props(stack))
			tpl := templateOf(t, stack)
			_, distribution := tpl.only("AWS::CloudFront::Distribution", nil)
			if got := nagRules(distribution); !slices.Equal(got, c.waived) {
				t.Errorf("distribution waives %v, want %v", got, c.waived)
			}
			if got := properties(distribution)["DistributionConfig"].(map[string]any)["WebACLId"]; got != c.webACL {
				t.Errorf("WebACLId = %v, want %v", got, c.webACL)
			}
			// The log bucket is a log destination itself.
			_, bucket := tpl.only("AWS::S3::Bucket", nil)
			if got, want := nagRules(bucket), []string{"AwsSolutions-S1"}; !slices.Equal(got, want) {
				t.Errorf("log bucket waives %v, want %v", got, want)
			}
			_, policy := tpl.only("AWS::S3::BucketPolicy", nil)
			if got := nagRules(policy); len(got) != 0 {
				t.Errorf("bucket policy waives %v, want nothing", got)
			}
		})
	}
}
