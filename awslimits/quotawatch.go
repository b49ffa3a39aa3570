package awslimits

// The quota watch's metrics: the contract between the Lambda that
// publishes them (lambdas/quotawatch) and the constructs that alarm and
// graph them (constructs.QuotaWatch). Not an AWS fact, but written once here
// for the same reason.
const (
	// QuotaWatchNamespace is their CloudWatch namespace.
	QuotaWatchNamespace = "StranglerFig/Quotas"
	// QuotaWatchThresholdPercent of a quota raises its alarm.
	QuotaWatchThresholdPercent = 80
	// Dimension names.
	QuotaWatchDimensionQuota    = "Quota"
	QuotaWatchDimensionSubnet   = "SubnetId"
	QuotaWatchDimensionDatabase = "Database"
)

// Values of the Quota dimension.
const (
	QuotaLambdaConcurrency         = "LambdaConcurrency"
	QuotaLambdaReservedConcurrency = "LambdaReservedConcurrency"
	QuotaNetworkInterfaces         = "NetworkInterfaces"
	// QuotaLambdaNetworkInterfaces is Lambda's share of NetworkInterfaces
	// (its interfaces in the VPC, against the same regional quota): for
	// graphs, without an alarm.
	QuotaLambdaNetworkInterfaces  = "LambdaNetworkInterfaces"
	QuotaSubnetAddresses          = "SubnetAddresses"
	QuotaApiGatewayThrottleRate   = "ApiGatewayThrottleRate"
	QuotaDatabaseConnections      = "DatabaseConnections"
	QuotaProxyDatabaseConnections = "ProxyDatabaseConnections"
	QuotaProxyClientConnections   = "ProxyClientConnections"
)

// Metric names: each has the Quota dimension (and SubnetId or Database).
const (
	QuotaWatchMetricUtilization = "Utilization" // Percent: Usage / Limit
	QuotaWatchMetricUsage       = "Usage"
	QuotaWatchMetricLimit       = "Limit"
)
