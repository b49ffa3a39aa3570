package awslimits

// Amazon VPC quotas.
// Source: https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html
const (
	// VPCNetworkInterfacesPerRegion is the default quota of network
	// interfaces per Region (Service Quotas code in QuotaVPCNetworkInterfaces).
	VPCNetworkInterfacesPerRegion = 5000
	// VPCSubnetReservedAddresses are the addresses AWS takes in every
	// subnet (network, router, DNS, future use, broadcast).
	// Source: https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html
	VPCSubnetReservedAddresses = 5
)
