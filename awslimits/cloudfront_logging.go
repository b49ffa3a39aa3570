package awslimits

import "strings"

// CloudFront standard logging (v2): a delivery source of type ACCESS_LOGS for
// the distribution, an S3 delivery destination, and a delivery with the
// chosen fields and a suffix path.
// Source: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging.html
// (fields: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logs-reference.html#BasicDistributionFileFormat)
const (
	// CloudFrontLogType is the delivery source's LogType for access logs.
	CloudFrontLogType = "ACCESS_LOGS"
	// CloudFrontLoggingRegion is where the delivery source, destination and
	// delivery of a CloudFront distribution must be created (CloudFront is a
	// global service whose logging configuration lives in us-east-1); the
	// bucket itself may be in any region.
	CloudFrontLoggingRegion = "us-east-1"
	// CloudFrontLogOutputParquet is the delivery destination's OutputFormat
	// for Apache Parquet.
	CloudFrontLogOutputParquet = "parquet"
	// CloudFrontLogS3Prefix is the prefix CloudWatch Logs puts before the
	// suffix path for CloudFront sources: AWSLogs/{account-id}/CloudFront/.
	// Source: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-V2-S3.html
	CloudFrontLogS3Prefix = "AWSLogs/%s/CloudFront/"
	// CloudFrontLogPartitionedSuffix partitions the objects by distribution
	// and hour, the layout Athena's partition projection example reads.
	CloudFrontLogPartitionedSuffix = "{DistributionId}/{yyyy}/{MM}/{dd}/{HH}"
)

// Field names of the v2 field list that the planner and the parity check
// read (cflog.DefaultFields spells the same names in the W3C text header).
const (
	FieldDate         = "date"
	FieldTime         = "time"
	FieldMethod       = "cs-method"
	FieldHost         = "cs(Host)"
	FieldURIStem      = "cs-uri-stem"
	FieldStatus       = "sc-status"
	FieldBytes        = "sc-bytes"
	FieldTimeTaken    = "time-taken"
	FieldHostHeader   = "x-host-header"
	FieldURIQuery     = "cs-uri-query"
	FieldClientIP     = "c-ip"
	FieldRequestID    = "x-edge-request-id"
	FieldUserAgent    = "cs(User-Agent)"
	FieldResultType   = "x-edge-result-type"
	FieldEdgeLocation = "x-edge-location"
)

// CloudFrontPlannerFields are the fields the planner reads (route, time,
// method, status, bytes, latency, host) and the parity check replays
// (method, path, query, host), plus what identifies a request when a
// difference is investigated (client address, request ID, user agent,
// result type, edge location).
var CloudFrontPlannerFields = []string{
	FieldDate, FieldTime, FieldMethod, FieldHost, FieldURIStem, FieldStatus, FieldBytes,
	FieldTimeTaken, FieldHostHeader, FieldURIQuery, FieldClientIP, FieldRequestID,
	FieldUserAgent, FieldResultType, FieldEdgeLocation,
}

// ParquetColumn is the column name a v2 field has in Parquet and in
// Athena's table over it: lower case, "-" as "_", and the header fields
// cs(Host), cs(Referer), cs(User-Agent), cs(Cookie) as cs_host, cs_referer,
// cs_user_agent, cs_cookie.
// Source: https://docs.aws.amazon.com/athena/latest/ug/create-cloudfront-table-partition-parquet.html
// (its CREATE TABLE names the columns so, and ParquetHiveSerDe maps columns by name).
func ParquetColumn(field string) string {
	f := strings.ToLower(field)
	if strings.HasPrefix(f, "cs(") && strings.HasSuffix(f, ")") {
		f = "cs-" + f[3:len(f)-1]
	}
	return strings.ReplaceAll(f, "-", "_")
}

// Athena pricing and limits for SQL queries.
// Source: https://aws.amazon.com/athena/pricing/ (per TB scanned, rounded up
// to the nearest megabyte, 10 MB minimum per query) and
// https://docs.aws.amazon.com/athena/latest/ug/workgroups-setting-control-limits-cloudwatch.html
// (the per-query data usage control is at least 10 MB).
const (
	// AthenaUSDPerTBScanned is the price of SQL queries in us-east-1 (other
	// regions differ a little).
	AthenaUSDPerTBScanned = 5.0
	// AthenaMinBytesBilledPerQuery is the least a query is billed for.
	AthenaMinBytesBilledPerQuery = 10_000_000
	// AthenaMinBytesScannedCutoff is the smallest BytesScannedCutoffPerQuery.
	AthenaMinBytesScannedCutoff = 10_000_000
	// AthenaMaxQueryBytes is the longest query string StartQueryExecution
	// accepts (262,144 bytes).
	// Source: https://docs.aws.amazon.com/athena/latest/APIReference/API_StartQueryExecution.html
	AthenaMaxQueryBytes = 262_144
	// AthenaMaxResultsPerPage is GetQueryResults' largest MaxResults.
	// Source: https://docs.aws.amazon.com/athena/latest/APIReference/API_GetQueryResults.html
	AthenaMaxResultsPerPage = 1000
	// AthenaEngineVersion is the engine the workgroup pins.
	AthenaEngineVersion = "Athena engine version 3"
)

// AthenaCostUSD is what scanning n bytes in one query costs.
func AthenaCostUSD(n int64) float64 {
	n = max(n, AthenaMinBytesBilledPerQuery)
	return float64(n) / 1e12 * AthenaUSDPerTBScanned
}
