package awslimits

// CloudFront response headers policies: one per cache behaviour, so CORS
// and security headers of a behaviour go in one policy.
// Source: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-cloudfront-distribution-cachebehavior.html (ResponseHeadersPolicyId)

// CloudFrontResponseHeadersPoliciesPerAccount is the default quota of
// custom response headers policies per AWS account.
// Source: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html
const CloudFrontResponseHeadersPoliciesPerAccount = 20

// CloudFrontFrameOptions are the values of a policy's X-Frame-Options.
// Source: https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_ResponseHeadersPolicyFrameOptions.html
var CloudFrontFrameOptions = []string{"DENY", "SAMEORIGIN"}

// CloudFrontReferrerPolicies are the values of a policy's Referrer-Policy.
// Source: https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_ResponseHeadersPolicyReferrerPolicy.html
var CloudFrontReferrerPolicies = []string{"no-referrer", "no-referrer-when-downgrade", "origin", "origin-when-cross-origin",
	"same-origin", "strict-origin", "strict-origin-when-cross-origin", "unsafe-url"}
