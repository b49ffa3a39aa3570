package awslimits

// AWS WAF (WAFv2) facts for a web ACL in front of CloudFront.

// WAFCloudFrontScopeRegion is the only region a web ACL of scope
// CLOUDFRONT can be created (and its API called) in.
// Source: https://docs.aws.amazon.com/waf/latest/APIReference/API_CreateWebACL.html (Scope)
const WAFCloudFrontScopeRegion = "us-east-1"

// Rate-based rules.
// Source: https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based-high-level-settings.html
const (
	// WAFRateLimitMin is the lowest rate limit a rate-based rule takes.
	WAFRateLimitMin = 10
	// WAFRateLimitMax is the highest (the API's bound on Limit).
	// Source: https://docs.aws.amazon.com/waf/latest/APIReference/API_RateBasedStatement.html
	WAFRateLimitMax = 2_000_000_000
	// WAFRateEvaluationWindowDefaultSeconds is the window requests are
	// counted over unless told otherwise.
	WAFRateEvaluationWindowDefaultSeconds = 300
)

// WAFRateEvaluationWindowSeconds says whether a rate-based rule may count
// over s seconds. (Functions, not package variables: a variable's
// initialisation is linked into every Lambda binary importing this package.)
// Source: https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based-high-level-settings.html
func WAFRateEvaluationWindowSeconds(s int) bool {
	return s == 60 || s == 120 || s == 300 || s == 600
}

// Web ACL capacity units (WCU).
// Source: https://docs.aws.amazon.com/waf/latest/developerguide/aws-waf-capacity-units.html
const (
	// WAFWebACLBaseCapacity is the WCU a web ACL's base price covers;
	// more costs extra per request.
	WAFWebACLBaseCapacity = 1500
	// WAFWebACLMaxCapacity is the most WCU a web ACL may use.
	WAFWebACLMaxCapacity = 5000
	// WAFRateBasedRuleCapacity is a rate-based rule keyed on the IP
	// address alone, without a scope-down statement.
	WAFRateBasedRuleCapacity = 2
)

// WAFManagedRuleGroupCapacity is the WCU of an AWS managed rule group
// (vendor "AWS") a CloudFront web ACL commonly uses, by name; false for a
// group this project does not know.
// Sources: https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-baseline.html
// (AWSManagedRulesCommonRuleSet, AWSManagedRulesAdminProtectionRuleSet,
// AWSManagedRulesKnownBadInputsRuleSet),
// https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-use-case.html
// (AWSManagedRulesSQLiRuleSet, AWSManagedRulesLinuxRuleSet, AWSManagedRulesUnixRuleSet),
// https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-ip-rep.html
// (AWSManagedRulesAmazonIpReputationList, AWSManagedRulesAnonymousIpList).
func WAFManagedRuleGroupCapacity(name string) (int, bool) {
	switch name {
	case "AWSManagedRulesCommonRuleSet":
		return 700, true
	case "AWSManagedRulesAdminProtectionRuleSet":
		return 100, true
	case "AWSManagedRulesKnownBadInputsRuleSet":
		return 200, true
	case "AWSManagedRulesSQLiRuleSet":
		return 200, true
	case "AWSManagedRulesLinuxRuleSet":
		return 200, true
	case "AWSManagedRulesUnixRuleSet":
		return 100, true
	case "AWSManagedRulesAmazonIpReputationList":
		return 25, true
	case "AWSManagedRulesAnonymousIpList":
		return 50, true
	}
	return 0, false
}

// WAFManagedRuleGroupNames are the names WAFManagedRuleGroupCapacity knows, sorted.
func WAFManagedRuleGroupNames() []string {
	return []string{"AWSManagedRulesAdminProtectionRuleSet", "AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesAnonymousIpList",
		"AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesLinuxRuleSet", "AWSManagedRulesSQLiRuleSet", "AWSManagedRulesUnixRuleSet"}
}

// WAFManagedRuleGroupVendor is the vendor name of AWS's own groups.
const WAFManagedRuleGroupVendor = "AWS"

// WAFStarterRuleGroups are not an AWS fact but this project's choice,
// kept here beside the names so the manifest and the construct share it:
// two of AWS's baseline groups (common attacks, known-bad inputs) and its
// IP reputation list, 925 WCU, within the base price's 1,500 with room
// for the rate rule and one more group.
func WAFStarterRuleGroups() []string {
	return []string{"AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesAmazonIpReputationList"}
}

// WAFStarterRateLimit is this project's default rate limit per client
// address per 5 minutes (about 6.7 requests a second, sustained).
const WAFStarterRateLimit = 2000

// WAFLogGroupPrefix starts the name of every logging destination of a web
// ACL (a CloudWatch Logs log group here), which must be in the web ACL's
// region; AWS WAF adds the log group's resource policy itself.
// Source: https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-wafv2-loggingconfiguration.html
const WAFLogGroupPrefix = "aws-waf-logs-"
