package constructs

import (
	"fmt"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsathena"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfront"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsglue"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	awsconstructs "github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/awslimits"
)

// AccessLogAnalyticsProps configure AccessLogAnalytics.
type AccessLogAnalyticsProps struct {
	// Distribution whose access logs are delivered. Required.
	Distribution awscloudfront.IDistribution
	// Bucket the logs are delivered to (e.g. EdgeDistribution.LogBucket);
	// a policy statement lets CloudWatch Logs' delivery service write there
	// for this account's delivery sources only. Required.
	Bucket awss3.IBucket
	// RecordFields delivered, v2 field names. Default:
	// awslimits.CloudFrontPlannerFields (what the planner and the parity
	// check read).
	RecordFields []string
	// BytesScannedCutoffPerQuery stops any query of the workgroup that
	// scans more (at least 10 MB). Default: 100 GB ($0.50 a query).
	BytesScannedCutoffPerQuery *float64
	// ResultsRetention keeps query results. Default: 7 days.
	ResultsRetention awscdk.Duration
	// FirstYear of the partition projection over years. Default: 2024.
	FirstYear int
	// UsEast1Condition, when the stack's region is decided at deploy time,
	// is a condition true only in us-east-1 to put the delivery under (e.g.
	// MigrationMonitoring.DistributionAlarmCondition: one condition, not two
	// equal ones). Default: a new one.
	UsEast1Condition awscdk.CfnCondition
}

// DefaultBytesScannedCutoffPerQuery is 100 GB.
const DefaultBytesScannedCutoffPerQuery = 100e9

// AccessLogAnalytics delivers a distribution's access logs to S3 as
// Parquet with CloudFront standard logging (v2), partitioned by
// distribution and hour, and makes them queryable in place: a Glue table
// with partition projection (no crawler, no partitions to add) and an
// Athena workgroup with its own encrypted results bucket, an enforced
// configuration and a per-query scan limit.
//
// Logging v2 is configured in us-east-1 whatever the bucket's region
// (awslimits.CloudFrontLoggingRegion): the delivery resources exist only
// when the stack is deployed there. When the stack's region is known at
// synth and is another, they are not made (a warning says so); when it is
// decided at deploy time, DeliveryCondition keeps them only in us-east-1.
// The Glue table and the workgroup are made wherever the stack is.
type AccessLogAnalytics struct {
	awsconstructs.Construct
	// Source, Destination and Delivery configure logging v2; nil when the
	// stack's region is known and is not us-east-1.
	Source      awslogs.CfnDeliverySource
	Destination awslogs.CfnDeliveryDestination
	Delivery    awslogs.CfnDelivery
	// DeliveryCondition is set when the region is decided at deploy time:
	// the delivery resources exist only under it.
	DeliveryCondition awscdk.CfnCondition
	Database          awsglue.CfnDatabase
	Table             awsglue.CfnTable
	WorkGroup         awsathena.CfnWorkGroup
	ResultsBucket     awss3.Bucket
	// RecordFields delivered.
	RecordFields []string
	// Location of the Parquet logs, s3://bucket/AWSLogs/<account>/CloudFront/
	// (the table's; objects are under <distribution>/<yyyy>/<MM>/<dd>/<HH>/).
	Location *string

	databaseName, tableName string
}

// AccessLogTableName is the Glue table's name in its database.
const AccessLogTableName = "cloudfront_logs"

// NewAccessLogAnalytics makes the delivery, the table and the workgroup.
func NewAccessLogAnalytics(scope awsconstructs.Construct, id *string, props *AccessLogAnalyticsProps) *AccessLogAnalytics {
	if props == nil || props.Distribution == nil || props.Bucket == nil {
		panic(fmt.Sprintf("%s: Distribution and Bucket are required", constructPath(scope, id)))
	}
	this := &AccessLogAnalytics{Construct: awsconstructs.NewConstruct(scope, id), tableName: AccessLogTableName}
	stack := awscdk.Stack_Of(this.Construct)
	fields := props.RecordFields
	if len(fields) == 0 {
		fields = awslimits.CloudFrontPlannerFields
	}
	this.RecordFields = fields
	cutoff := props.BytesScannedCutoffPerQuery
	if cutoff == nil {
		cutoff = jsii.Number(DefaultBytesScannedCutoffPerQuery)
	}
	if *cutoff < awslimits.AthenaMinBytesScannedCutoff {
		panic(fmt.Sprintf("%s: BytesScannedCutoffPerQuery %.0f is under Athena's minimum of %d bytes; use at least that", *this.Node().Path(), *cutoff, awslimits.AthenaMinBytesScannedCutoff))
	}
	firstYear := props.FirstYear
	if firstYear == 0 {
		firstYear = 2024
	}

	// Logging v2, made in us-east-1 only.
	region := stack.Region()
	known := !*awscdk.Token_IsUnresolved(region)
	if known && *region != awslimits.CloudFrontLoggingRegion {
		awscdk.Annotations_Of(this.Construct).AddWarningV2(jsii.String("strangler:logging-v2-region"), jsii.String(fmt.Sprintf(
			"CloudFront logging v2 is configured in %s and this stack is in %s: no Parquet logs are delivered; keep legacy logging, or deploy the stack in %s",
			awslimits.CloudFrontLoggingRegion, *region, awslimits.CloudFrontLoggingRegion)))
	} else {
		this.makeDelivery(stack, props, fields, known)
	}
	// The delivery service writes with bucket-owner-full-control, for this
	// account's delivery sources only (confused-deputy conditions).
	// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-V2-S3.html
	props.Bucket.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid:        jsii.String("CloudFrontLoggingV2Write"),
		Principals: &[]awsiam.IPrincipal{awsiam.NewServicePrincipal(jsii.String(awslimits.LogsDeliveryServicePrincipal), nil)},
		Actions:    jsii.Strings("s3:PutObject"),
		Resources:  jsii.Strings(*props.Bucket.ArnForObjects(jsii.String(fmt.Sprintf(awslimits.CloudFrontLogS3Prefix, "*") + "*"))),
		Conditions: &map[string]any{
			"StringEquals": map[string]any{"s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceAccount": stack.Account()},
			"ArnLike": map[string]any{"aws:SourceArn": awscdk.Fn_Join(jsii.String(""), jsii.Strings(
				"arn:", *awscdk.Aws_PARTITION(), ":logs:", awslimits.CloudFrontLoggingRegion, ":", *stack.Account(), ":delivery-source:*"))},
		},
	}))

	// Glue table with partition projection, as Athena's CloudFront Parquet example.
	this.databaseName = strings.ToLower(*awscdk.Names_UniqueResourceName(this.Construct, &awscdk.UniqueResourceNameOptions{MaxLength: jsii.Number(64), Separator: jsii.String("_")}))
	this.Database = awsglue.NewCfnDatabase(this.Construct, jsii.String("Database"), &awsglue.CfnDatabaseProps{
		CatalogId: stack.Account(),
		DatabaseInput: &awsglue.CfnDatabase_DatabaseInputProperty{
			Name:        jsii.String(this.databaseName),
			Description: jsii.String("CloudFront access logs (logging v2, Parquet) for the migration planner"),
		},
	})
	location := awscdk.Fn_Join(jsii.String(""), jsii.Strings("s3://", *props.Bucket.BucketName(), "/", fmt.Sprintf(awslimits.CloudFrontLogS3Prefix, *stack.Account())))
	this.Location = location
	var columns []any
	for _, f := range fields {
		columns = append(columns, &awsglue.CfnTable_ColumnProperty{Name: jsii.String(awslimits.ParquetColumn(f)), Type: jsii.String("string")})
	}
	this.Table = awsglue.NewCfnTable(this.Construct, jsii.String("Table"), &awsglue.CfnTableProps{
		CatalogId:    stack.Account(),
		DatabaseName: this.Database.Ref(), // its name, and the order
		TableInput: &awsglue.CfnTable_TableInputProperty{
			Name:      jsii.String(this.tableName),
			TableType: jsii.String("EXTERNAL_TABLE"),
			PartitionKeys: []any{
				&awsglue.CfnTable_ColumnProperty{Name: jsii.String("distributionid"), Type: jsii.String("string")},
				&awsglue.CfnTable_ColumnProperty{Name: jsii.String("year"), Type: jsii.String("int")},
				&awsglue.CfnTable_ColumnProperty{Name: jsii.String("month"), Type: jsii.String("int")},
				&awsglue.CfnTable_ColumnProperty{Name: jsii.String("day"), Type: jsii.String("int")},
				&awsglue.CfnTable_ColumnProperty{Name: jsii.String("hour"), Type: jsii.String("int")},
			},
			Parameters: map[string]any{
				"classification":                   "parquet",
				"projection.enabled":               "true",
				"projection.distributionid.type":   "enum",
				"projection.distributionid.values": props.Distribution.DistributionId(),
				"projection.year.type":             "integer",
				"projection.year.range":            fmt.Sprintf("%d,%d", firstYear, firstYear+75),
				"projection.month.type":            "integer",
				"projection.month.range":           "01,12",
				"projection.month.digits":          "2",
				"projection.day.type":              "integer",
				"projection.day.range":             "01,31",
				"projection.day.digits":            "2",
				"projection.hour.type":             "integer",
				"projection.hour.range":            "00,23",
				"projection.hour.digits":           "2",
				"storage.location.template":        awscdk.Fn_Join(jsii.String(""), &[]*string{location, jsii.String("${distributionid}/${year}/${month}/${day}/${hour}/")}),
			},
			StorageDescriptor: &awsglue.CfnTable_StorageDescriptorProperty{
				Columns:      columns,
				Location:     location,
				InputFormat:  jsii.String("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat"),
				OutputFormat: jsii.String("org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat"),
				SerdeInfo: &awsglue.CfnTable_SerdeInfoProperty{
					SerializationLibrary: jsii.String("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"),
				},
			},
		},
	})

	// Athena workgroup: results in their own bucket, encrypted, the
	// configuration enforced (a query cannot write elsewhere or unencrypted)
	// and a per-query scan limit.
	retention := props.ResultsRetention
	if retention == nil {
		retention = awscdk.Duration_Days(jsii.Number(7))
	}
	this.ResultsBucket = awss3.NewBucket(this.Construct, jsii.String("Results"), &awss3.BucketProps{
		Encryption:        awss3.BucketEncryption_S3_MANAGED,
		BlockPublicAccess: awss3.BlockPublicAccess_BLOCK_ALL(),
		EnforceSSL:        jsii.Bool(true),
		ObjectOwnership:   awss3.ObjectOwnership_BUCKET_OWNER_ENFORCED,
		LifecycleRules:    &[]*awss3.LifecycleRule{{Expiration: retention}},
		RemovalPolicy:     awscdk.RemovalPolicy_RETAIN_ON_UPDATE_OR_DELETE,
	})
	SuppressNag(this.ResultsBucket.Node().DefaultChild(), NagSuppression{ID: "AwsSolutions-S1",
		Reason: "Athena query results: copies derived from the access logs that expire within days; who ran which query is in CloudTrail (StartQueryExecution) and the workgroup's query history, so server access logs would be logs of logs."})
	this.WorkGroup = awsathena.NewCfnWorkGroup(this.Construct, jsii.String("WorkGroup"), &awsathena.CfnWorkGroupProps{
		Name:                  awscdk.Names_UniqueResourceName(this.Construct, &awscdk.UniqueResourceNameOptions{MaxLength: jsii.Number(128), Separator: jsii.String("-")}),
		Description:           jsii.String("Migration planner queries over the CloudFront access logs"),
		RecursiveDeleteOption: jsii.Bool(true),
		WorkGroupConfiguration: &awsathena.CfnWorkGroup_WorkGroupConfigurationProperty{
			EnforceWorkGroupConfiguration:   jsii.Bool(true),
			PublishCloudWatchMetricsEnabled: jsii.Bool(true),
			BytesScannedCutoffPerQuery:      cutoff,
			EngineVersion:                   &awsathena.CfnWorkGroup_EngineVersionProperty{SelectedEngineVersion: jsii.String(awslimits.AthenaEngineVersion)},
			ResultConfiguration: &awsathena.CfnWorkGroup_ResultConfigurationProperty{
				OutputLocation:          jsii.String(fmt.Sprintf("s3://%s/results/", *this.ResultsBucket.BucketName())),
				EncryptionConfiguration: &awsathena.CfnWorkGroup_EncryptionConfigurationProperty{EncryptionOption: jsii.String("SSE_S3")},
			},
		},
	})
	return this
}

func (this *AccessLogAnalytics) makeDelivery(stack awscdk.Stack, props *AccessLogAnalyticsProps, fields []string, regionKnown bool) {
	name := func(suffix string) *string {
		return awscdk.Names_UniqueResourceName(this.Construct, &awscdk.UniqueResourceNameOptions{MaxLength: jsii.Number(60 - len(suffix)), Separator: jsii.String("-")})
	}
	distributionArn := props.Distribution.DistributionArn()
	this.Source = awslogs.NewCfnDeliverySource(this.Construct, jsii.String("Source"), &awslogs.CfnDeliverySourceProps{
		Name:        jsii.String(*name("-src") + "-src"),
		LogType:     jsii.String(awslimits.CloudFrontLogType),
		ResourceArn: distributionArn,
	})
	this.Destination = awslogs.NewCfnDeliveryDestination(this.Construct, jsii.String("Destination"), &awslogs.CfnDeliveryDestinationProps{
		Name:                   jsii.String(*name("-s3") + "-s3"),
		DestinationResourceArn: props.Bucket.BucketArn(),
		OutputFormat:           jsii.String(awslimits.CloudFrontLogOutputParquet),
	})
	this.Delivery = awslogs.NewCfnDelivery(this.Construct, jsii.String("Delivery"), &awslogs.CfnDeliveryProps{
		DeliverySourceName:         this.Source.Ref(),
		DeliveryDestinationArn:     this.Destination.AttrArn(),
		RecordFields:               jsii.Strings(fields...),
		S3SuffixPath:               jsii.String(awslimits.CloudFrontLogPartitionedSuffix),
		S3EnableHiveCompatiblePath: jsii.Bool(false),
	})
	if regionKnown {
		return
	}
	this.DeliveryCondition = props.UsEast1Condition
	if this.DeliveryCondition == nil {
		this.DeliveryCondition = awscdk.NewCfnCondition(this.Construct, jsii.String("InUsEast1"), &awscdk.CfnConditionProps{
			Expression: awscdk.Fn_ConditionEquals(awscdk.Aws_REGION(), jsii.String(awslimits.CloudFrontLoggingRegion)),
		})
	}
	for _, r := range []awscdk.CfnResource{this.Source, this.Destination, this.Delivery} {
		r.CfnOptions().SetCondition(this.DeliveryCondition)
	}
}

// DatabaseName is the Glue database's name.
func (this *AccessLogAnalytics) DatabaseName() string { return this.databaseName }

// TableName is the Glue table's name.
func (this *AccessLogAnalytics) TableName() string { return this.tableName }

// WorkGroupName is the Athena workgroup's name.
func (this *AccessLogAnalytics) WorkGroupName() *string { return this.WorkGroup.Ref() }
