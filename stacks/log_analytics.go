package stacks

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/constructs"
)

// newLogAnalytics delivers the distribution's logs as Parquet (logging v2)
// into its log bucket and makes them queryable with Athena; the outputs
// are what `planner --athena-*` needs.
func newLogAnalytics(stack awscdk.Stack, edge *constructs.EdgeDistribution, legacyLogging bool, inUsEast1 awscdk.CfnCondition) *constructs.AccessLogAnalytics {
	a := constructs.NewAccessLogAnalytics(stack, jsii.String("LogAnalytics"), &constructs.AccessLogAnalyticsProps{
		Distribution:     edge.Distribution,
		Bucket:           edge.LogBucket,
		UsEast1Condition: inUsEast1, // the CloudFront alarm's: one condition
	})
	if !legacyLogging {
		if a.Delivery == nil {
			awscdk.Annotations_Of(edge.Distribution).AddError(jsii.String(
				"cloudFront.legacyLogging: false leaves the distribution without access logs: logging v2 is delivered only when the stack is in us-east-1, and this stack is in " + *stack.Region() + "; keep legacyLogging (the default)"))
		} else if a.DeliveryCondition != nil {
			awscdk.Annotations_Of(edge.Distribution).AddWarningV2(jsii.String("strangler:no-legacy-logging"), jsii.String(
				"cloudFront.legacyLogging: false: deployed outside us-east-1 this stack has no access logs (logging v2 is delivered only from us-east-1)"))
		}
		constructs.SuppressNag(edge.Distribution.Node().DefaultChild(), constructs.NagSuppression{ID: "AwsSolutions-CFR3",
			Reason: "Access logs are delivered by CloudFront standard logging v2 (the AWS::Logs::Delivery of LogAnalytics, Parquet into the log bucket), which this rule does not see: it reads only the distribution's legacy Logging property; synth refuses this setting where v2 cannot deliver."})
	}
	output(stack, "LogDatabase", jsii.String(a.DatabaseName()), "Glue database of the CloudFront access logs (planner --athena-database)")
	output(stack, "LogTable", jsii.String(a.TableName()), "Glue table of the CloudFront access logs, Parquet with partition projection (planner --athena-table)")
	output(stack, "LogWorkGroup", a.WorkGroupName(), "Athena workgroup for the planner's queries (planner --athena-workgroup)")
	output(stack, "LogLocation", a.Location, "CloudFront logging v2 Parquet, partitioned <distribution>/<yyyy>/<MM>/<dd>/<HH>/ (planner --athena-logs, for the scan estimate)")
	output(stack, "DistributionId", edge.Distribution.DistributionId(), "The distribution whose logs are analysed (planner --athena-distribution)")
	return a
}
