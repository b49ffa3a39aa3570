package awslimits

// CloudFront quotas and defaults.
// Source: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html
const (
	// CloudFrontCacheBehaviorsPerDistribution is the default quota of cache
	// behaviours per distribution (adjustable through Service Quotas).
	CloudFrontCacheBehaviorsPerDistribution = 75
	// CloudFrontOriginGroupsPerDistribution is the default quota of origin
	// groups per distribution.
	CloudFrontOriginGroupsPerDistribution = 10
)

// CloudFront Functions quotas.
// Source: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-functions
const (
	// CloudFrontFunctionCodeBytes is the largest function code, 10 KB.
	CloudFrontFunctionCodeBytes = 10 * 1024
)
