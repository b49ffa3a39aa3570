// Package manifest is the route manifest: the one contract between the
// migration planner, the CDK stack and the people who review a migration.
//
// A manifest is a YAML (or JSON, which YAML reads too) file naming the
// monolith's origin, the network, API Gateway, CloudFront, Lambda and alarm
// settings, and the routes. Load parses it strictly (an unknown field is an
// error, not a silent default), fills in the documented defaults and checks
// every rule the stack relies on, reporting one problem per line with the
// route and field it concerns. Everything a deploy would trip over is caught
// here, before CloudFormation sees it.
package manifest

import "github.com/strangler-fig/strangler/awslimits"

// Defaults. Each is written in the doc comment of the field it fills.
const (
	DefaultNetworkCIDR              = "10.0.0.0/16"
	DefaultMaxAZs                   = 2
	DefaultPrivateSubnetPrefix      = 19 // 8,187 usable addresses per AZ
	DefaultStageName                = "prod"
	DefaultThrottleRateLimit        = 2000
	DefaultThrottleBurstLimit       = 4000
	DefaultIntegrationTimeout       = awslimits.APIGatewayIntegrationTimeoutSeconds
	DefaultExecutionLogLevel        = "ERROR"
	DefaultOriginResponseTimeout    = awslimits.CloudFrontOriginResponseTimeoutSeconds
	DefaultCacheBehaviorQuota       = awslimits.CloudFrontCacheBehaviorsPerDistribution
	DefaultCachePolicyQuota         = awslimits.CloudFrontCachePoliciesPerAccount
	DefaultLegacyReadTimeout        = awslimits.CloudFrontOriginResponseTimeoutSeconds
	DefaultLogBucketRetentionDays   = 90
	DefaultMemoryMiB                = 256
	DefaultLogRetentionDays         = 30
	DefaultRegionalConcurrencyQuota = awslimits.LambdaConcurrentExecutions
	DefaultConcurrencyAlarmPercent  = awslimits.QuotaWatchThresholdPercent
	DefaultCacheTTLSeconds          = 60
	DefaultLambdasDir               = "lambdas"
	DefaultResourceQuota            = awslimits.APIGatewayResourcesPerAPI
	DefaultRollout                  = "Canary10Percent5Minutes"
	DefaultWeight                   = 100 // all of a migrated route's requests to Lambda

	// MinUnreservedConcurrency is what Lambda requires to stay unreserved
	// in a region: reserved concurrency can never take the last 100.
	MinUnreservedConcurrency = awslimits.LambdaUnreservedConcurrencyMinimum

	// ConnectionsPerENI is what one Lambda Hyperplane network interface
	// carries; Lambda adds interfaces beyond it (see subnetAddresses).
	ConnectionsPerENI = awslimits.LambdaConnectionsPerHyperplaneENI

	// RolloutConfigPrefix is put before a rollout to name the CodeDeploy
	// predefined deployment configuration: "CodeDeployDefault.Lambda" +
	// "Canary10Percent5Minutes".
	RolloutConfigPrefix = "CodeDeployDefault.Lambda"
)

// Rollouts are the values of Route.Rollout and LambdaDefaults.Rollout:
// CodeDeploy's predefined Lambda deployment configurations, without
// RolloutConfigPrefix. Canary10PercentNMinutes shifts 10% of the traffic
// to the new version, then the rest after N minutes;
// Linear10PercentEveryNMinutes shifts 10% more every N minutes; AllAtOnce
// shifts everything at once. RolloutEmergency is AllAtOnce without
// watching the function's alarms, for a fix while they fire.
var Rollouts = []string{
	"Canary10Percent5Minutes", "Canary10Percent10Minutes", "Canary10Percent15Minutes", "Canary10Percent30Minutes",
	"Linear10PercentEvery1Minute", "Linear10PercentEvery2Minutes", "Linear10PercentEvery3Minutes", "Linear10PercentEvery10Minutes",
	"AllAtOnce", RolloutEmergency,
}

// RolloutEmergency deploys a fix while the function's alarms fire:
// CodeDeploy stops (and rolls back) a deployment at once if an alarm of
// its deployment group is in ALARM, so a function failing in production
// could otherwise never get its fix. Set it for that deploy, then remove it.
const RolloutEmergency = "AllAtOnceIgnoringAlarms"

// Manifest is a whole migration: where the monolith is, the shared
// settings, and the routes moving off it.
type Manifest struct {
	// Legacy is the monolith. Required.
	Legacy Legacy `yaml:"legacy" json:"legacy"`
	// Network holds the VPC the Lambdas run in.
	Network Network `yaml:"network,omitempty" json:"network,omitempty"`
	// APIGateway holds the REST API's stage settings.
	APIGateway APIGateway `yaml:"apiGateway,omitempty" json:"apiGateway,omitempty"`
	// CloudFront holds the distribution's settings.
	CloudFront CloudFront `yaml:"cloudFront,omitempty" json:"cloudFront,omitempty"`
	// Lambda holds the defaults every function gets unless its route says otherwise.
	Lambda LambdaDefaults `yaml:"lambda,omitempty" json:"lambda,omitempty"`
	// Alarms holds where alarms go.
	Alarms Alarms `yaml:"alarms,omitempty" json:"alarms,omitempty"`
	// LambdasDir is the folder holding one Go main package per function,
	// relative to the manifest file. Default: "lambdas".
	LambdasDir string `yaml:"lambdasDir,omitempty" json:"lambdasDir,omitempty"`
	// Databases the functions use (see Database): checked at synth against
	// max_connections, watched by the quota watch. Default: none.
	Databases []Database `yaml:"databases,omitempty" json:"databases,omitempty"`
	// Auth is how callers of migrated routes are authenticated (see Auth).
	Auth Auth `yaml:"auth,omitempty" json:"auth,omitempty"`
	// CORS is the default cross-origin policy of every route with a
	// function (see CORS); a route's own cors replaces it. Default: none
	// (browsers on other origins cannot call migrated routes).
	CORS *CORS `yaml:"cors,omitempty" json:"cors,omitempty"`
	// Observability holds the tracing switch (see Observability).
	Observability Observability `yaml:"observability,omitempty" json:"observability,omitempty"`
	// Routes are the API paths being migrated, one entry per path.
	Routes []Route `yaml:"routes" json:"routes"`

	// dir is the folder the manifest was read from; relative paths start there.
	dir string
	// warnings are what Parse found worth a look but not wrong, one
	// formatted line each (see Warnings).
	warnings []string
}

// Warnings lists what the checks found worth a look but not wrong (a
// subnet that may run short of addresses, a check that could not run),
// one line each in the format of Error's lines: "routes.yaml:7: where:
// what and how to fix it". The stack prints them as CDK warnings.
func (m *Manifest) Warnings() []string { return m.warnings }

// Legacy is the monolith's origin: CloudFront's default behaviour.
type Legacy struct {
	// DomainName of the monolith's origin, e.g. "legacy-api.example.com". Required.
	DomainName string `yaml:"domainName" json:"domainName"`
	// Protocol CloudFront uses to reach it: "https-only" or "match-viewer"
	// (HTTPS too, as viewers are redirected to HTTPS). "http-only" is
	// refused: the origin secret and callers' credentials would travel in
	// clear. Default: "https-only".
	Protocol string `yaml:"protocol,omitempty" json:"protocol,omitempty"`
	// ReadTimeoutSeconds CloudFront waits for the monolith, 1 to 120. Default: 30; raise it if slow endpoints
	// answer today without CloudFront in front.
	ReadTimeoutSeconds int `yaml:"readTimeoutSeconds,omitempty" json:"readTimeoutSeconds,omitempty"`
	// OriginSecret is the header CloudFront sends the monolith with a
	// generated secret, so the monolith can refuse requests that did not
	// come through CloudFront (see OriginSecret).
	OriginSecret OriginSecret `yaml:"originSecret,omitempty" json:"originSecret,omitempty"`
}

// Network is the VPC for the API Lambdas: either one the stack creates, with
// large private subnets, or an existing one named by IDs (no account lookup).
type Network struct {
	// CIDR of a new VPC. Default: "10.0.0.0/16".
	CIDR string `yaml:"cidr,omitempty" json:"cidr,omitempty"`
	// MaxAZs a new VPC spans: 2 (the stack is environment-agnostic, and CDK
	// then uses at most 2 AZs). Default: 2.
	MaxAZs int `yaml:"maxAzs,omitempty" json:"maxAzs,omitempty"`
	// PrivateSubnetPrefix is the prefix length of each private (Lambda)
	// subnet; a /19 holds 8,187 network interfaces. Default: 19.
	PrivateSubnetPrefix int `yaml:"privateSubnetPrefix,omitempty" json:"privateSubnetPrefix,omitempty"`
	// NatGateways for a new VPC's egress. Default: one per AZ, so losing an
	// AZ does not cut the others off from AWS APIs.
	NatGateways *int `yaml:"natGateways,omitempty" json:"natGateways,omitempty"`
	// Existing, when set, uses that VPC instead of creating one.
	Existing *ExistingVPC `yaml:"existing,omitempty" json:"existing,omitempty"`
	// SecretsManagerEndpoint adds a Secrets Manager interface endpoint
	// (private DNS, open to the functions only), so functions read their
	// secrets without leaving the VPC; about 0.01 USD an hour per AZ.
	// Default: true for a new VPC when a route has secrets; false for an
	// existing VPC (it may have one already, and two conflict).
	SecretsManagerEndpoint *bool `yaml:"secretsManagerEndpoint,omitempty" json:"secretsManagerEndpoint,omitempty"`
}

// ExistingVPC names a VPC that already exists, by IDs, so synth needs no AWS account.
type ExistingVPC struct {
	// VpcID, e.g. "vpc-0123456789abcdef0". Required.
	VpcID string `yaml:"vpcId" json:"vpcId"`
	// AvailabilityZones of the private subnets, in the same order. Required, at least 2.
	AvailabilityZones []string `yaml:"availabilityZones" json:"availabilityZones"`
	// PrivateSubnetIDs the Lambdas run in, one per zone. Required.
	PrivateSubnetIDs []string `yaml:"privateSubnetIds" json:"privateSubnetIds"`
	// SecurityGroupID for the Lambdas. Default: the stack creates one.
	SecurityGroupID string `yaml:"securityGroupId,omitempty" json:"securityGroupId,omitempty"`
	// FreeAddresses of each private subnet, in the order of
	// PrivateSubnetIDs, as EC2 reports them now: `aws ec2 describe-subnets
	// --subnet-ids ID1 ID2 --query 'Subnets[].[SubnetId,AvailableIpAddressCount]'
	// --output text` (EC2 may list the subnets in another order). Each must
	// hold the network interfaces the functions can need there (see
	// ConnectionsPerENI); a subnet with less than half of the largest's, or
	// under twice what is needed, is warned about. Default: none, and then
	// the addresses are not checked (a warning says so).
	FreeAddresses []int `yaml:"freeAddresses,omitempty" json:"freeAddresses,omitempty"`
}

// APIGateway is the REST API in front of the Lambdas.
type APIGateway struct {
	// StageName of the deployment stage. Default: "prod".
	StageName string `yaml:"stageName,omitempty" json:"stageName,omitempty"`
	// ThrottleRateLimit is the stage's steady-state requests per second.
	// Default: 2000 (an app push of 10,000 calls a minute is ~170/s on average).
	ThrottleRateLimit float64 `yaml:"throttleRateLimit,omitempty" json:"throttleRateLimit,omitempty"`
	// ThrottleBurstLimit is the stage's burst bucket. Default: 4000.
	ThrottleBurstLimit int `yaml:"throttleBurstLimit,omitempty" json:"throttleBurstLimit,omitempty"`
	// IntegrationTimeoutSeconds is how long API Gateway waits for a Lambda.
	// Default: 29 (the REST API maximum unless a quota increase raised it).
	IntegrationTimeoutSeconds int `yaml:"integrationTimeoutSeconds,omitempty" json:"integrationTimeoutSeconds,omitempty"`
	// ExecutionLogLevel: "ERROR", "INFO" or "OFF". Default: "ERROR", which
	// already records Lambda throttling (429s) that Lambda's own logs never show.
	ExecutionLogLevel string `yaml:"executionLogLevel,omitempty" json:"executionLogLevel,omitempty"`
	// ManageAccountLoggingRole sets the account's API Gateway CloudWatch
	// role (one per account and region), which execution logs need. Set
	// false where a landing zone manages it. Default: true (false when
	// executionLogLevel is OFF).
	ManageAccountLoggingRole *bool `yaml:"manageAccountLoggingRole,omitempty" json:"manageAccountLoggingRole,omitempty"`
	// ResourceQuota is the account's API Gateway resources per REST API, as
	// Service Quotas shows it. Every path segment of every route with a
	// function is one resource (/user/{id}/orders is three; the root is
	// free), rolled-back routes included, since they stay on API Gateway.
	// Default: 300.
	ResourceQuota int `yaml:"resourceQuota,omitempty" json:"resourceQuota,omitempty"`
	// OriginKeyGeneration rotates the API key CloudFront sends (the only
	// way to call the API): raise it by one and deploy, and a new secret
	// and key replace the old ones, CloudFront switching before the old key
	// is removed. Default: 1.
	OriginKeyGeneration int `yaml:"originKeyGeneration,omitempty" json:"originKeyGeneration,omitempty"`
	// OriginKeyRotationDays replaces the origin key on a schedule, this
	// many days apart, without a deploy: a scheduled stack update by
	// CloudFormation (docs/security.md), both keys valid during the
	// switch. 0 turns it off. Default: 30.
	OriginKeyRotationDays *int `yaml:"originKeyRotationDays,omitempty" json:"originKeyRotationDays,omitempty"`
}

// CloudFront is the distribution every request enters through.
type CloudFront struct {
	// OriginResponseTimeoutSeconds CloudFront waits for API Gateway; must
	// be at least the integration timeout. Default: 30.
	OriginResponseTimeoutSeconds int `yaml:"originResponseTimeoutSeconds,omitempty" json:"originResponseTimeoutSeconds,omitempty"`
	// DomainNames are the API's public names (their DNS will point at the
	// distribution); each must differ from legacy.domainName. Requires
	// CertificateARN. Default: none (only the *.cloudfront.net name answers).
	DomainNames []string `yaml:"domainNames,omitempty" json:"domainNames,omitempty"`
	// CertificateARN of an ACM certificate in us-east-1 covering DomainNames.
	CertificateARN string `yaml:"certificateArn,omitempty" json:"certificateArn,omitempty"`
	// CachePolicyQuota is the account's custom cache policies (shared with
	// every other stack): each distinct cache mode and TTL makes one. Default: 20.
	CachePolicyQuota int `yaml:"cachePolicyQuota,omitempty" json:"cachePolicyQuota,omitempty"`
	// CacheBehaviorQuota is the account's cache behaviours per distribution.
	// Default: 75, CloudFront's default quota
	// (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html);
	// set yours if Service Quotas shows another value.
	CacheBehaviorQuota int `yaml:"cacheBehaviorQuota,omitempty" json:"cacheBehaviorQuota,omitempty"`
	// LogRetentionDays keeps access logs in the log bucket. Default: 90.
	LogRetentionDays int `yaml:"logRetentionDays,omitempty" json:"logRetentionDays,omitempty"`
	// LegacyLogging keeps CloudFront's legacy standard logging (gzipped
	// text under cloudfront/ in the log bucket) beside logging v2 (Parquet
	// under AWSLogs/, with a Glue table and an Athena workgroup over it).
	// Logging v2 is configured in us-east-1, so it delivers only when the
	// stack is deployed there; set false there once the planner and the
	// parity check read the Parquet logs. Default: true.
	LegacyLogging *bool `yaml:"legacyLogging,omitempty" json:"legacyLogging,omitempty"`
	// WebACLARN attaches an existing AWS WAF web ACL of scope CLOUDFRONT
	// (made in us-east-1, whatever region the stack is in), e.g.
	// "arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/1234abcd-...":
	// its rules (rate limits, managed rule groups) then see every request,
	// to the monolith and to the migrated routes. Default: none (no WAF;
	// docs/security.md says what that leaves open).
	WebACLARN string `yaml:"webAclArn,omitempty" json:"webAclArn,omitempty"`
	// WebACL has the stack create a CLOUDFRONT web ACL instead (see
	// WebACL): then the stack must be deployed in us-east-1. Default: none.
	WebACL *WebACL `yaml:"webAcl,omitempty" json:"webAcl,omitempty"`
	// SecurityHeaders CloudFront adds to migrated routes' answers (see
	// SecurityHeaders). Default: on, never replacing a header the answer has.
	SecurityHeaders SecurityHeaders `yaml:"securityHeaders,omitempty" json:"securityHeaders,omitempty"`
	// ResponseHeadersPolicyQuota is the account's custom response headers
	// policies (shared with every other stack): each distinct cors, with
	// the security headers, makes one. Default: 20.
	ResponseHeadersPolicyQuota int `yaml:"responseHeadersPolicyQuota,omitempty" json:"responseHeadersPolicyQuota,omitempty"`
}

// LambdaDefaults apply to every function whose route does not override them.
type LambdaDefaults struct {
	// MemoryMiB per function, 128 to 10240. Default: 256.
	MemoryMiB int `yaml:"memoryMiB,omitempty" json:"memoryMiB,omitempty"`
	// TimeoutSeconds per function; never more than the API Gateway
	// integration timeout, since API Gateway gives up then anyway.
	// Default: the integration timeout (29).
	TimeoutSeconds int `yaml:"timeoutSeconds,omitempty" json:"timeoutSeconds,omitempty"`
	// LogRetentionDays of each function's log group (a CloudWatch Logs
	// retention value). Default: 30.
	LogRetentionDays int `yaml:"logRetentionDays,omitempty" json:"logRetentionDays,omitempty"`
	// RegionalConcurrencyQuota is the account's Lambda concurrency quota in
	// the region, as Service Quotas shows it. Default: 1000.
	RegionalConcurrencyQuota int `yaml:"regionalConcurrencyQuota,omitempty" json:"regionalConcurrencyQuota,omitempty"`
	// NamePrefix is put before every function name, e.g. "staging-" to run
	// two copies in one account. Default: none.
	NamePrefix string `yaml:"namePrefix,omitempty" json:"namePrefix,omitempty"`
	// Rollout is how a new version of a function takes traffic: one of
	// Rollouts, a CodeDeploy predefined Lambda deployment configuration
	// without its "CodeDeployDefault.Lambda" prefix, e.g.
	// "Linear10PercentEvery1Minute" or "AllAtOnce". Default:
	// "Canary10Percent5Minutes" (10% for 5 minutes, then the rest).
	Rollout string `yaml:"rollout,omitempty" json:"rollout,omitempty"`
}

// Alarms says where alarm notifications go.
type Alarms struct {
	// Email subscribed to the alarm topic. Default: none (subscribe later).
	Email string `yaml:"email,omitempty" json:"email,omitempty"`
	// ConcurrencyPercent of the regional quota that raises the account
	// concurrency alarm. Default: 80.
	ConcurrencyPercent int `yaml:"concurrencyPercent,omitempty" json:"concurrencyPercent,omitempty"`
}

// LambdaWeight is the route's share of requests to Lambda when the
// cut-over store says nothing: Weight, or 100.
func (r *Route) LambdaWeight() int {
	if r.Weight == nil {
		return DefaultWeight
	}
	return *r.Weight
}

// Targets of a route.
const (
	TargetLambda = "lambda" // CloudFront sends the path to API Gateway
	TargetLegacy = "legacy" // CloudFront sends it back to the monolith: the rollback switch
)

// Ways a legacy route reaches the monolith (Route.Via).
const (
	ViaCloudFront = "cloudfront"  // a CloudFront behaviour back to the monolith, where needed
	ViaAPIGateway = "api-gateway" // an API Gateway HTTP proxy route to the monolith: no behaviour
)

// Cache modes of a route.
const (
	CacheNone     = "none"      // never cached
	CachePerToken = "per-token" // the credential (Authorization, or auth.sessionCookies) and cacheQueryKeys in the key
	CachePublic   = "public"    // cacheQueryKeys in the key, same answer for everyone
)

// Route is one API path template and how it is served.
type Route struct {
	// Path template as API Gateway writes it: "/user/{id}", "/files/{proxy+}". Required.
	Path string `yaml:"path" json:"path"`
	// Methods served: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS or ANY.
	// Routes whose CloudFront behaviour allows only GET, HEAD and OPTIONS
	// fail over to the monolith when API Gateway answers 500-504 (an origin
	// group); a behaviour allowing writes cannot, since CloudFront fails
	// over only GET, HEAD and OPTIONS and refuses an origin group on a
	// behaviour that allows more (docs/cutover.md). Default: [GET].
	Methods []string `yaml:"methods,omitempty" json:"methods,omitempty"`
	// Function serving it: a folder under LambdasDir and the Lambda's name.
	// Default for target lambda: derived from the path, "/user/{id}" ->
	// "api-user-id". Default for target legacy: none, and then no Lambda is
	// built: the route only keeps its path on the monolith (see EdgeBehaviors).
	Function string `yaml:"function,omitempty" json:"function,omitempty"`
	// Target: "lambda" or "legacy" (send the path back to the monolith; the
	// function stays deployed so moving forward again is one line). Default: "lambda".
	Target string `yaml:"target,omitempty" json:"target,omitempty"`
	// Weight is the share of the route's requests, 0 to 100, that go to
	// Lambda; the rest go to the monolith. The same caller stays on the
	// same side while the weight stands (a hash of its Authorization
	// header, else of its address). The cut-over store changes it at run
	// time without a deploy (`cutover shift`), and the fallback sets it to
	// 0 when the route's alarms fire; this value is what the edge uses when
	// the store has none. Target lambda only. Default: 100.
	Weight *int `yaml:"weight,omitempty" json:"weight,omitempty"`
	// Via is how a legacy route without a function reaches the monolith
	// when a migrated pattern covers its path: "cloudfront", its own
	// CloudFront behaviour back to the monolith (placed first), or
	// "api-gateway", an API Gateway HTTP proxy route to the monolith that
	// costs no behaviour where the migrated paths around it are uncached
	// (CloudFront treats it as one of them; never cached, as the monolith's
	// default behaviour), for when the distribution's behaviour quota is
	// tight. The second puts the path's traffic through API Gateway: its
	// integration timeout (29 s: slower monolith answers become 504), its
	// throttle (counted by the planner), its price per request, and its
	// handling of the query string; the monolith sees API Gateway's
	// requests, not CloudFront's. Such a route takes every method (ANY), as
	// the monolith's default behaviour does, whatever methods says.
	// Default: "cloudfront".
	Via string `yaml:"via,omitempty" json:"via,omitempty"`
	// Auth of the route's callers: "jwt", "delegate" or "none" (public).
	// Default: auth.default; a route with a function must end up with one.
	Auth string `yaml:"auth,omitempty" json:"auth,omitempty"`
	// Cache mode at CloudFront: "none", "per-token" or "public". Default: "none".
	Cache string `yaml:"cache,omitempty" json:"cache,omitempty"`
	// CacheTTLSeconds is the default TTL for "per-token" and "public"
	// (an origin Cache-Control header still wins). Default: 60.
	CacheTTLSeconds *int `yaml:"cacheTtlSeconds,omitempty" json:"cacheTtlSeconds,omitempty"`
	// CacheQueryKeys are the query string names in the cache key of a
	// "per-token" or "public" route: the ones its answer depends on, e.g.
	// [page, size]. Every query string still reaches the function; one not
	// listed only makes no new cache entry, so a made-up key cannot push
	// requests past the cache. [] puts none in the key. Required when
	// cache is per-token or public (neither "all", which lets any caller
	// bypass the cache, nor "none", which would serve ?page=2 the answer
	// of ?page=1, is safe to assume); at most 10. Default: none set.
	CacheQueryKeys QueryKeys `yaml:"cacheQueryKeys,omitempty" json:"cacheQueryKeys,omitempty"`
	// MemoryMiB of the function. Default: lambda.memoryMiB.
	MemoryMiB *int `yaml:"memoryMiB,omitempty" json:"memoryMiB,omitempty"`
	// TimeoutSeconds of the function. Default: lambda.timeoutSeconds.
	TimeoutSeconds *int `yaml:"timeoutSeconds,omitempty" json:"timeoutSeconds,omitempty"`
	// ReservedConcurrency of the function. Default: none (unreserved pool).
	ReservedConcurrency *int `yaml:"reservedConcurrency,omitempty" json:"reservedConcurrency,omitempty"`
	// Environment variables of the function. Default: none.
	Environment map[string]string `yaml:"environment,omitempty" json:"environment,omitempty"`
	// Secrets maps an environment variable to a Secrets Manager secret ARN:
	// the variable holds the ARN and the function may read that secret. Default: none.
	Secrets map[string]string `yaml:"secrets,omitempty" json:"secrets,omitempty"`
	// Rollout of a new version of the function: one of Rollouts, e.g.
	// "Canary10Percent5Minutes" or "AllAtOnce". Default: lambda.rollout.
	Rollout string `yaml:"rollout,omitempty" json:"rollout,omitempty"`
	// Stack is the nested stack holding the function with its routes' API
	// methods (CloudFormation allows 500 resources per stack); functions
	// may share one. A lower-case letter, then up to 30 lower-case letters,
	// digits or - (it becomes part of a construct ID). Default: the first
	// word of the function's name after "api-" (api-user-id -> user,
	// api-svc01-id-sub01 -> svc01), made to fit. Moving a deployed function
	// to another stack takes two deploys (remove it, deploy, add it back):
	// CloudFormation makes the new copy before deleting the old one, and
	// its name, log group and API methods exist once only. None for a route
	// without a function.
	Stack string `yaml:"stack,omitempty" json:"stack,omitempty"`
	// Database the function connects to: one of databases by name, and
	// how many connections one execution environment keeps. Default: none.
	Database *RouteDatabase `yaml:"database,omitempty" json:"database,omitempty"`
	// CORS of the route, replacing the manifest's cors as a whole (see
	// CORS). Routes with a function only. Default: the manifest's cors.
	CORS *CORS `yaml:"cors,omitempty" json:"cors,omitempty"`
}
