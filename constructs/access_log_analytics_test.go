package constructs_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfront"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfrontorigins"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/awslimits"
	"github.com/strangler-fig/strangler/constructs"
)

// analyticsStack is a distribution, a bucket and AccessLogAnalytics over them.
func analyticsStack(t *testing.T, env *awscdk.Environment, props *constructs.AccessLogAnalyticsProps) (awscdk.Stack, *constructs.AccessLogAnalytics) {
	s, a, _, _ := analyticsStackWith(t, env, props)
	return s, a
}

func analyticsStackWith(t *testing.T, env *awscdk.Environment, props *constructs.AccessLogAnalyticsProps) (awscdk.Stack, *constructs.AccessLogAnalytics, awscloudfront.Distribution, awss3.Bucket) {
	t.Helper()
	stack := newTestStack(t, env)
	bucket := awss3.NewBucket(stack, jsii.String("Logs"), &awss3.BucketProps{EnforceSSL: jsii.Bool(true)})
	dist := awscloudfront.NewDistribution(stack, jsii.String("Dist"), &awscloudfront.DistributionProps{
		DefaultBehavior: &awscloudfront.BehaviorOptions{Origin: awscloudfrontorigins.NewHttpOrigin(jsii.String("legacy.example.com"), nil)},
	})
	if props == nil {
		props = &constructs.AccessLogAnalyticsProps{}
	}
	props.Distribution, props.Bucket = dist, bucket
	return stack, constructs.NewAccessLogAnalytics(stack, jsii.String("Analytics"), props), dist, bucket
}

func TestAccessLogAnalyticsDeliversParquetPartitionedWithThePlannersFields(t *testing.T) {
	stack, a, d, b := analyticsStackWith(t, nil, nil)
	tpl := templateOf(t, stack)
	dist := logicalID(stack, d)
	tpl.has("AWS::Logs::DeliverySource", map[string]any{
		"LogType":     "ACCESS_LOGS",
		"ResourceArn": assertions.Match_AnyValue(),
	})
	src, _ := tpl.only("AWS::Logs::DeliverySource", nil)
	srcProps := properties(tpl.json["Resources"].(map[string]any)[src].(map[string]any))
	if !strings.Contains(jsonString(srcProps["ResourceArn"]), dist) {
		t.Errorf("delivery source ResourceArn %s is not the distribution %s's ARN", jsonString(srcProps["ResourceArn"]), dist)
	}
	bucket := logicalID(stack, b)
	tpl.has("AWS::Logs::DeliveryDestination", map[string]any{
		"OutputFormat":           "parquet",
		"DestinationResourceArn": getAtt(bucket, "Arn"),
	})
	destination, _ := tpl.only("AWS::Logs::DeliveryDestination", nil)
	tpl.has("AWS::Logs::Delivery", map[string]any{
		"DeliverySourceName":         ref(src),
		"DeliveryDestinationArn":     getAtt(destination, "Arn"),
		"S3SuffixPath":               "{DistributionId}/{yyyy}/{MM}/{dd}/{HH}",
		"S3EnableHiveCompatiblePath": false,
		"RecordFields":               awslimits.CloudFrontPlannerFields,
	})
	// Every field the planner parses from text logs is delivered.
	for _, f := range []string{"date", "time", "cs-method", "cs-uri-stem", "sc-status", "sc-bytes", "time-taken", "cs(Host)", "x-host-header", "cs-uri-query"} {
		found := false
		for _, g := range a.RecordFields {
			found = found || g == f
		}
		if !found {
			t.Errorf("RecordFields lack %s, which the planner reads", f)
		}
	}
	// Env-agnostic: the region is decided at deploy time, so the three
	// delivery resources exist only under a us-east-1 condition.
	cond := *stack.GetLogicalId(a.DeliveryCondition)
	for _, typ := range []string{"AWS::Logs::DeliverySource", "AWS::Logs::DeliveryDestination", "AWS::Logs::Delivery"} {
		tpl.hasResource(typ, map[string]any{"Condition": cond})
	}
	if got := jsonString(tpl.json["Conditions"].(map[string]any)[cond]); !strings.Contains(got, `"us-east-1"`) {
		t.Errorf("condition %s = %s, want a test of the region against us-east-1", cond, got)
	}
	// The delivery service may write to the bucket, for this account's sources only.
	tpl.has("AWS::S3::BucketPolicy", map[string]any{
		"PolicyDocument": map[string]any{"Statement": assertions.Match_ArrayWith(&[]any{assertions.Match_ObjectLike(&map[string]any{
			"Sid": "CloudFrontLoggingV2Write", "Effect": "Allow", "Action": "s3:PutObject",
			"Principal": map[string]any{"Service": "delivery.logs.amazonaws.com"},
			"Condition": map[string]any{
				"StringEquals": map[string]any{"s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceAccount": ref("AWS::AccountId")},
				"ArnLike":      map[string]any{"aws:SourceArn": assertions.Match_AnyValue()},
			},
		})})},
	})
}

func TestAccessLogAnalyticsTableProjectsPartitionsAsAthenasExample(t *testing.T) {
	stack, a := analyticsStack(t, nil, nil)
	tpl := templateOf(t, stack)
	_, table := tpl.only("AWS::Glue::Table", nil)
	in := properties(table)["TableInput"].(map[string]any)
	if in["Name"] != a.TableName() {
		t.Errorf("table name %v, want %s", in["Name"], a.TableName())
	}
	params := in["Parameters"].(map[string]any)
	for k, want := range map[string]string{
		"projection.enabled": "true", "projection.distributionid.type": "enum",
		"projection.month.range": "01,12", "projection.month.digits": "2",
		"projection.day.range": "01,31", "projection.hour.range": "00,23", "projection.hour.digits": "2",
	} {
		if params[k] != want {
			t.Errorf("table parameter %s = %v, want %s", k, params[k], want)
		}
	}
	if got := jsonString(params["storage.location.template"]); !strings.Contains(got, "/CloudFront/${distributionid}/${year}/${month}/${day}/${hour}/") || !strings.Contains(got, "AWSLogs/") {
		t.Errorf("storage.location.template = %s, want AWSLogs/<account>/CloudFront/${distributionid}/${year}/${month}/${day}/${hour}/", got)
	}
	if got := jsonString(params["projection.distributionid.values"]); !strings.Contains(got, "Ref") {
		t.Errorf("projection.distributionid.values = %s, want the distribution's ID", got)
	}
	sd := in["StorageDescriptor"].(map[string]any)
	if sd["SerdeInfo"].(map[string]any)["SerializationLibrary"] != "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe" {
		t.Errorf("SerDe %v, want ParquetHiveSerDe", sd["SerdeInfo"])
	}
	var cols []string
	for _, c := range sd["Columns"].([]any) {
		cols = append(cols, c.(map[string]any)["Name"].(string))
	}
	if got := strings.Join(cols, " "); !strings.Contains(got, "cs_uri_stem") || !strings.Contains(got, "cs_host") || !strings.Contains(got, "time_taken") {
		t.Errorf("columns %s, want Athena's names (cs_uri_stem, cs_host, time_taken)", got)
	}
	var keys []string
	for _, c := range in["PartitionKeys"].([]any) {
		keys = append(keys, c.(map[string]any)["Name"].(string))
	}
	if got := strings.Join(keys, "/"); got != "distributionid/year/month/day/hour" {
		t.Errorf("partition keys %s, want distributionid/year/month/day/hour", got)
	}
}

func TestAccessLogAnalyticsWorkGroupEnforcesEncryptedResultsAndAScanLimit(t *testing.T) {
	stack, a := analyticsStack(t, nil, nil)
	tpl := templateOf(t, stack)
	results := logicalID(stack, a.ResultsBucket)
	tpl.has("AWS::Athena::WorkGroup", map[string]any{
		"RecursiveDeleteOption": true,
		"WorkGroupConfiguration": map[string]any{
			"EnforceWorkGroupConfiguration": true,
			"BytesScannedCutoffPerQuery":    constructs.DefaultBytesScannedCutoffPerQuery,
			"EngineVersion":                 map[string]any{"SelectedEngineVersion": "Athena engine version 3"},
			"ResultConfiguration": map[string]any{
				"EncryptionConfiguration": map[string]any{"EncryptionOption": "SSE_S3"},
				"OutputLocation":          map[string]any{"Fn::Join": []any{"", []any{"s3://", ref(results), "/results/"}}},
			},
		},
	})
	tpl.has("AWS::S3::Bucket", map[string]any{
		"BucketEncryption":       map[string]any{"ServerSideEncryptionConfiguration": []any{map[string]any{"ServerSideEncryptionByDefault": map[string]any{"SSEAlgorithm": "AES256"}}}},
		"LifecycleConfiguration": map[string]any{"Rules": []any{map[string]any{"ExpirationInDays": 7, "Status": "Enabled"}}},
	})
}

func TestAccessLogAnalyticsOutsideUsEast1MakesNoDeliveryAndSaysSo(t *testing.T) {
	stack, a := analyticsStack(t, &awscdk.Environment{Region: jsii.String("eu-west-1")}, nil)
	tpl := templateOf(t, stack)
	tpl.count("AWS::Logs::DeliverySource", 0)
	tpl.count("AWS::Logs::Delivery", 0)
	tpl.count("AWS::Glue::Table", 1)
	tpl.count("AWS::Athena::WorkGroup", 1)
	if a.Source != nil || a.DeliveryCondition != nil {
		t.Error("Source or DeliveryCondition set outside us-east-1")
	}
	msgs := assertions.Annotations_FromStack(stack).FindWarning(jsii.String("*"), assertions.Match_StringLikeRegexp(jsii.String("logging v2")))
	if len(*msgs) == 0 {
		t.Error("no warning that logging v2 is not delivered from eu-west-1")
	}

	stack, a = analyticsStack(t, &awscdk.Environment{Region: jsii.String("us-east-1")}, nil)
	tpl = templateOf(t, stack)
	tpl.count("AWS::Logs::Delivery", 1)
	if a.DeliveryCondition != nil {
		t.Error("a condition in a stack known to be in us-east-1")
	}
}

func TestAccessLogAnalyticsRejectsACutoffUnderAthenasMinimum(t *testing.T) {
	mustPanic(t, func() {
		analyticsStack(t, nil, &constructs.AccessLogAnalyticsProps{BytesScannedCutoffPerQuery: jsii.Number(1e6)})
	}, "Stack/Analytics", "BytesScannedCutoffPerQuery", "10000000")
	mustPanic(t, func() {
		constructs.NewAccessLogAnalytics(newTestStack(t, nil), jsii.String("A"), &constructs.AccessLogAnalyticsProps{})
	}, "Distribution and Bucket are required")
}
