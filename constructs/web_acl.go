package constructs

import (
	"fmt"
	"slices"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awswafv2"
	awsconstructs "github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/awslimits"
)

// DefaultWebAclRuleGroups are the AWS managed rule groups a WebAcl runs
// unless told otherwise: OWASP-style common attacks, known-bad inputs
// (e.g. Log4j lookups) and addresses AWS's threat intelligence flags;
// 927 WCU with the rate rule (925 for the groups), inside the 1,500 the base price covers.
var DefaultWebAclRuleGroups = awslimits.WAFStarterRuleGroups()

// DefaultWebAclRateLimit is requests per client address per evaluation
// window (5 minutes): about 6.7 a second, sustained. Addresses behind a
// carrier NAT or an office proxy are many callers: count first.
const DefaultWebAclRateLimit = awslimits.WAFStarterRateLimit

// WebAclProps configures a WebAcl. All are optional.
type WebAclProps struct {
	// CountOnly makes every rule count what it would block, without
	// blocking: for a first week, to read in the WAF metrics and sampled
	// requests what the rules would have stopped. Default: false (block).
	CountOnly *bool
	// RateLimit is the most requests one client address may send per
	// RateWindow before the rest are blocked (or counted): what stops one
	// caller from pushing uncached requests at Lambda and the monolith.
	// 10 to 2,000,000,000. Default: DefaultWebAclRateLimit.
	RateLimit *float64
	// RateWindow requests are counted over: 1, 2, 5 or 10 minutes.
	// Default: 5 minutes (WAF's).
	RateWindow awscdk.Duration
	// ManagedRuleGroups are AWS managed rule group names (vendor AWS), run
	// in this order after the rate rule; each must be one of
	// awslimits.WAFManagedRuleGroupNames (whose capacity is known). Default:
	// DefaultWebAclRuleGroups.
	ManagedRuleGroups *[]*string
	// MetricPrefix names the CloudWatch metrics (namespace AWS/WAFV2).
	// Default: "Edge".
	MetricPrefix *string
	// Logging of every request the web ACL sees into a log group of its
	// own (see WebAclLogging). Default: on.
	Logging *WebAclLoggingProps
	// NoLogging turns the log off. Default: false.
	NoLogging *bool
}

// WebAcl is an AWS WAF web ACL of scope CLOUDFRONT for an EdgeDistribution
// (EdgeDistributionProps.WebAclId = Arn): a rate-based rule per client
// address, then AWS managed rule groups; anything they do not stop is
// allowed. AWS WAF makes a CLOUDFRONT web ACL only in us-east-1: in a
// stack whose region is known another region stops synth, and in an
// environment-agnostic stack a template rule (WebAclNeedsUsEast1) stops
// the deploy before anything is created, saying what to do. A stack
// elsewhere makes the web ACL in its own small us-east-1 stack (this
// construct alone) and passes its ARN.
type WebAcl struct {
	awsconstructs.Construct
	// Acl is the web ACL (escape hatch).
	Acl awswafv2.CfnWebACL
	// Arn to give EdgeDistributionProps.WebAclId.
	Arn *string
	// Capacity is the WCU its rules use.
	Capacity int
	// Logs receives one line per request (nil with NoLogging).
	Logs *WebAclLogging
}

// NewWebAcl makes the web ACL.
func NewWebAcl(scope awsconstructs.Construct, id *string, props *WebAclProps) *WebAcl {
	if props == nil {
		props = &WebAclProps{}
	}
	this := &WebAcl{Construct: awsconstructs.NewConstruct(scope, id)}
	problems := newProblems(this.Construct)
	count := props.CountOnly != nil && *props.CountOnly
	prefix := *orString(props.MetricPrefix, "Edge")
	visibility := func(name string) *awswafv2.CfnWebACL_VisibilityConfigProperty {
		return &awswafv2.CfnWebACL_VisibilityConfigProperty{
			CloudWatchMetricsEnabled: jsii.Bool(true),
			MetricName:               jsii.String(prefix + name),
			SampledRequestsEnabled:   jsii.Bool(true),
		}
	}

	limit := float64(DefaultWebAclRateLimit)
	if props.RateLimit != nil {
		limit = *props.RateLimit
	}
	if limit < awslimits.WAFRateLimitMin || limit > awslimits.WAFRateLimitMax || limit != float64(int64(limit)) {
		problems.add("RateLimit %g: AWS WAF takes a whole number of requests from %d to %d", limit, awslimits.WAFRateLimitMin, awslimits.WAFRateLimitMax)
	}
	window := float64(awslimits.WAFRateEvaluationWindowDefaultSeconds)
	if props.RateWindow != nil {
		window = *props.RateWindow.ToSeconds(nil)
	}
	if !awslimits.WAFRateEvaluationWindowSeconds(int(window)) || window != float64(int(window)) {
		problems.add("RateWindow %gs: AWS WAF counts over 60, 120, 300 or 600 seconds", window)
	}
	action := &awswafv2.CfnWebACL_RuleActionProperty{Block: &awswafv2.CfnWebACL_BlockActionProperty{}}
	groupAction := &awswafv2.CfnWebACL_OverrideActionProperty{None: map[string]any{}}
	if count {
		action = &awswafv2.CfnWebACL_RuleActionProperty{Count: &awswafv2.CfnWebACL_CountActionProperty{}}
		groupAction = &awswafv2.CfnWebACL_OverrideActionProperty{Count: map[string]any{}}
	}
	rules := []any{&awswafv2.CfnWebACL_RuleProperty{
		Name:     jsii.String("RatePerClientAddress"),
		Priority: jsii.Number(0),
		Action:   action,
		Statement: &awswafv2.CfnWebACL_StatementProperty{RateBasedStatement: &awswafv2.CfnWebACL_RateBasedStatementProperty{
			AggregateKeyType:    jsii.String("IP"),
			Limit:               jsii.Number(limit),
			EvaluationWindowSec: jsii.Number(window),
		}},
		VisibilityConfig: visibility("RatePerClientAddress"),
	}}
	this.Capacity = awslimits.WAFRateBasedRuleCapacity

	groups := DefaultWebAclRuleGroups
	if props.ManagedRuleGroups != nil {
		groups = nil
		for _, g := range *props.ManagedRuleGroups {
			groups = append(groups, *g)
		}
	}
	for i, g := range groups {
		wcu, known := awslimits.WAFManagedRuleGroupCapacity(g)
		if !known {
			problems.add("ManagedRuleGroups: %q is not one of the AWS managed rule groups this construct knows the capacity of (%s)", g, knownRuleGroups())
			continue
		}
		if slices.Index(groups, g) != i {
			problems.add("ManagedRuleGroups: %q is listed twice", g)
			continue
		}
		this.Capacity += wcu
		rules = append(rules, &awswafv2.CfnWebACL_RuleProperty{
			Name:           jsii.String(g),
			Priority:       jsii.Number(float64(i + 1)),
			OverrideAction: groupAction,
			Statement: &awswafv2.CfnWebACL_StatementProperty{ManagedRuleGroupStatement: &awswafv2.CfnWebACL_ManagedRuleGroupStatementProperty{
				VendorName: jsii.String(awslimits.WAFManagedRuleGroupVendor),
				Name:       jsii.String(g),
			}},
			VisibilityConfig: visibility(g),
		})
	}
	if this.Capacity > awslimits.WAFWebACLMaxCapacity {
		problems.add("the rules need %d WCU; a web ACL holds at most %d: drop a rule group", this.Capacity, awslimits.WAFWebACLMaxCapacity)
	}

	mode := "blocking"
	if count {
		mode = "counting only"
	}
	this.Acl = awswafv2.NewCfnWebACL(this.Construct, jsii.String("Acl"), &awswafv2.CfnWebACLProps{
		Scope:         jsii.String("CLOUDFRONT"),
		DefaultAction: &awswafv2.CfnWebACL_DefaultActionProperty{Allow: &awswafv2.CfnWebACL_AllowActionProperty{}},
		// WAF allows no parentheses in a description.
		Description:      jsii.String(fmt.Sprintf("Strangler-fig edge, %s: %g requests per client address per %gs, then AWS managed rule groups", mode, limit, window)),
		Rules:            &rules,
		VisibilityConfig: visibility("WebAcl"),
	})
	this.Arn = this.Acl.AttrArn()
	requireUsEast1(this.Construct, problems)
	if props.NoLogging == nil || !*props.NoLogging {
		this.Logs = newWebAclLogging(this, props.Logging)
	}
	return this
}

// requireUsEast1: a known other region stops synth; an unknown one gets
// the stack a template rule that stops the deploy outside us-east-1.
func requireUsEast1(c awsconstructs.Construct, problems *problems) {
	stack := awscdk.Stack_Of(c)
	if region := stack.Region(); !*awscdk.Token_IsUnresolved(region) {
		if *region != awslimits.WAFCloudFrontScopeRegion {
			problems.add("a CLOUDFRONT web ACL can only be made in %s, and this stack is for %s: make it in a %s stack and pass its ARN (EdgeDistributionProps.WebAclId)",
				awslimits.WAFCloudFrontScopeRegion, *region, awslimits.WAFCloudFrontScopeRegion)
		}
		return
	}
	const ruleID = "WebAclNeedsUsEast1"
	if stack.Node().TryFindChild(jsii.String(ruleID)) != nil {
		return
	}
	awscdk.NewCfnRule(stack, jsii.String(ruleID), &awscdk.CfnRuleProps{Assertions: &[]*awscdk.CfnRuleAssertion{{
		Assert: awscdk.Fn_ConditionEquals(awscdk.Aws_REGION(), jsii.String(awslimits.WAFCloudFrontScopeRegion)),
		AssertDescription: jsii.String("This stack makes a CloudFront web ACL (manifest cloudFront.webAcl), which AWS WAF makes only in us-east-1: deploy it there, " +
			"or make the web ACL in a us-east-1 stack and give its ARN as cloudFront.webAclArn instead."),
	}}})
}

func knownRuleGroups() string { return fmt.Sprint(awslimits.WAFManagedRuleGroupNames()) }
