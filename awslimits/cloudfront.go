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

// CloudFront origin defaults, which the stack keeps.
// Source: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesOrigin.html
const (
	// CloudFrontOriginConnectionAttempts is how often CloudFront tries to
	// connect to an origin before it gives up (or fails over).
	CloudFrontOriginConnectionAttempts = 3
	// CloudFrontOriginConnectionTimeoutSeconds is how long each attempt waits.
	CloudFrontOriginConnectionTimeoutSeconds = 10
	// CloudFrontOriginResponseTimeoutSeconds is the default time CloudFront
	// waits for an origin's response (1-120 s on the quotas page).
	CloudFrontOriginResponseTimeoutSeconds = 30
)

// ViewerPatienceSeconds is not an AWS fact: it is how long this project
// assumes a client waits for an answer (many HTTP clients give up at 60 s),
// against which a read that fails over is checked.
const ViewerPatienceSeconds = 60

// CloudFrontCachePoliciesPerAccount is the default quota of custom cache
// policies per AWS account (shared by every distribution).
// Source: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-policies
const CloudFrontCachePoliciesPerAccount = 20

// CloudFrontOriginResponseTimeoutMaxSeconds is the longest an origin's
// response timeout may be set (1 to 120 s, on the quotas page above).
const CloudFrontOriginResponseTimeoutMaxSeconds = 120

// CloudFrontMaxTTLSeconds is the longest a cache policy keeps an object
// (one year).
// Source: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/Expiration.html
const CloudFrontMaxTTLSeconds = 31536000

// What a CloudFront cache policy may put in its cache key.
// Source: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-policies
const (
	// CloudFrontCachePolicyQueryStringsMax is the most query strings one
	// cache policy's allow list may name.
	CloudFrontCachePolicyQueryStringsMax = 10
	// CloudFrontCachePolicyCookiesMax is the most cookies one cache
	// policy's allow list may name.
	CloudFrontCachePolicyCookiesMax = 10
)
