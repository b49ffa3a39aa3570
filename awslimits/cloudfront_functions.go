package awslimits

// What CloudFront answers when a viewer-request function fails: 503, with
// x-edge-result-type and x-edge-detailed-result-type FunctionExecutionError
// in its standard log.
// Source: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-5xx-errors.html
// and https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logs-reference.html
const CloudFrontFunctionErrorStatus = 503

// CloudFrontFailoverStatuses are the origin statuses on which an origin
// group sends a GET, HEAD or OPTIONS request to its second origin, as
// EdgeDistribution configures its read failover.
// Source: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/high_availability_origin_failover.html
var CloudFrontFailoverStatuses = []int{500, 502, 503, 504}
