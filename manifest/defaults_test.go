package manifest_test

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/strangler-fig/strangler/manifest"
)

// TestMinimalDefaults: testdata/minimal.yaml (legacy.domainName and one
// route) gets every documented default.
func TestMinimalDefaults(t *testing.T) {
	m, err := manifest.Load(filepath.Join("testdata", "minimal.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	check := func(field string, got, want any) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %#v, want %#v", field, got, want)
		}
	}
	check("legacy.domainName", m.Legacy.DomainName, "legacy-api.example.com")
	check("legacy.protocol", m.Legacy.Protocol, "https-only")
	check("legacy.readTimeoutSeconds", m.Legacy.ReadTimeoutSeconds, manifest.DefaultLegacyReadTimeout)
	check("apiGateway.manageAccountLoggingRole", m.APIGateway.ManageAccountLoggingRole, ptr(true))
	check("cloudFront.cachePolicyQuota", m.CloudFront.CachePolicyQuota, manifest.DefaultCachePolicyQuota)
	check("cloudFront.domainNames", m.CloudFront.DomainNames, []string(nil))

	check("network.cidr", m.Network.CIDR, manifest.DefaultNetworkCIDR)
	check("network.maxAzs", m.Network.MaxAZs, manifest.DefaultMaxAZs)
	check("network.privateSubnetPrefix", m.Network.PrivateSubnetPrefix, manifest.DefaultPrivateSubnetPrefix)
	check("network.natGateways (one per AZ)", m.Network.NatGateways, ptr(manifest.DefaultMaxAZs))
	check("network.existing", m.Network.Existing, (*manifest.ExistingVPC)(nil))

	check("apiGateway.stageName", m.APIGateway.StageName, manifest.DefaultStageName)
	check("apiGateway.throttleRateLimit", m.APIGateway.ThrottleRateLimit, float64(manifest.DefaultThrottleRateLimit))
	check("apiGateway.throttleBurstLimit", m.APIGateway.ThrottleBurstLimit, manifest.DefaultThrottleBurstLimit)
	check("apiGateway.integrationTimeoutSeconds", m.APIGateway.IntegrationTimeoutSeconds, manifest.DefaultIntegrationTimeout)
	check("apiGateway.executionLogLevel", m.APIGateway.ExecutionLogLevel, manifest.DefaultExecutionLogLevel)
	check("apiGateway.resourceQuota", m.APIGateway.ResourceQuota, manifest.DefaultResourceQuota)
	check("apiGateway.originKeyGeneration", m.APIGateway.OriginKeyGeneration, 1)

	check("cloudFront.originResponseTimeoutSeconds", m.CloudFront.OriginResponseTimeoutSeconds, manifest.DefaultOriginResponseTimeout)
	check("cloudFront.cacheBehaviorQuota", m.CloudFront.CacheBehaviorQuota, manifest.DefaultCacheBehaviorQuota)
	check("cloudFront.logRetentionDays", m.CloudFront.LogRetentionDays, manifest.DefaultLogBucketRetentionDays)

	check("lambda.memoryMiB", m.Lambda.MemoryMiB, manifest.DefaultMemoryMiB)
	check("lambda.timeoutSeconds (the integration timeout)", m.Lambda.TimeoutSeconds, manifest.DefaultIntegrationTimeout)
	check("lambda.logRetentionDays", m.Lambda.LogRetentionDays, manifest.DefaultLogRetentionDays)
	check("lambda.regionalConcurrencyQuota", m.Lambda.RegionalConcurrencyQuota, manifest.DefaultRegionalConcurrencyQuota)
	check("lambda.namePrefix", m.Lambda.NamePrefix, "")
	check("lambda.rollout", m.Lambda.Rollout, manifest.DefaultRollout)

	check("alarms.email", m.Alarms.Email, "")
	check("alarms.concurrencyPercent", m.Alarms.ConcurrencyPercent, manifest.DefaultConcurrencyAlarmPercent)
	check("lambdasDir", m.LambdasDir, manifest.DefaultLambdasDir)

	if len(m.Routes) != 1 {
		t.Fatalf("got %d routes, want 1", len(m.Routes))
	}
	r := m.Routes[0]
	check("route.path", r.Path, "/user/{id}")
	check("route.methods", r.Methods, []string{"GET"})
	check("route.function (derived from the path)", r.Function, "api-user-id")
	check("route.target", r.Target, manifest.TargetLambda)
	check("route.cache", r.Cache, manifest.CacheNone)
	check("route.cacheTtlSeconds (none without a cache)", r.CacheTTLSeconds, (*int)(nil))
	check("route.memoryMiB (lambda.memoryMiB)", r.MemoryMiB, ptr(manifest.DefaultMemoryMiB))
	check("route.timeoutSeconds (lambda.timeoutSeconds)", r.TimeoutSeconds, ptr(manifest.DefaultIntegrationTimeout))
	check("route.reservedConcurrency", r.ReservedConcurrency, (*int)(nil))
	check("route.environment", r.Environment, map[string]string(nil))
	check("route.secrets", r.Secrets, map[string]string(nil))
	check("route.rollout (lambda.rollout)", r.Rollout, manifest.DefaultRollout)
	check("route.stack (the function name's first word after api-)", r.Stack, "user")

	fs := m.Functions()
	if len(fs) != 1 {
		t.Fatalf("got %d functions, want 1", len(fs))
	}
	check("function.Name", fs[0].Name, "api-user-id")
	check("function.FunctionName", fs[0].FunctionName, "api-user-id")
	check("function.Dir", fs[0].Dir, filepath.Join("testdata", "lambdas", "api-user-id"))
	check("function.LogRetentionDays", fs[0].LogRetentionDays, manifest.DefaultLogRetentionDays)
	check("function.Rollout", fs[0].Rollout, manifest.DefaultRollout)
	check("function.Stack", fs[0].Stack, "user")
	check("warnings", m.Warnings(), []string(nil))
}

// TestRouteDefaults covers the defaults that depend on other fields.
func TestRouteDefaults(t *testing.T) {
	m := parse(t, doc(`
legacy:
  domainName: legacy-api.example.com
apiGateway:
  integrationTimeoutSeconds: 20
lambda:
  memoryMiB: 1024
routes:
  - path: /user/{id}
    methods: [get, Post]
    cache: public
    cacheQueryKeys: []
    auth: none
  - path: /user/{id}/orders
    target: legacy
  - path: /files/{proxy+}
    cache: per-token
    cacheQueryKeys: []
    cacheTtlSeconds: 5
    timeoutSeconds: 3
  - path: /
`))
	tests := []struct {
		field     string
		got, want any
	}{
		{"lambda.timeoutSeconds follows integrationTimeoutSeconds", m.Lambda.TimeoutSeconds, 20},
		{"methods are upper-cased", m.Routes[0].Methods, []string{"GET", "POST"}},
		{"a cached route gets the default TTL", m.Routes[0].CacheTTLSeconds, ptr(manifest.DefaultCacheTTLSeconds)},
		{"memory follows lambda.memoryMiB", m.Routes[0].MemoryMiB, ptr(1024)},
		{"timeout follows lambda.timeoutSeconds", m.Routes[0].TimeoutSeconds, ptr(20)},
		{"a legacy route without function gets none", m.Routes[1].Function, ""},
		{"a legacy route keeps its target", m.Routes[1].Target, manifest.TargetLegacy},
		{"greedy parameter name in the derived function", m.Routes[2].Function, "api-files-proxy"},
		{"an explicit TTL stays", m.Routes[2].CacheTTLSeconds, ptr(5)},
		{"an explicit timeout stays", m.Routes[2].TimeoutSeconds, ptr(3)},
		{"the root route's function", m.Routes[3].Function, "api-root"},
	}
	for _, tt := range tests {
		if !reflect.DeepEqual(tt.got, tt.want) {
			t.Errorf("%s: got %#v, want %#v", tt.field, tt.got, tt.want)
		}
	}
	if n := len(m.Functions()); n != 3 {
		t.Errorf("got %d functions, want 3 (the legacy route has none)", n)
	}
}

// TestFull: testdata/full.yaml sets every field; each is read as written.
func TestFull(t *testing.T) {
	m, err := manifest.Load(filepath.Join("testdata", "full.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	want := manifest.Manifest{
		Legacy: manifest.Legacy{DomainName: "legacy-api.example.com", Protocol: "match-viewer", ReadTimeoutSeconds: 60,
			OriginSecret: manifest.OriginSecret{Header: "X-From-Edge", Generation: 2}},
		Network: manifest.Network{CIDR: "10.20.0.0/16", MaxAZs: 2, PrivateSubnetPrefix: 20, NatGateways: ptr(1)},
		APIGateway: manifest.APIGateway{StageName: "live", ThrottleRateLimit: 500.5, ThrottleBurstLimit: 1000,
			IntegrationTimeoutSeconds: 20, ExecutionLogLevel: "INFO", ManageAccountLoggingRole: ptr(false), ResourceQuota: 250, OriginKeyGeneration: 3, OriginKeyRotationDays: ptr(90)},
		CloudFront: manifest.CloudFront{OriginResponseTimeoutSeconds: 25, CacheBehaviorQuota: 75, LogRetentionDays: 30,
			DomainNames:      []string{"api.example.com"},
			CertificateARN:   "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555",
			CachePolicyQuota: 40,
			WebACLARN:        "arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111",
			SecurityHeaders: manifest.SecurityHeaders{Enabled: ptr(true), HSTSMaxAgeSeconds: manifest.DefaultHSTSMaxAgeSeconds,
				FrameOptions: "DENY", ReferrerPolicy: "strict-origin-when-cross-origin"},
			ResponseHeadersPolicyQuota: 20},
		Lambda: manifest.LambdaDefaults{MemoryMiB: 512, TimeoutSeconds: 15, LogRetentionDays: 14,
			RegionalConcurrencyQuota: 2000, NamePrefix: "staging-", Rollout: "Linear10PercentEvery1Minute"},
		Alarms: manifest.Alarms{Email: "ops@example.com", ConcurrencyPercent: 70},
		Auth: manifest.Auth{Default: "jwt", Header: "Authorization", CacheTTLSeconds: ptr(120),
			JWT: &manifest.JWTAuth{Issuer: "https://login.example.com/", Audiences: []string{"api", "mobile"},
				JWKSURL: "https://login.example.com/.well-known/jwks.json", Algorithms: []string{"RS256", "ES256"}, ClockSkewSeconds: ptr(30)},
			Delegate: &manifest.DelegateAuth{URL: "https://legacy-api.example.com/session"}},
		LambdasDir: "lambdas",
		Routes: []manifest.Route{
			{Path: "/user/{id}", Methods: []string{"GET", "HEAD"}, Function: "api-user-id", Target: "lambda",
				Auth: "jwt", Cache: "per-token", CacheTTLSeconds: ptr(30), CacheQueryKeys: manifest.QueryKeys{}, MemoryMiB: ptr(1024), TimeoutSeconds: ptr(10),
				ReservedConcurrency: ptr(50), Environment: map[string]string{"DB_NAME": "users"},
				Secrets: map[string]string{"DB_SECRET_ARN": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:users-db"},
				Rollout: "AllAtOnce", Stack: "users"},
			{Path: "/user/{id}/orders", Methods: []string{"GET"}, Target: "legacy", Cache: "none",
				MemoryMiB: ptr(512), TimeoutSeconds: ptr(15), Rollout: "Linear10PercentEvery1Minute"},
			{Path: "/orders/{proxy+}", Methods: []string{"ANY"}, Function: "api-orders", Target: "lambda",
				Auth: "none", Cache: "public", CacheTTLSeconds: ptr(60), CacheQueryKeys: manifest.QueryKeys{"page", "size"}, MemoryMiB: ptr(512), TimeoutSeconds: ptr(15),
				Rollout: "Linear10PercentEvery1Minute", Stack: "orders"},
		},
	}
	checkSection := func(name string, got, want any) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s =\n%#v\nwant\n%#v", name, got, want)
		}
	}
	checkSection("legacy", m.Legacy, want.Legacy)
	checkSection("network", m.Network, want.Network)
	checkSection("apiGateway", m.APIGateway, want.APIGateway)
	checkSection("cloudFront", m.CloudFront, want.CloudFront)
	checkSection("lambda", m.Lambda, want.Lambda)
	checkSection("alarms", m.Alarms, want.Alarms)
	checkSection("lambdasDir", m.LambdasDir, want.LambdasDir)
	checkSection("auth", m.Auth, want.Auth)
	checkSection("routes", m.Routes, want.Routes)
	if fs := m.Functions(); len(fs) != 2 || fs[0].FunctionName != "staging-api-user-id" || fs[1].FunctionName != "staging-api-orders" {
		t.Errorf("functions: got %d, want staging-api-user-id and staging-api-orders", len(fs))
	}
}

func TestExistingVPC(t *testing.T) {
	m, err := manifest.Load(filepath.Join("testdata", "existing-vpc.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	want := manifest.Network{Existing: &manifest.ExistingVPC{
		VpcID:             "vpc-0123456789abcdef0",
		AvailabilityZones: []string{"eu-west-1a", "eu-west-1b"},
		PrivateSubnetIDs:  []string{"subnet-0123456789abcdef0", "subnet-0123456789abcdef1"},
		SecurityGroupID:   "sg-0123456789abcdef0",
		FreeAddresses:     []int{8100, 8187},
	}}
	// No new-VPC defaults beside an existing VPC: they would be refused.
	if !reflect.DeepEqual(m.Network, want) {
		t.Errorf("network =\n%#v\nwant\n%#v", m.Network, want)
	}
}

// TestRepoRoutesYAML: the default routes.yaml at the repository root is
// valid, and loads with its Lambda folders (lambdas/api-user-id and
// lambdas/api-products) in place.
func TestRepoRoutesYAML(t *testing.T) {
	path := filepath.Join("..", "routes.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("parses", func(t *testing.T) {
		m, err := manifest.Parse(data, path, "")
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, f := range m.Functions() {
			names = append(names, f.Name)
		}
		if want := []string{"api-user-id", "api-products"}; !reflect.DeepEqual(names, want) {
			t.Errorf("functions = %v, want %v", names, want)
		}
		if got, want := m.EdgePatterns(), []string{"/products", "/user/*/orders", "/user/*"}; !reflect.DeepEqual(got, want) {
			t.Errorf("edge patterns = %q, want %q", got, want)
		}
	})
	t.Run("loads with its Lambda folders", func(t *testing.T) {
		if _, err := manifest.Load(path); err != nil {
			t.Fatal(err)
		}
	})
}
