package constructs

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	awsconstructs "github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// nagMetadataKey is where cdk-nag reads suppressions on a CloudFormation
// resource. Writing the metadata ourselves (what NagSuppressions does)
// keeps cdk-nag out of the dependencies of every user of these constructs,
// while a user who runs cdk-nag sees each suppression and its reason.
const nagMetadataKey = "cdk_nag"

// NagSuppression is one cdk-nag rule waived on purpose, with why.
type NagSuppression struct {
	// ID of the rule, e.g. "AwsSolutions-IAM5".
	ID string
	// Reason, specific to this resource: cdk-nag refuses fewer than 10 characters.
	Reason string
	// AppliesTo narrows a rule with findings (e.g. "Resource::*"). Default: all.
	AppliesTo []string
}

// SuppressNag records suppressions on every CloudFormation resource at or
// under c, adding to any already there.
func SuppressNag(c awsconstructs.IConstruct, suppressions ...NagSuppression) {
	// A CloudFormation resource (a DefaultChild, most calls) has no
	// resources under it: no FindAll, two round trips to Node fewer.
	targets := []awsconstructs.IConstruct{c}
	if _, ok := c.(awscdk.CfnResource); !ok {
		targets = *c.Node().FindAll(awsconstructs.ConstructOrder_PREORDER)
	}
	for _, child := range targets {
		// A Go type check, not CfnResource_IsCfnResource: a round trip to
		// Node per construct (each proxy's type is its JavaScript class).
		if res, ok := child.(awscdk.CfnResource); ok {
			addNagRules(res, existingNagRules(res), suppressions)
		}
	}
}

// suppressNagOnNew is SuppressNag on the CloudFormation resource of a
// construct this package has just made, which holds no suppression yet:
// one round trip to Node fewer than reading them (an API method, ~300 a
// 150-route stack).
func suppressNagOnNew(c awsconstructs.IConstruct, suppressions ...NagSuppression) {
	addNagRules(c.Node().DefaultChild().(awscdk.CfnResource), nil, suppressions)
}

func addNagRules(res awscdk.CfnResource, rules []interface{}, suppressions []NagSuppression) {
	for _, s := range suppressions {
		rule := map[string]interface{}{"id": s.ID, "reason": s.Reason}
		if len(s.AppliesTo) > 0 {
			rule["applies_to"] = s.AppliesTo
		}
		rules = append(rules, rule)
	}
	res.AddMetadata(jsii.String(nagMetadataKey), map[string]interface{}{"rules_to_suppress": rules})
}

func existingNagRules(res awscdk.CfnResource) []interface{} {
	meta, ok := res.GetMetadata(jsii.String(nagMetadataKey)).(map[string]interface{})
	if !ok {
		return nil
	}
	rules, _ := meta["rules_to_suppress"].([]interface{})
	return rules
}
