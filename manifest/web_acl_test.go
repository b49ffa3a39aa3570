package manifest_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/strangler-fig/strangler/manifest"
)

func TestWebACLDefaults(t *testing.T) {
	m := parse(t, strings.Replace(withRoutes("  - path: /a\n"), "routes:", "cloudFront: {webAcl: {mode: count}}\nroutes:", 1))
	want := &manifest.WebACL{Mode: "count", RateLimit: 2000, RateWindowSeconds: 300, ManagedRuleGroups: manifest.DefaultWebACLRuleGroups}
	if !reflect.DeepEqual(m.CloudFront.WebACL, want) {
		t.Errorf("webAcl = %+v, want %+v", m.CloudFront.WebACL, want)
	}
}

func TestWebACLProblems(t *testing.T) {
	for _, tt := range []struct {
		name, cloudFront string
		want             []manifest.Problem
	}{
		{"mode is a choice", `{webAcl: {}}`, []manifest.Problem{prob(3, "cloudFront.webAcl.mode", "missing: count (rules only count what they would block; a first week) or block")}},
		{"bad values", `{webAcl: {mode: log, rateLimit: 5, rateWindowSeconds: 30, managedRuleGroups: [AWSManagedRulesCommonRuleSet, Mine, AWSManagedRulesCommonRuleSet]}}`, []manifest.Problem{
			prob(3, "cloudFront.webAcl.mode", `"log"; use count or block`),
			prob(3, "cloudFront.webAcl.rateLimit", "5; AWS WAF takes 10 to 2000000000 requests per client address"),
			prob(3, "cloudFront.webAcl.rateWindowSeconds", "30; AWS WAF counts over 60, 120, 300 or 600 seconds"),
			prob(3, "cloudFront.webAcl.managedRuleGroups[1]", `"Mine" is not one of AWSManagedRulesAdminProtectionRuleSet, AWSManagedRulesAmazonIpReputationList, AWSManagedRulesAnonymousIpList, AWSManagedRulesCommonRuleSet, AWSManagedRulesKnownBadInputsRuleSet, AWSManagedRulesLinuxRuleSet, AWSManagedRulesSQLiRuleSet, AWSManagedRulesUnixRuleSet`),
			prob(3, "cloudFront.webAcl.managedRuleGroups[2]", `"AWSManagedRulesCommonRuleSet" is listed twice; remove one`),
		}},
		{"one web ACL per distribution", `{webAclArn: "arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111", webAcl: {mode: block}}`,
			[]manifest.Problem{prob(3, "cloudFront.webAcl", "set beside webAclArn: a distribution takes one web ACL; keep webAclArn (an existing one) or webAcl (the stack makes one)")}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(withRoutes("  - path: /a\n"), "routes:", "cloudFront: "+tt.cloudFront+"\nroutes:", 1)
			checkProblems(t, problemsOf(t, src), tt.want)
		})
	}
}

// More rule groups than the base price covers is a warning, not an error.
func TestWebACLOverBaseCapacityWarns(t *testing.T) {
	src := strings.Replace(withRoutes("  - path: /a\n"), "routes:", "cloudFront: {webAcl: {mode: block, managedRuleGroups: [AWSManagedRulesCommonRuleSet, AWSManagedRulesKnownBadInputsRuleSet, AWSManagedRulesSQLiRuleSet, AWSManagedRulesLinuxRuleSet, AWSManagedRulesAnonymousIpList, AWSManagedRulesAmazonIpReputationList, AWSManagedRulesUnixRuleSet, AWSManagedRulesAdminProtectionRuleSet]}}\nroutes:", 1)
	m := parse(t, src)
	if w := strings.Join(m.Warnings(), "\n"); !strings.Contains(w, "the rules need 1577 WCU, over the 1500 the web ACL's base price covers") {
		t.Errorf("warnings = %s", w)
	}
}
