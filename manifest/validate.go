package manifest

import (
	"fmt"
	"maps"
	"net/netip"
	"os"
	"regexp"
	"slices"
	"strings"

	"github.com/strangler-fig/strangler/awslimits"
	"github.com/strangler-fig/strangler/routing"
)

func (m *Manifest) applyDefaults() {
	setDefault := func(p *int, v int) {
		if *p == 0 {
			*p = v
		}
	}
	if m.Legacy.Protocol == "" {
		m.Legacy.Protocol = "https-only"
	}
	setDefault(&m.Legacy.ReadTimeoutSeconds, DefaultLegacyReadTimeout)
	n := &m.Network
	if n.Existing == nil {
		if n.CIDR == "" {
			n.CIDR = DefaultNetworkCIDR
		}
		setDefault(&n.MaxAZs, DefaultMaxAZs)
		setDefault(&n.PrivateSubnetPrefix, DefaultPrivateSubnetPrefix)
		if n.NatGateways == nil {
			nat := n.MaxAZs
			n.NatGateways = &nat
		}
	}
	a := &m.APIGateway
	if a.StageName == "" {
		a.StageName = DefaultStageName
	}
	if a.ThrottleRateLimit == 0 {
		a.ThrottleRateLimit = DefaultThrottleRateLimit
	}
	setDefault(&a.ThrottleBurstLimit, DefaultThrottleBurstLimit)
	setDefault(&a.IntegrationTimeoutSeconds, DefaultIntegrationTimeout)
	if a.ExecutionLogLevel == "" {
		a.ExecutionLogLevel = DefaultExecutionLogLevel
	}
	if a.ManageAccountLoggingRole == nil {
		a.ManageAccountLoggingRole = ptr(a.ExecutionLogLevel != "OFF")
	}
	setDefault(&a.ResourceQuota, DefaultResourceQuota)
	setDefault(&a.OriginKeyGeneration, 1)
	c := &m.CloudFront
	setDefault(&c.OriginResponseTimeoutSeconds, DefaultOriginResponseTimeout)
	setDefault(&c.CacheBehaviorQuota, DefaultCacheBehaviorQuota)
	setDefault(&c.CachePolicyQuota, DefaultCachePolicyQuota)
	setDefault(&c.LogRetentionDays, DefaultLogBucketRetentionDays)
	l := &m.Lambda
	setDefault(&l.MemoryMiB, DefaultMemoryMiB)
	setDefault(&l.TimeoutSeconds, a.IntegrationTimeoutSeconds)
	setDefault(&l.LogRetentionDays, DefaultLogRetentionDays)
	setDefault(&l.RegionalConcurrencyQuota, DefaultRegionalConcurrencyQuota)
	if l.Rollout == "" {
		l.Rollout = DefaultRollout
	}
	setDefault(&m.Alarms.ConcurrencyPercent, DefaultConcurrencyAlarmPercent)
	if m.LambdasDir == "" {
		m.LambdasDir = DefaultLambdasDir
	}
	for i := range m.Routes {
		r := &m.Routes[i]
		if len(r.Methods) == 0 {
			r.Methods = []string{"GET"}
		}
		for j, meth := range r.Methods {
			r.Methods[j] = strings.ToUpper(meth)
		}
		if r.Target == "" {
			r.Target = TargetLambda
		}
		if r.Cache == "" {
			r.Cache = CacheNone
		}
		// A legacy route without a function only keeps its path on the
		// monolith; a lambda route without one gets a name from its path.
		if r.Function == "" && r.Target == TargetLambda {
			if t, err := ParseTemplate(r.Path); err == nil {
				r.Function = t.FunctionName()
			}
		}
		if r.CacheTTLSeconds == nil && r.Cache != CacheNone {
			r.CacheTTLSeconds = ptr(DefaultCacheTTLSeconds)
		}
	}
	m.mergeFunctionSettings()
	for i := range m.Routes {
		r := &m.Routes[i]
		if r.MemoryMiB == nil {
			r.MemoryMiB = ptr(l.MemoryMiB)
		}
		if r.TimeoutSeconds == nil {
			r.TimeoutSeconds = ptr(l.TimeoutSeconds)
		}
		if r.Rollout == "" {
			r.Rollout = l.Rollout
		}
	}
	// A function's routes agree on its stack once merged: all set, or none.
	for i := range m.Routes {
		if r := &m.Routes[i]; r.Function != "" && r.Stack == "" {
			r.Stack = stackFromFunction(r.Function)
		}
	}
	m.applyDatabaseDefaults()
	m.applyAuthDefaults()
	m.applyOriginSecretDefaults()
}

// stackFromFunction is the default nested stack of a function: the first
// word of its name after "api-" (api-user-id -> user), lower-cased, other
// characters than letters and digits made "-", cut to 31 characters. It
// depends on the name alone, which stays while the function exists: a
// deployed function never moves to another nested stack on its own (that
// would fail the deploy: its new copy is made before the old one goes, and
// function names are unique).
func stackFromFunction(function string) string {
	name := strings.Trim(nonName.ReplaceAllString(strings.ToLower(function), "-"), "-")
	if rest, ok := strings.CutPrefix(name, "api-"); ok && rest != "" {
		name = rest
	}
	name, _, _ = strings.Cut(name, "-")
	switch {
	case name == "":
		return "root"
	case name[0] < 'a' || name[0] > 'z':
		name = "api-" + name // "2024-report" -> "api-2024"
	}
	if len(name) > 31 {
		name = strings.TrimRight(name[:31], "-")
	}
	return name
}

func ptr[T any](v T) *T { return &v }

// mergeFunctionSettings lets routes that share a function write its
// settings once: a value set on one route is given to the others that leave
// it unset. (Two different values stay, for the validator to report.)
func (m *Manifest) mergeFunctionSettings() {
	byFunction := map[string][]*Route{}
	for i := range m.Routes {
		if f := m.Routes[i].Function; f != "" {
			byFunction[f] = append(byFunction[f], &m.Routes[i])
		}
	}
	for _, routes := range byFunction {
		for _, from := range routes {
			for _, to := range routes {
				if to.MemoryMiB == nil {
					to.MemoryMiB = from.MemoryMiB
				}
				if to.TimeoutSeconds == nil {
					to.TimeoutSeconds = from.TimeoutSeconds
				}
				if to.ReservedConcurrency == nil {
					to.ReservedConcurrency = from.ReservedConcurrency
				}
				if to.Environment == nil {
					to.Environment = from.Environment
				}
				if to.Secrets == nil {
					to.Secrets = from.Secrets
				}
				if to.Rollout == "" {
					to.Rollout = from.Rollout
				}
				if to.Stack == "" {
					to.Stack = from.Stack
				}
			}
		}
	}
}

type validator struct {
	m     *Manifest
	lines map[string]int
	err   *Error
	warn  *Error // warnings: worth a look, but the manifest loads
}

// at reports a problem at a field path such as "routes[1].timeoutSeconds".
func (v *validator) at(path, format string, args ...any) {
	v.err.add(v.line(path), v.where(path), fmt.Sprintf(format, args...))
}

// warnAt is at for a warning.
func (v *validator) warnAt(path, format string, args ...any) {
	v.warn.add(v.line(path), v.where(path), fmt.Sprintf(format, args...))
}

// line is the line of the field at path, or of the nearest enclosing one
// written in the file.
func (v *validator) line(path string) int {
	line := v.lines[path]
	for p := path; line == 0 && p != ""; {
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			break
		}
		p = p[:i]
		line = v.lines[p]
	}
	return line
}

var routeIndex = regexp.MustCompile(`^routes\[(\d+)\]\.?(.*)$`)

// where names a route by its path as well as its index: people know routes by path.
func (v *validator) where(path string) string {
	if m := routeIndex.FindStringSubmatch(path); m != nil {
		var i int
		fmt.Sscan(m[1], &i)
		w := fmt.Sprintf("route %s (routes[%d])", v.m.Routes[i].Path, i)
		if v.m.Routes[i].Path == "" {
			w = fmt.Sprintf("routes[%d]", i)
		}
		if m[2] != "" {
			w += ", " + m[2]
		}
		return w
	}
	return path
}

var (
	functionName = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	stackName    = regexp.MustCompile(`^[a-z][a-z0-9-]{0,30}$`)
	envName      = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	acmARN       = regexp.MustCompile(`^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate/[A-Za-z0-9-]+$`)
	// webACLARN is a WAFv2 web ACL of scope CLOUDFRONT ("global"), the only kind CloudFront takes.
	webACLARN    = regexp.MustCompile(`^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global/webacl/[A-Za-z0-9_-]{1,128}/[A-Za-z0-9-]+$`)
	secretARN    = regexp.MustCompile(`^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$`)
	domainName   = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$`)
	vpcID        = regexp.MustCompile(`^vpc-[0-9a-f]{8,17}$`)
	subnetID     = regexp.MustCompile(`^subnet-[0-9a-f]{8,17}$`)
	sgID         = regexp.MustCompile(`^sg-[0-9a-f]{8,17}$`)
	validMethods = []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "ANY"}
	// Lambda sets these itself and refuses them in a function's configuration.
	reservedEnv = map[string]bool{
		"_HANDLER": true, "_X_AMZN_TRACE_ID": true, "AWS_DEFAULT_REGION": true, "AWS_REGION": true,
		"AWS_EXECUTION_ENV": true, "AWS_LAMBDA_FUNCTION_NAME": true, "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": true,
		"AWS_LAMBDA_FUNCTION_VERSION": true, "AWS_LAMBDA_INITIALIZATION_TYPE": true, "AWS_LAMBDA_LOG_GROUP_NAME": true,
		"AWS_LAMBDA_LOG_STREAM_NAME": true, "AWS_ACCESS_KEY": true, "AWS_ACCESS_KEY_ID": true,
		"AWS_SECRET_ACCESS_KEY": true, "AWS_SESSION_TOKEN": true, "AWS_LAMBDA_RUNTIME_API": true,
		"LAMBDA_TASK_ROOT": true, "LAMBDA_RUNTIME_DIR": true, "TZ": true,
	}
	// CloudWatch Logs accepts only these retention periods.
	logRetentions = []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}
)

func (v *validator) run() {
	m := v.m
	v.legacy()
	v.network()
	v.gateway()
	v.lambdaDefaults()
	if m.Alarms.ConcurrencyPercent < 1 || m.Alarms.ConcurrencyPercent > 100 {
		v.at("alarms.concurrencyPercent", "%d is not a percentage; use 1-100 (default 80)", m.Alarms.ConcurrencyPercent)
	}
	if m.Alarms.Email != "" && !strings.Contains(m.Alarms.Email, "@") {
		v.at("alarms.email", "%q is not an email address", m.Alarms.Email)
	}
	if len(m.Routes) == 0 {
		v.at("routes", "no routes; add at least one, e.g. {path: /user/{id}, methods: [GET]}")
		return
	}
	templates := make([]Template, len(m.Routes))
	ok := make([]bool, len(m.Routes))
	for i := range m.Routes {
		templates[i], ok[i] = v.route(i)
	}
	v.duplicates(templates, ok)
	v.siblings(templates, ok)
	v.functions(ok)
	v.concurrency()
	v.apiResources(templates, ok)
	v.edgeBehaviors()
	v.cachePolicies()
	v.databases()
	v.failover()
	v.auth()
	v.originSecret()
}

func (v *validator) legacy() {
	l := v.m.Legacy
	switch {
	case l.DomainName == "":
		v.at("legacy.domainName", "missing; set it to the monolith's origin host, e.g. legacy-api.example.com")
	case routing.CheckDomainName(l.DomainName) != nil:
		v.at("legacy.domainName", "%v", routing.CheckDomainName(l.DomainName))
	}
	switch l.Protocol {
	case "https-only", "match-viewer": // viewers are redirected to HTTPS, so match-viewer is HTTPS too
	case "http-only":
		v.at("legacy.protocol", "http-only would send the origin secret (%s) and callers' credentials to the monolith in clear, where anyone on the path can read and replay them; give the monolith a certificate and use https-only", l.OriginSecret.Header)
	default:
		v.at("legacy.protocol", "%q is not one of https-only, match-viewer", l.Protocol)
	}
	if l.ReadTimeoutSeconds < 1 || l.ReadTimeoutSeconds > awslimits.CloudFrontOriginResponseTimeoutMaxSeconds {
		v.at("legacy.readTimeoutSeconds", "%d; use 1 to %d (CloudFront's range)", l.ReadTimeoutSeconds, awslimits.CloudFrontOriginResponseTimeoutMaxSeconds)
	}
}

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

func (v *validator) gateway() {
	a := v.m.APIGateway
	if !regexp.MustCompile(`^[A-Za-z0-9_]+$`).MatchString(a.StageName) {
		v.at("apiGateway.stageName", "%q; a stage name has only letters, digits and _", a.StageName)
	}
	if !(a.ThrottleRateLimit >= 1 && a.ThrottleRateLimit <= awslimits.APIGatewayThrottleRate) { // also refuses NaN
		v.at("apiGateway.throttleRateLimit", "%g; use 1 to %d (the default account limit per region)", a.ThrottleRateLimit, awslimits.APIGatewayThrottleRate)
	}
	if a.ThrottleBurstLimit < 1 || a.ThrottleBurstLimit > awslimits.APIGatewayThrottleBurst {
		v.at("apiGateway.throttleBurstLimit", "%d; use 1 to %d (the default account burst per region)", a.ThrottleBurstLimit, awslimits.APIGatewayThrottleBurst)
	}
	if a.IntegrationTimeoutSeconds < 1 || a.IntegrationTimeoutSeconds > awslimits.APIGatewayIntegrationTimeoutMaxSeconds {
		v.at("apiGateway.integrationTimeoutSeconds", "%d; use 1 to %d (above %d only after a Service Quotas increase, up to %d)", a.IntegrationTimeoutSeconds,
			awslimits.APIGatewayIntegrationTimeoutSeconds, awslimits.APIGatewayIntegrationTimeoutSeconds, awslimits.APIGatewayIntegrationTimeoutMaxSeconds)
	}
	if !slices.Contains([]string{"ERROR", "INFO", "OFF"}, a.ExecutionLogLevel) {
		v.at("apiGateway.executionLogLevel", "%q; use ERROR, INFO or OFF", a.ExecutionLogLevel)
	}
	c := v.m.CloudFront
	if c.OriginResponseTimeoutSeconds < 1 || c.OriginResponseTimeoutSeconds > awslimits.CloudFrontOriginResponseTimeoutMaxSeconds {
		v.at("cloudFront.originResponseTimeoutSeconds", "%d; use 1 to %d (CloudFront's range)", c.OriginResponseTimeoutSeconds, awslimits.CloudFrontOriginResponseTimeoutMaxSeconds)
	} else if c.OriginResponseTimeoutSeconds < a.IntegrationTimeoutSeconds {
		fix := fmt.Sprintf("raise it to at least %d", a.IntegrationTimeoutSeconds)
		if a.IntegrationTimeoutSeconds > awslimits.CloudFrontOriginResponseTimeoutMaxSeconds {
			fix = fmt.Sprintf("lower apiGateway.integrationTimeoutSeconds to at most %d, CloudFront's longest", awslimits.CloudFrontOriginResponseTimeoutMaxSeconds)
		}
		v.at("cloudFront.originResponseTimeoutSeconds", "%d s is shorter than apiGateway.integrationTimeoutSeconds (%d s): CloudFront would give up on answers API Gateway still waits for; %s", c.OriginResponseTimeoutSeconds, a.IntegrationTimeoutSeconds, fix)
	}
	if len(c.DomainNames) > 0 || c.CertificateARN != "" {
		if len(c.DomainNames) == 0 || c.CertificateARN == "" {
			v.at("cloudFront", "domainNames and certificateArn go together: CloudFront serves a name only with a certificate for it")
		}
		if c.CertificateARN != "" && !acmARN.MatchString(c.CertificateARN) {
			v.at("cloudFront.certificateArn", "%q is not an ACM certificate ARN in us-east-1 (CloudFront reads certificates only there)", c.CertificateARN)
		}
		for i, d := range c.DomainNames {
			path := fmt.Sprintf("cloudFront.domainNames[%d]", i)
			switch {
			case !domainName.MatchString(strings.ToLower(strings.TrimPrefix(d, "*."))):
				v.at(path, "%q is not a DNS name", d)
			case strings.EqualFold(d, v.m.Legacy.DomainName):
				v.at(path, "%q is also legacy.domainName: the monolith's origin needs a name of its own once the public name points at CloudFront", d)
			}
		}
	}
	if c.WebACLARN != "" && !webACLARN.MatchString(c.WebACLARN) {
		v.at("cloudFront.webAclArn", "%q is not the ARN of a CLOUDFRONT-scope web ACL (arn:aws:wafv2:us-east-1:ACCOUNT:global/webacl/NAME/ID; a REGIONAL one cannot be attached to a distribution): copy the ARN from the WAF console with region Global (CloudFront)", c.WebACLARN)
	}
	if c.CachePolicyQuota < 1 {
		v.at("cloudFront.cachePolicyQuota", "%d; give the account's quota of custom cache policies (default 20)", c.CachePolicyQuota)
	}
	if a.OriginKeyGeneration < 1 {
		v.at("apiGateway.originKeyGeneration", "%d; a generation counts from 1 (raise it by one to rotate the key)", a.OriginKeyGeneration)
	}
	if a.ResourceQuota < 1 {
		v.at("apiGateway.resourceQuota", "%d; give the account's quota of resources per REST API (default 300)", a.ResourceQuota)
	}
	if c.CacheBehaviorQuota < 1 {
		v.at("cloudFront.cacheBehaviorQuota", "%d; give the account's quota (default 25)", c.CacheBehaviorQuota)
	}
	if c.LogRetentionDays < 1 {
		v.at("cloudFront.logRetentionDays", "%d; use a number of days (default 90)", c.LogRetentionDays)
	}
}

func (v *validator) lambdaDefaults() {
	l := v.m.Lambda
	v.memory("lambda.memoryMiB", l.MemoryMiB)
	if _, set := v.lines["lambda.timeoutSeconds"]; set {
		v.timeout("lambda.timeoutSeconds", l.TimeoutSeconds)
	}
	if !slices.Contains(logRetentions, l.LogRetentionDays) {
		v.at("lambda.logRetentionDays", "%d is not a CloudWatch Logs retention; use one of %v", l.LogRetentionDays, logRetentions)
	}
	if l.RegionalConcurrencyQuota < 10 {
		v.at("lambda.regionalConcurrencyQuota", "%d; give the account's regional Lambda concurrency quota (default 1000)", l.RegionalConcurrencyQuota)
	}
	if l.NamePrefix != "" && !functionName.MatchString(l.NamePrefix) {
		v.at("lambda.namePrefix", "%q; use lower-case letters, digits and -", l.NamePrefix)
	}
	v.rollout("lambda.rollout", l.Rollout)
}

// rollout: a CodeDeploy predefined Lambda deployment configuration.
func (v *validator) rollout(path, name string) {
	switch {
	case slices.Contains(Rollouts, name):
	case slices.Contains(Rollouts, strings.TrimPrefix(name, RolloutConfigPrefix)):
		v.at(path, "%q; write it without the %s prefix: %s", name, RolloutConfigPrefix, strings.TrimPrefix(name, RolloutConfigPrefix))
	case closest(name, Rollouts) != "":
		v.at(path, "%q is not a CodeDeploy Lambda deployment configuration; did you mean %q?", name, closest(name, Rollouts))
	default:
		v.at(path, "%q is not a CodeDeploy Lambda deployment configuration; use one of %s", name, strings.Join(Rollouts, ", "))
	}
}

func (v *validator) memory(path string, mib int) {
	if mib < awslimits.LambdaMemoryMinMiB || mib > awslimits.LambdaMemoryMaxMiB {
		v.at(path, "%d MiB; Lambda takes %d to %d", mib, awslimits.LambdaMemoryMinMiB, awslimits.LambdaMemoryMaxMiB)
	}
}

func (v *validator) timeout(path string, s int) {
	limit := v.m.APIGateway.IntegrationTimeoutSeconds
	switch {
	case s < 1:
		v.at(path, "%d; use at least 1 second", s)
	case limit < 1 || limit > awslimits.APIGatewayIntegrationTimeoutMaxSeconds:
		// reported at apiGateway.integrationTimeoutSeconds; nothing to compare with
	case s > limit:
		v.at(path, "%d s is over the API Gateway integration timeout (%d s): API Gateway answers 504 at %d s and the rest is paid for nothing; use at most %d", s, limit, limit, limit)
	}
}

func (v *validator) route(i int) (Template, bool) {
	r := &v.m.Routes[i]
	p := func(field string) string { return fmt.Sprintf("routes[%d].%s", i, field) }
	t, err := ParseTemplate(r.Path)
	if r.Path == "" {
		v.at(p("path"), "missing; give a path template like /user/{id}")
	} else if err != nil {
		v.at(p("path"), "%v", err)
	}
	for j, meth := range r.Methods {
		if !slices.Contains(validMethods, meth) {
			v.at(fmt.Sprintf("routes[%d].methods[%d]", i, j), "%q is not one of %s", meth, strings.Join(validMethods, ", "))
		}
	}
	if len(r.Methods) > 1 && slices.Contains(r.Methods, "ANY") {
		v.at(p("methods"), "ANY already covers every method; list either ANY or the methods")
	}
	if r.Function == "" {
		// a legacy route that only keeps its path on the monolith, or a bad path reported above
	} else if !functionName.MatchString(r.Function) {
		v.at(p("function"), "%q; a function folder name has lower-case letters, digits and - only", r.Function)
	} else if n := len(v.m.Lambda.NamePrefix + r.Function); n > 64 {
		v.at(p("function"), "%q with namePrefix is %d characters; Lambda names are at most 64", r.Function, n)
	} else if v.m.dir != "" {
		dir := v.m.functionDir(r.Function)
		if !hasGoFiles(dir) {
			v.at(p("function"), "no Go package at %s; create it (a main package calling httpadapter.Start) or fix the name", dir)
		}
	}
	if r.Target != TargetLambda && r.Target != TargetLegacy {
		v.at(p("target"), "%q; use %q (served by Lambda) or %q (back to the monolith)", r.Target, TargetLambda, TargetLegacy)
	}
	if r.Weight != nil {
		switch {
		case *r.Weight < 0 || *r.Weight > 100:
			v.at(p("weight"), "%d; use a percentage, 0 to 100 (default 100)", *r.Weight)
		case r.Target != TargetLambda:
			v.at(p("weight"), "set on a route with target legacy; a weight shares a migrated route's requests between Lambda and the monolith: remove it, or set target: lambda")
		}
	}
	switch {
	case r.Via == "" || r.Via == ViaCloudFront:
	case r.Via != ViaAPIGateway:
		v.at(p("via"), "%q; use %s (a CloudFront behaviour back to the monolith) or %s (an API Gateway route to the monolith, no behaviour)", r.Via, ViaCloudFront, ViaAPIGateway)
	case r.Target != TargetLegacy:
		v.at(p("via"), "set on a route with target lambda; via says how a legacy route reaches the monolith: remove it, or set target: legacy")
	case r.Function != "":
		v.at(p("via"), "api-gateway is for monolith paths without a function: a rolled-back route keeps its Lambda's API Gateway methods so that moving forward again is one line; remove function or via")
	case v.m.Legacy.ReadTimeoutSeconds > max(v.m.APIGateway.IntegrationTimeoutSeconds, DefaultLegacyReadTimeout):
		v.warnAt(p("via"), "api-gateway sends this path through API Gateway, which gives up after %d s (apiGateway.integrationTimeoutSeconds), but legacy.readTimeoutSeconds allows the monolith %d s: slower answers become 504", v.m.APIGateway.IntegrationTimeoutSeconds, v.m.Legacy.ReadTimeoutSeconds)
	}
	switch r.Cache {
	case CacheNone:
		if r.CacheTTLSeconds != nil {
			v.at(p("cacheTtlSeconds"), "set, but cache is none; remove it or choose cache: per-token or public")
		}
	case CachePerToken, CachePublic:
		if *r.CacheTTLSeconds < 1 || *r.CacheTTLSeconds > awslimits.CloudFrontMaxTTLSeconds {
			v.at(p("cacheTtlSeconds"), "%d; use 1 to %d seconds", *r.CacheTTLSeconds, awslimits.CloudFrontMaxTTLSeconds)
		}
	default:
		v.at(p("cache"), "%q; use none, per-token (Authorization and query strings in the key) or public", r.Cache)
	}
	// A value the route inherits was checked where it was written.
	if _, set := v.lines[p("memoryMiB")]; set {
		v.memory(p("memoryMiB"), *r.MemoryMiB)
	}
	if _, set := v.lines[p("timeoutSeconds")]; set {
		v.timeout(p("timeoutSeconds"), *r.TimeoutSeconds)
	}
	if _, set := v.lines[p("rollout")]; set {
		v.rollout(p("rollout"), r.Rollout)
	}
	if _, set := v.lines[p("stack")]; set && !stackName.MatchString(r.Stack) {
		v.at(p("stack"), "%q; a stack name is a lower-case letter, then up to 30 lower-case letters, digits or - (it becomes part of a construct ID)", r.Stack)
	}
	if c := r.ReservedConcurrency; c != nil && *c < 1 {
		v.at(p("reservedConcurrency"), "%d would stop the function from ever running; remove it to use the unreserved pool, or give at least 1", *c)
	} else if c != nil && *c > v.m.Lambda.RegionalConcurrencyQuota {
		v.at(p("reservedConcurrency"), "%d is more than the regional quota (%d); lower it, or raise the quota and set lambda.regionalConcurrencyQuota", *c, v.m.Lambda.RegionalConcurrencyQuota)
	}
	for _, k := range slices.Sorted(maps.Keys(r.Environment)) {
		v.envVar(p("environment."+k), k)
	}
	for _, k := range slices.Sorted(maps.Keys(r.Secrets)) {
		v.envVar(p("secrets."+k), k)
		if _, dup := r.Environment[k]; dup {
			v.at(p("secrets."+k), "%s is also in environment; a variable has one source", k)
		}
		if !secretARN.MatchString(r.Secrets[k]) {
			v.at(p("secrets."+k), "%q is not a Secrets Manager secret ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME)", r.Secrets[k])
		}
	}
	return t, err == nil && r.Path != ""
}

func (v *validator) envVar(path, k string) {
	switch {
	case !envName.MatchString(k):
		v.at(path, "%q is not an environment variable name", k)
	case reservedEnv[k]:
		v.at(path, "%s is reserved by the Lambda runtime; pick another name", k)
	}
}

func hasGoFiles(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".go") && !strings.HasSuffix(e.Name(), "_test.go") {
			return true
		}
	}
	return false
}

// duplicates: CloudFront routes by path, not method, so a path is one route.
func (v *validator) duplicates(ts []Template, ok []bool) {
	first := map[string]int{}
	for i, t := range ts {
		if !ok[i] {
			continue
		}
		key := t.Shape()
		if j, seen := first[key]; seen {
			v.at(fmt.Sprintf("routes[%d].path", i), "duplicate of routes[%d] (%s); list every method of a path in one route's methods", j, v.m.Routes[j].Path)
			ok[i] = false // reported once is enough
			continue
		}
		first[key] = i
	}
}

// siblings: API Gateway refuses two different variable parts under one
// parent (/user/{id} beside /user/{name}/orders), only at deploy time.
func (v *validator) siblings(ts []Template, ok []bool) {
	var checked []Template
	var index []int
	for i, t := range ts {
		if ok[i] {
			checked = append(checked, t)
			index = append(index, i)
		}
	}
	for _, c := range routing.SiblingConflicts(checked) {
		i, o := index[c.Index], index[c.Other]
		v.at(fmt.Sprintf("routes[%d].path", i), "uses %s under %q where routes[%d] (%s) uses %s; API Gateway allows one variable part per level: use the same name", c.Segment, c.Parent, o, v.m.Routes[o].Path, c.Earlier)
	}
}

// functions: several routes may share a function; a setting written on
// one of them applies to all (see mergeFunctionSettings), but two different
// values for one setting are a conflict.
func (v *validator) functions(ok []bool) {
	first := map[string]int{}
	for i, r := range v.m.Routes {
		if r.Function == "" || !ok[i] {
			continue
		}
		j, seen := first[r.Function]
		if !seen {
			first[r.Function] = i
			continue
		}
		o := v.m.Routes[j]
		for _, d := range []struct {
			field string
			same  bool
		}{
			{"memoryMiB", *r.MemoryMiB == *o.MemoryMiB},
			{"timeoutSeconds", *r.TimeoutSeconds == *o.TimeoutSeconds},
			{"reservedConcurrency", equalPtr(r.ReservedConcurrency, o.ReservedConcurrency)},
			{"environment", equalMap(r.Environment, o.Environment)},
			{"secrets", equalMap(r.Secrets, o.Secrets)},
			{"rollout", r.Rollout == o.Rollout},
			{"stack", r.Stack == o.Stack},
		} {
			if !d.same {
				v.at(fmt.Sprintf("routes[%d].%s", i, d.field), "differs from routes[%d] (%s), which %s also serves; one function has one %s: write it once, on either route", j, o.Path, r.Function, d.field)
			}
		}
	}
}

func equalPtr(a, b *int) bool { return (a == nil && b == nil) || (a != nil && b != nil && *a == *b) }

func equalMap(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, va := range a {
		if vb, ok := b[k]; !ok || va != vb {
			return false
		}
	}
	return true
}

// concurrency: Lambda keeps 100 of the regional quota unreserved, and a
// deploy that reserves more fails; say so now.
func (v *validator) concurrency() {
	quota := v.m.Lambda.RegionalConcurrencyQuota
	limit := quota - MinUnreservedConcurrency
	sum := 0
	for _, f := range v.m.Functions() {
		// Values over the quota are reported on their route; leaving them
		// out also keeps the sum from overflowing.
		if c := f.ReservedConcurrency; c != nil && *c <= quota {
			sum += *c
		}
	}
	if sum > 0 && sum > limit {
		v.at("routes", "reserved concurrency adds up to %d, but only %d of the regional quota (%d) may be reserved: Lambda keeps %d unreserved. Lower reservedConcurrency or raise the quota and set lambda.regionalConcurrencyQuota", sum, max(limit, 0), quota, MinUnreservedConcurrency)
	}
}

// apiResources: API Gateway makes one resource per path segment of every
// route with a function (legacy ones too: they stay on API Gateway so that
// moving back and forth is a CloudFront change), shared by the routes
// below it; a REST API has a quota of them.
func (v *validator) apiResources(ts []Template, ok []bool) {
	q := v.m.APIGateway.ResourceQuota
	if q < 1 {
		return // reported at apiGateway.resourceQuota
	}
	resources := map[string]bool{} // shapes: /user/{id} and /user/{uid} are one resource
	for i, t := range ts {
		if r := v.m.Routes[i]; !ok[i] || (r.Function == "" && r.Via != ViaAPIGateway) {
			continue
		}
		for n := 1; n <= len(t.Segments); n++ {
			resources[Template{Segments: t.Segments[:n]}.Shape()] = true
		}
	}
	if len(resources) <= q {
		return
	}
	// A subtree of Lambda routes can be one {proxy+} route: the resources
	// under its prefix become one.
	var groups []proxyGroup
	for _, prefix := range literalPrefixes(slices.Collect(maps.Keys(resources))) {
		under := 0
		for r := range resources {
			if strings.HasPrefix(r, prefix+"/") {
				under++
			}
		}
		if routes, all := v.routesUnder(prefix); all && under > 1 {
			groups = append(groups, proxyGroup{prefix, routes, under - 1})
		}
	}
	v.at("routes", "the routes need %d API Gateway resources (one per path segment of each route with a function, rolled-back routes included) but the quota is %d per REST API, %d too many; %s, or raise the quota in Service Quotas (Amazon API Gateway, Resources per API) and set apiGateway.resourceQuota", len(resources), q, len(resources)-q, proxyFix(groups, len(resources)-q, "resource"))
}

// routesUnder counts the routes strictly under prefix ("/orders" holds
// /orders/{id} but not /orders), and reports whether they are all served
// by Lambda, so that one {proxy+} route could take them over.
func (v *validator) routesUnder(prefix string) (n int, allLambda bool) {
	allLambda = true
	for _, r := range v.m.Routes {
		if strings.HasPrefix(r.Path, prefix+"/") {
			n++
			allLambda = allLambda && r.Target == TargetLambda
		}
	}
	return n, allLambda
}

// proxyGroup is a prefix whose routes one {proxy+} route could serve.
type proxyGroup struct {
	prefix string // "/orders"
	routes int    // routes under it
	saves  int    // resources or behaviours fewer
}

// literalPrefixes lists the prefixes of paths or patterns made of literal
// segments only, the root and the paths themselves excluded: "/a/b/*" and
// "/a/b/{}" give "/a" and "/a/b".
func literalPrefixes(paths []string) []string {
	seen := map[string]bool{}
	for _, p := range paths {
		segs := strings.Split(strings.TrimPrefix(p, "/"), "/")
		prefix := ""
		for _, s := range segs[:len(segs)-1] {
			if s == "*" || strings.ContainsAny(s, "{}") {
				break
			}
			prefix += "/" + s
			seen[prefix] = true
		}
	}
	return slices.Sorted(maps.Keys(seen))
}

// proxyFix says which prefixes to serve with one {proxy+} route each to
// save excess resources or behaviours (unit): while short, the most
// specific prefix that saves the rest alone, else the one saving most;
// never one inside another, at most three.
func proxyFix(groups []proxyGroup, excess int, unit string) string {
	var picked []proxyGroup
	for saved := 0; saved < excess && len(picked) < 3; {
		best := -1
		for i, g := range groups {
			if slices.ContainsFunc(picked, func(p proxyGroup) bool {
				return strings.HasPrefix(g.prefix+"/", p.prefix+"/") || strings.HasPrefix(p.prefix+"/", g.prefix+"/")
			}) {
				continue
			}
			if best < 0 || better(g, groups[best], excess-saved) {
				best = i
			}
		}
		if best < 0 {
			break
		}
		picked = append(picked, groups[best])
		saved += groups[best].saves
	}
	if len(picked) == 0 {
		return "serve routes under a shared prefix with one {proxy+} route (no prefix has several Lambda routes to merge yet)"
	}
	var parts []string
	for _, g := range picked {
		u := unit
		if g.saves != 1 {
			u += "s"
		}
		parts = append(parts, fmt.Sprintf("the %d routes under %s/ could be one route %s/{proxy+} (%d %s fewer)", g.routes, g.prefix, g.prefix, g.saves, u))
	}
	return strings.Join(parts, "; ")
}

// better reports whether a is a better prefix to merge than b when need
// more are to be saved: one that saves enough alone beats one that does
// not; of two that do, the smaller change (fewer saved, then the longer
// prefix); of two that do not, the bigger saving.
func better(a, b proxyGroup, need int) bool {
	aEnough, bEnough := a.saves >= need, b.saves >= need
	switch {
	case aEnough != bEnough:
		return aEnough
	case a.saves != b.saves:
		return (a.saves < b.saves) == aEnough
	case len(a.prefix) != len(b.prefix):
		return len(a.prefix) > len(b.prefix)
	}
	return a.prefix < b.prefix
}

// cachePolicies: each distinct cache mode and TTL is one custom cache
// policy, from an account-wide quota.
func (v *validator) cachePolicies() {
	bs, _ := v.m.EdgeBehaviors()
	policies := map[string]bool{}
	for _, b := range bs {
		if b.Target == TargetLambda && b.Cache != CacheNone {
			policies[fmt.Sprintf("%s/%d", b.Cache, b.CacheTTLSeconds)] = true
		}
	}
	if q := v.m.CloudFront.CachePolicyQuota; q >= 1 && len(policies) > q {
		v.at("routes", "the routes need %d CloudFront cache policies (one per cache mode and cacheTtlSeconds) but the account quota is %d, shared with other stacks; use fewer distinct TTLs, or raise the quota and set cloudFront.cachePolicyQuota", len(policies), q)
	}
}
