package stacks

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/constructs"
)

// newLogAnalytics delivers the distribution's logs as Parquet (logging v2)
// into its log bucket and makes them queryable with Athena; the outputs
// are what `planner --athena-*` needs.
func newLogAnalytics(stack awscdk.Stack, edge *constructs.EdgeDistribution) *constructs.AccessLogAnalytics {
	a := constructs.NewAccessLogAnalytics(stack, jsii.String("LogAnalytics"), &constructs.AccessLogAnalyticsProps{
		Distribution: edge.Distribution,
		Bucket:       edge.LogBucket,
	})
	output(stack, "LogDatabase", jsii.String(a.DatabaseName()), "Glue database of the CloudFront access logs (planner --athena-database)")
	output(stack, "LogTable", jsii.String(a.TableName()), "Glue table of the CloudFront access logs, Parquet with partition projection (planner --athena-table)")
	output(stack, "LogWorkGroup", a.WorkGroupName(), "Athena workgroup for the planner's queries (planner --athena-workgroup)")
	output(stack, "LogLocation", a.Location, "CloudFront logging v2 Parquet, partitioned <distribution>/<yyyy>/<MM>/<dd>/<HH>/ (planner --athena-logs, for the scan estimate)")
	output(stack, "DistributionId", edge.Distribution.DistributionId(), "The distribution whose logs are analysed (planner --athena-distribution)")
	return a
}
