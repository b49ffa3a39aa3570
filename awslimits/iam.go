package awslimits

// IAM quotas.
// Source: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
const (
	// IAMRolePolicySizeMaxChars is the most characters (not counting white
	// space) of all inline policies of one role together.
	IAMRolePolicySizeMaxChars = 10240
	// IAMManagedPolicySizeMaxChars is the most of one managed policy.
	IAMManagedPolicySizeMaxChars = 6144
)
