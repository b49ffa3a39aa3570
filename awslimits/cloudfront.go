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
