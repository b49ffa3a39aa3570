package awslimits

// ServiceQuota names a quota in Service Quotas.
type ServiceQuota struct {
	ServiceCode, QuotaCode, Name string
}

// String is how messages name it: "'Concurrent executions' (service lambda, quota L-B99A9384)".
func (q ServiceQuota) String() string {
	return "'" + q.Name + "' (service " + q.ServiceCode + ", quota " + q.QuotaCode + ")"
}

// The quotas the quota watch reads. The codes are those AWS's console and
// CLI use (`aws service-quotas get-service-quota --service-code lambda
// --quota-code L-B99A9384`); L-B99A9384 and L-DF5E4CA3 are from public use,
// not an AWS page; L-8A5B8E43 is linked from the API Gateway quotas page.
var (
	QuotaLambdaConcurrentExecutions = ServiceQuota{"lambda", "L-B99A9384", "Concurrent executions"}
	// Network interfaces are a VPC quota (service code vpc, not ec2).
	QuotaVPCNetworkInterfaces   = ServiceQuota{"vpc", "L-DF5E4CA3", "Network interfaces per Region"}
	QuotaAPIGatewayThrottleRate = ServiceQuota{"apigateway", "L-8A5B8E43", "Throttle rate"}
)
