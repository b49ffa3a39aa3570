package manifest

import (
	"fmt"
	"slices"
	"strings"

	"github.com/strangler-fig/strangler/awslimits"
)

// Web ACL modes (WebACL.Mode).
const (
	WebACLCount = "count" // rules count what they would block: a first week
	WebACLBlock = "block" // rules block
)

// WebACL defaults.
const (
	// DefaultWebACLRateLimit is requests per client address per window.
	DefaultWebACLRateLimit = awslimits.WAFStarterRateLimit
	// DefaultWebACLRateWindowSeconds is AWS WAF's own default window.
	DefaultWebACLRateWindowSeconds = awslimits.WAFRateEvaluationWindowDefaultSeconds
)

// DefaultWebACLRuleGroups are the AWS managed rule groups a created web
// ACL runs unless managedRuleGroups says otherwise.
var DefaultWebACLRuleGroups = awslimits.WAFStarterRuleGroups()

// WebACL is an AWS WAF web ACL the stack creates in front of the
// distribution: a rate-based rule per client address, then AWS managed
// rule groups. AWS WAF makes a CloudFront web ACL only in us-east-1, so
// a stack with one must be deployed there (a template rule stops the
// deploy elsewhere); in another region make it apart and give webAclArn.
type WebACL struct {
	// Mode of every rule: "count" (log what would be blocked; start with
	// it for a week and read the WAF metrics) or "block". Required: both
	// have consequences a person should choose.
	Mode string `yaml:"mode" json:"mode"`
	// RateLimit is the most requests one client address may send per
	// rateWindowSeconds, 10 to 2,000,000,000. Many callers can share one
	// address (carrier NAT, offices). Default: 2000.
	RateLimit int `yaml:"rateLimit,omitempty" json:"rateLimit,omitempty"`
	// RateWindowSeconds requests are counted over: 60, 120, 300 or 600. Default: 300.
	RateWindowSeconds int `yaml:"rateWindowSeconds,omitempty" json:"rateWindowSeconds,omitempty"`
	// ManagedRuleGroups are AWS managed rule group names, run in order.
	// Default: [AWSManagedRulesCommonRuleSet, AWSManagedRulesKnownBadInputsRuleSet,
	// AWSManagedRulesAmazonIpReputationList] (927 WCU with the rate rule).
	ManagedRuleGroups []string `yaml:"managedRuleGroups,omitempty" json:"managedRuleGroups,omitempty"`
	// Logging of every request the web ACL sees into a CloudWatch Logs log
	// group (aws-waf-logs-...), Authorization, Cookie, the origin key's
	// and the origin secret's headers redacted. Logs are priced per GB
	// ingested. Default: true.
	Logging *bool `yaml:"logging,omitempty" json:"logging,omitempty"`
}

func (m *Manifest) applyWebACLDefaults() {
	w := m.CloudFront.WebACL
	if w == nil {
		return
	}
	if w.RateLimit == 0 {
		w.RateLimit = DefaultWebACLRateLimit
	}
	if w.RateWindowSeconds == 0 {
		w.RateWindowSeconds = DefaultWebACLRateWindowSeconds
	}
	if w.ManagedRuleGroups == nil {
		w.ManagedRuleGroups = slices.Clone(DefaultWebACLRuleGroups)
	}
}

func (v *validator) webACL() {
	w := v.m.CloudFront.WebACL
	if w == nil {
		return
	}
	if v.m.CloudFront.WebACLARN != "" {
		v.at("cloudFront.webAcl", "set beside webAclArn: a distribution takes one web ACL; keep webAclArn (an existing one) or webAcl (the stack makes one)")
	}
	switch w.Mode {
	case WebACLCount, WebACLBlock:
	case "":
		v.at("cloudFront.webAcl.mode", "missing: count (rules only count what they would block; a first week) or block")
	default:
		v.at("cloudFront.webAcl.mode", "%q; use count or block", w.Mode)
	}
	if w.RateLimit < awslimits.WAFRateLimitMin || w.RateLimit > awslimits.WAFRateLimitMax {
		v.at("cloudFront.webAcl.rateLimit", "%d; AWS WAF takes %d to %d requests per client address", w.RateLimit, awslimits.WAFRateLimitMin, awslimits.WAFRateLimitMax)
	}
	if !awslimits.WAFRateEvaluationWindowSeconds(w.RateWindowSeconds) {
		v.at("cloudFront.webAcl.rateWindowSeconds", "%d; AWS WAF counts over 60, 120, 300 or 600 seconds", w.RateWindowSeconds)
	}
	wcu := awslimits.WAFRateBasedRuleCapacity
	for i, g := range w.ManagedRuleGroups {
		at := fmt.Sprintf("cloudFront.webAcl.managedRuleGroups[%d]", i)
		n, ok := awslimits.WAFManagedRuleGroupCapacity(g)
		switch {
		case !ok:
			v.at(at, "%q is not one of %s", g, strings.Join(knownRuleGroups(), ", "))
		case slices.Index(w.ManagedRuleGroups, g) != i:
			v.at(at, "%q is listed twice; remove one", g)
		default:
			wcu += n
		}
	}
	switch {
	case wcu > awslimits.WAFWebACLMaxCapacity:
		v.at("cloudFront.webAcl.managedRuleGroups", "the rules need %d WCU; a web ACL holds at most %d: drop a group", wcu, awslimits.WAFWebACLMaxCapacity)
	case wcu > awslimits.WAFWebACLBaseCapacity:
		v.warnAt("cloudFront.webAcl.managedRuleGroups", "the rules need %d WCU, over the %d the web ACL's base price covers: each request costs more (AWS WAF pricing)", wcu, awslimits.WAFWebACLBaseCapacity)
	}
}

func knownRuleGroups() []string { return awslimits.WAFManagedRuleGroupNames() }
