package constructs_test

import (
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/constructs"
)

// A WebAcl with no props: CLOUDFRONT scope, allow by default, a blocking
// rate rule per address (2000 per 5 minutes) first, then the three
// default AWS groups in order, each with metrics; and, the stack's region
// being unknown, the template rule that stops a deploy outside us-east-1.
func TestWebAclDefaults(t *testing.T) {
	stack := newTestStack(t, nil)
	acl := constructs.NewWebAcl(stack, jsii.String("Firewall"), nil)
	if acl.Capacity != 927 {
		t.Errorf("Capacity = %d, want 2 + 700 + 200 + 25", acl.Capacity)
	}
	edge := constructs.NewEdgeDistribution(stack, jsii.String("Edge"), &constructs.EdgeDistributionProps{
		LegacyDomainName: jsii.String("legacy.example.com"), WebAclId: acl.Arn,
	})
	_ = edge
	tpl := templateOf(t, stack)
	group := func(name string, priority int) map[string]any {
		return map[string]any{
			"Name": name, "Priority": priority, "OverrideAction": map[string]any{"None": map[string]any{}},
			"Statement":        map[string]any{"ManagedRuleGroupStatement": map[string]any{"VendorName": "AWS", "Name": name}},
			"VisibilityConfig": map[string]any{"CloudWatchMetricsEnabled": true, "MetricName": "Edge" + name, "SampledRequestsEnabled": true},
		}
	}
	id, _ := tpl.only("AWS::WAFv2::WebACL", map[string]any{
		"Scope":         "CLOUDFRONT",
		"DefaultAction": map[string]any{"Allow": map[string]any{}},
		"Rules": []any{
			map[string]any{
				"Name": "RatePerClientAddress", "Priority": 0, "Action": map[string]any{"Block": map[string]any{}},
				"Statement":        map[string]any{"RateBasedStatement": map[string]any{"AggregateKeyType": "IP", "Limit": 2000, "EvaluationWindowSec": 300}},
				"VisibilityConfig": map[string]any{"CloudWatchMetricsEnabled": true, "MetricName": "EdgeRatePerClientAddress", "SampledRequestsEnabled": true},
			},
			group("AWSManagedRulesCommonRuleSet", 1),
			group("AWSManagedRulesKnownBadInputsRuleSet", 2),
			group("AWSManagedRulesAmazonIpReputationList", 3),
		},
	})
	tpl.has("AWS::CloudFront::Distribution", map[string]any{
		"DistributionConfig": map[string]any{"WebACLId": getAtt(id, "Arn")},
	})
	rule, _ := tpl.json["Rules"].(map[string]any)["WebAclNeedsUsEast1"].(map[string]any)
	assert := jsonString(rule["Assertions"])
	if want := `[{"Assert":{"Fn::Equals":[{"Ref":"AWS::Region"},"us-east-1"]}`; len(assert) < len(want) || assert[:len(want)] != want {
		t.Errorf("WebAclNeedsUsEast1 assertions = %s, want the region to be us-east-1", assert)
	}
}

// CountOnly: every rule counts, none blocks (a first week's setting).
func TestWebAclCountOnly(t *testing.T) {
	stack := newTestStack(t, &awscdk.Environment{Region: jsii.String("us-east-1")})
	constructs.NewWebAcl(stack, jsii.String("Firewall"), &constructs.WebAclProps{
		CountOnly: jsii.Bool(true), RateLimit: jsii.Number(500), RateWindow: awscdk.Duration_Minutes(jsii.Number(1)),
		ManagedRuleGroups: jsii.Strings("AWSManagedRulesSQLiRuleSet"),
	})
	tpl := templateOf(t, stack)
	tpl.has("AWS::WAFv2::WebACL", map[string]any{"Rules": []any{
		map[string]any{"Action": map[string]any{"Count": map[string]any{}},
			"Statement": map[string]any{"RateBasedStatement": map[string]any{"AggregateKeyType": "IP", "Limit": 500, "EvaluationWindowSec": 60}}},
		map[string]any{"Name": "AWSManagedRulesSQLiRuleSet", "OverrideAction": map[string]any{"Count": map[string]any{}}},
	}})
	// The region is known to be us-east-1: no template rule needed.
	if _, ok := tpl.json["Rules"].(map[string]any)["WebAclNeedsUsEast1"]; ok {
		t.Errorf("Rules = %s in a us-east-1 stack", jsonString(tpl.json["Rules"]))
	}
}

// What AWS WAF would refuse, and a known other region, stop synth.
func TestWebAclProblems(t *testing.T) {
	stack := newTestStack(t, &awscdk.Environment{Region: jsii.String("eu-west-1")})
	constructs.NewWebAcl(stack, jsii.String("Firewall"), &constructs.WebAclProps{
		RateLimit: jsii.Number(5), RateWindow: awscdk.Duration_Minutes(jsii.Number(3)),
		ManagedRuleGroups: jsii.Strings("AWSManagedRulesCommonRuleSet", "MyRules", "AWSManagedRulesCommonRuleSet"),
	})
	mustPanic(t, func() { awscdk.App_Of(stack).Synth(nil) },
		"Stack/Firewall: RateLimit 5: AWS WAF takes a whole number of requests from 10 to 2000000000",
		"Stack/Firewall: RateWindow 180s: AWS WAF counts over 60, 120, 300 or 600 seconds",
		`Stack/Firewall: ManagedRuleGroups: "MyRules" is not one of the AWS managed rule groups`,
		`Stack/Firewall: ManagedRuleGroups: "AWSManagedRulesCommonRuleSet" is listed twice`,
		"Stack/Firewall: a CLOUDFRONT web ACL can only be made in us-east-1, and this stack is for eu-west-1",
	)
}
