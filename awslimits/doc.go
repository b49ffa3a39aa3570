// Package awslimits is the one home of the AWS facts this project relies
// on: quotas, timeouts, defaults, metric names and quota codes. Each is
// written once, with the AWS page it comes from, and imported by the
// manifest, the constructs, the quota watch and the planner. It imports
// nothing of the CDK, so a Lambda binary can use it.
//
// One file per service (cloudfront.go, lambda.go, ...), so a reviewer can
// check a page against its constants in one sitting.
package awslimits
