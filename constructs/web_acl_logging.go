package constructs

import (
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awswafv2"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/awslimits"
)

// WebAclLoggingProps configure a WebAcl's log. All are optional.
type WebAclLoggingProps struct {
	// Retention of the log group. Default: one month.
	Retention awslogs.RetentionDays
	// RedactedHeaders are left out of every log line besides
	// DefaultWebAclRedactedHeaders (e.g. the origin secret's header).
	RedactedHeaders []string
}

// DefaultWebAclRedactedHeaders never reach the web ACL's log: callers'
// credentials, and the origin key's header (CloudFront adds it after the
// web ACL, so a viewer's own x-api-key is what would be logged).
var DefaultWebAclRedactedHeaders = []string{"authorization", "cookie", "x-api-key"}

// WebAclLogging is a WebAcl's log: every request it sees (with the rule
// that matched and the action) into a CloudWatch Logs log group named
// aws-waf-logs-<stack>-<stack ID's UUID> (AWS WAF's required prefix; the
// UUID keeps a retained group from blocking a new stack of the same
// name), in the web ACL's region, with the credential headers redacted.
type WebAclLogging struct {
	LogGroup awslogs.LogGroup
	Config   awswafv2.CfnLoggingConfiguration
	// Redacted are the header names left out (lower case).
	Redacted []string
}

func newWebAclLogging(acl *WebAcl, props *WebAclLoggingProps) *WebAclLogging {
	if props == nil {
		props = &WebAclLoggingProps{}
	}
	stack := awscdk.Stack_Of(acl.Construct)
	name := awscdk.Fn_Join(jsii.String(""), &[]*string{jsii.String(awslimits.WAFLogGroupPrefix), stack.StackName(), jsii.String("-"),
		awscdk.Fn_Select(jsii.Number(2), awscdk.Fn_Split(jsii.String("/"), stack.StackId(), nil))})
	this := &WebAclLogging{}
	this.LogGroup = awslogs.NewLogGroup(acl.Construct, jsii.String("Logs"), &awslogs.LogGroupProps{
		LogGroupName:  name,
		Retention:     orOneMonth(props.Retention),
		RemovalPolicy: awscdk.RemovalPolicy_RETAIN_ON_UPDATE_OR_DELETE,
	})
	seen := map[string]bool{}
	var fields []any
	for _, h := range append(append([]string{}, DefaultWebAclRedactedHeaders...), props.RedactedHeaders...) {
		h = strings.ToLower(h)
		if seen[h] {
			continue
		}
		seen[h] = true
		this.Redacted = append(this.Redacted, h)
		fields = append(fields, &awswafv2.CfnLoggingConfiguration_FieldToMatchProperty{SingleHeader: map[string]any{"Name": h}})
	}
	// The log group's ARN without the ":*" CDK's LogGroupArn ends with.
	arn := stack.FormatArn(&awscdk.ArnComponents{Service: jsii.String("logs"), Resource: jsii.String("log-group"),
		ResourceName: this.LogGroup.LogGroupName(), ArnFormat: awscdk.ArnFormat_COLON_RESOURCE_NAME})
	this.Config = awswafv2.NewCfnLoggingConfiguration(acl.Construct, jsii.String("Logging"), &awswafv2.CfnLoggingConfigurationProps{
		ResourceArn:           acl.Arn,
		LogDestinationConfigs: &[]any{arn},
		RedactedFields:        &fields,
	})
	return this
}
