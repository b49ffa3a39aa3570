package manifest

import (
	"fmt"
	"net/netip"
)

// Checks of the network: CIDRs, subnets, existing VPC IDs, free addresses.

func (v *validator) network() {
	n := v.m.Network
	if e := n.Existing; e != nil {
		if !vpcID.MatchString(e.VpcID) {
			v.at("network.existing.vpcId", "%q is not a VPC ID like vpc-0123456789abcdef0", e.VpcID)
		}
		if len(e.PrivateSubnetIDs) < 2 {
			v.at("network.existing.privateSubnetIds", "give at least 2 subnets in different AZs, so one AZ failing does not stop the API")
		}
		seenAZ := map[string]bool{}
		for _, az := range e.AvailabilityZones {
			if seenAZ[az] {
				v.at("network.existing.availabilityZones", "%s is listed twice; the subnets must be in different AZs so one AZ failing does not stop the API", az)
				break
			}
			seenAZ[az] = true
		}
		if len(e.AvailabilityZones) != len(e.PrivateSubnetIDs) {
			v.at("network.existing.availabilityZones", "%d zones for %d subnets; list the zone of each subnet, in the same order", len(e.AvailabilityZones), len(e.PrivateSubnetIDs))
		}
		for i, s := range e.PrivateSubnetIDs {
			if !subnetID.MatchString(s) {
				v.at(fmt.Sprintf("network.existing.privateSubnetIds[%d]", i), "%q is not a subnet ID like subnet-0123456789abcdef0", s)
			}
		}
		if e.SecurityGroupID != "" && !sgID.MatchString(e.SecurityGroupID) {
			v.at("network.existing.securityGroupId", "%q is not a security group ID like sg-0123456789abcdef0", e.SecurityGroupID)
		}
		if n.CIDR != "" || n.MaxAZs != 0 || n.PrivateSubnetPrefix != 0 || n.NatGateways != nil {
			v.at("network.existing", "cidr, maxAzs, privateSubnetPrefix and natGateways describe a new VPC; remove them when using an existing one")
		}
		v.existingSubnetAddresses(e)
		return
	}
	prefix, err := netip.ParsePrefix(n.CIDR)
	if err != nil || !prefix.Addr().Is4() {
		v.at("network.cidr", "%q is not an IPv4 CIDR like 10.0.0.0/16", n.CIDR)
		return
	}
	if n.MaxAZs != 2 {
		v.at("network.maxAzs", "%d; use 2: fewer and one AZ failing stops the API, more and CDK ignores it (the stack is environment-agnostic, where CDK uses at most 2 AZs; for more, use network.existing)", n.MaxAZs)
	}
	if n.PrivateSubnetPrefix < 16 || n.PrivateSubnetPrefix > 24 {
		v.at("network.privateSubnetPrefix", "/%d; use /16 to /24 (default /19: 8,187 addresses for Lambda network interfaces per AZ)", n.PrivateSubnetPrefix)
		return
	}
	// Each AZ gets a private subnet of the asked size plus a small public
	// one (/24 or the private size, whichever is smaller) for the NAT gateway.
	public := max(24, n.PrivateSubnetPrefix)
	need := n.MaxAZs * (1<<(32-n.PrivateSubnetPrefix) + 1<<(32-public))
	if have := 1 << (32 - prefix.Bits()); need > have {
		v.at("network.cidr", "%s holds %d addresses but %d AZs of /%d private and /%d public subnets need %d; use a larger CIDR or a longer privateSubnetPrefix", n.CIDR, have, n.MaxAZs, n.PrivateSubnetPrefix, public, need)
	}
	if *n.NatGateways < 1 || *n.NatGateways > n.MaxAZs {
		v.at("network.natGateways", "%d; use 1 to %d (maxAzs): the Lambdas need egress to reach AWS APIs", *n.NatGateways, n.MaxAZs)
	}
	v.newSubnetAddresses()
}

// Subnet addresses. A VPC Lambda reaches the VPC through Hyperplane ENIs,
// each holding one private address of its subnet. Lambda creates one per
// subnet and security group combination, shared by every function using
// that combination (here one security group for all, so one per private
// subnet), and adds more as connections pass 65,000 on one ("Each
// Hyperplane ENI supports up to 65,000 connections/ports. If the number of
// connections exceeds this limit, Lambda scales the number of ENIs
// automatically": AWS Lambda Developer Guide, "Understanding Hyperplane
// Elastic Network Interfaces (ENIs)",
// https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html#configuration-vpc-enis).
//
// The model: the functions can hold as many connections as the regional
// concurrency quota (one connection per execution environment: a function
// keeping a pool of several needs proportionally more), all through one
// subnet when the others are down, so a subnet can need
// ceil(quota / 65,000) ENIs; and twice that, since a function update may
// create new ENIs before the old ones are deleted. (That last part is a
// margin on the safe side rather than documented behaviour: the guide says
// only that while Lambda creates an ENI for an existing function, earlier
// versions keep being invoked.)

// enisPerSubnet is the network interfaces the functions can need in one
// private subnet, and why, for messages.
func (v *validator) enisPerSubnet() (int, string) {
	q := v.m.Lambda.RegionalConcurrencyQuota
	enis := q / ConnectionsPerENI // ceil, without overflowing near MaxInt
	if q%ConnectionsPerENI != 0 {
		enis++
	}
	return 2 * enis, fmt.Sprintf("lambda.regionalConcurrencyQuota %d / %d connections per Hyperplane ENI = %d, doubled while an update creates new ENIs before deleting the old", q, ConnectionsPerENI, enis)
}

// newSubnetAddresses checks the private subnets of a new VPC, all of one
// size: AWS keeps 5 addresses of every subnet.
func (v *validator) newSubnetAddresses() {
	n := v.m.Network
	if v.m.Lambda.RegionalConcurrencyQuota < 10 {
		return // reported at lambda.regionalConcurrencyQuota
	}
	need, why := v.enisPerSubnet()
	free := 1<<(32-n.PrivateSubnetPrefix) - 5
	path := "network.privateSubnetPrefix"
	if _, set := v.lines[path]; !set {
		path = "lambda.regionalConcurrencyQuota"
	}
	switch {
	case free < need:
		v.at(path, "/%d private subnets have %d free addresses each, but the functions can need %d network interfaces in one (%s); use a shorter privateSubnetPrefix", n.PrivateSubnetPrefix, free, need, why)
	case free < 2*need:
		v.warnAt(path, "/%d private subnets have %d free addresses each, less than twice the %d network interfaces the functions can need in one (%s): anything else put in them can starve Lambda; use a shorter privateSubnetPrefix", n.PrivateSubnetPrefix, free, need, why)
	}
}

// existingSubnetAddresses checks an existing VPC's private subnets against
// the free addresses the manifest gives for them, and warns where one is
// the bottleneck: Lambda needs the interfaces in every subnet, so the
// smallest decides.
func (v *validator) existingSubnetAddresses(e *ExistingVPC) {
	if v.m.Lambda.RegionalConcurrencyQuota < 10 {
		return // reported at lambda.regionalConcurrencyQuota
	}
	need, why := v.enisPerSubnet()
	if e.FreeAddresses == nil {
		v.warnAt("network.existing", "freeAddresses not given, so the private subnets' free addresses are not checked: the functions can need %d network interfaces in each (%s); list each subnet's AvailableIpAddressCount from `aws ec2 describe-subnets` in freeAddresses, in the order of privateSubnetIds", need, why)
		return
	}
	if len(e.FreeAddresses) != len(e.PrivateSubnetIDs) {
		v.at("network.existing.freeAddresses", "%d counts for %d subnets; give the free addresses of each subnet, in the order of privateSubnetIds", len(e.FreeAddresses), len(e.PrivateSubnetIDs))
		return
	}
	largest, largestAt := 0, 0
	for i, f := range e.FreeAddresses {
		if f > largest {
			largest, largestAt = f, i
		}
	}
	for i, f := range e.FreeAddresses {
		path := fmt.Sprintf("network.existing.freeAddresses[%d]", i)
		subnet := e.PrivateSubnetIDs[i]
		switch {
		case f < 0:
			v.at(path, "%d; give the subnet's free addresses (AvailableIpAddressCount), 0 or more", f)
		case f < need:
			v.at(path, "%s has %d free addresses, but the functions can need %d network interfaces in it (%s); free addresses in it or use a larger subnet", subnet, f, need, why)
		case f < 2*need:
			v.warnAt(path, "%s has %d free addresses, less than twice the %d network interfaces the functions can need in it (%s): anything else put in it can starve Lambda; free addresses in it or use a larger subnet", subnet, f, need, why)
		case f < largest-f: // less than half, without overflowing
			v.warnAt(path, "%s has %d free addresses, less than half of %s's %d: it is the bottleneck, the first subnet to run out; free addresses in it or use a larger subnet", subnet, f, e.PrivateSubnetIDs[largestAt], largest)
		}
	}
}
