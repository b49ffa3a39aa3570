package manifest

import (
	"strings"
)

// Defaults: what a manifest leaves out, filled in before any check.

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
	m.applyWebACLDefaults()
	if m.APIGateway.OriginKeyRotationDays == nil {
		m.APIGateway.OriginKeyRotationDays = ptr(DefaultOriginKeyRotationDays)
	}
	m.applyCORSDefaults() // after auth: its header is CORS's default
	m.applySecurityHeaderDefaults()
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
