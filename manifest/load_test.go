package manifest_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/strangler-fig/strangler/manifest"
)

// Messages that several cases share.
const (
	msgEmpty      = "the file is empty; start from manifest/testdata/minimal.yaml"
	msgOverTimout = "30 s is over the API Gateway integration timeout (29 s): API Gateway answers 504 at 29 s and the rest is paid for nothing; use at most 29"
)

// TestParseProblems gives one manifest per class of mistake and the exact
// problem lines it must produce: line, where, message. Manifests are parsed
// with dir "" so Lambda folders are not checked (see TestLoadLambdaFolders).
func TestParseProblems(t *testing.T) {
	long := strings.Repeat("f", 57) // with "staging-" 65 characters: one too many
	tests := []struct {
		name string
		src  string
		want []manifest.Problem
	}{
		// Reading the file.
		{"empty file", "", []manifest.Problem{prob(0, "", msgEmpty)}},
		{"only comments", "# routes come later\n\n", []manifest.Problem{prob(0, "", msgEmpty)}},
		// yaml.v3 gives the line where the enclosing block or flow starts
		// (for parser errors the line before it), not the line of the
		// mistake; the package passes that on. Scanner errors (the tab
		// case) name the right line.
		{"invalid YAML syntax", doc(`
legacy:
  domainName: legacy-api.example.com
routes:
  - path: /a
   methods: [GET]
`), []manifest.Problem{prob(3, "", "not valid YAML or JSON: did not find expected '-' indicator")}},
		{"unclosed flow sequence", doc(`
legacy:
  domainName: legacy-api.example.com
routes:
  - path: /a
    methods: [GET
`), []manifest.Problem{prob(4, "", "not valid YAML or JSON: did not find expected ',' or ']'")}},
		{"tab indentation", "legacy:\n  domainName: legacy-api.example.com\nroutes:\n\t- path: /a\n", []manifest.Problem{
			prob(4, "", "not valid YAML or JSON: found character that cannot start any token")}},
		{"not a mapping", "just a string\n", []manifest.Problem{
			prob(1, "", "the manifest must be a mapping of fields (legacy:, routes:, ...), not a single value (str); start from manifest/testdata/minimal.yaml")}},
		{"a list", "- path: /a\n", []manifest.Problem{
			prob(1, "", "the manifest must be a mapping of fields (legacy:, routes:, ...), not a list; start from manifest/testdata/minimal.yaml")}},
		// Found by FuzzParse: a value spanning lines stays on its problem's line.
		{"multi-line value", "legacy:\n  domainName: legacy-api.example.com\nroutes:\n  - path: /a\n    methods: \"GET\\nPOST\"\n", []manifest.Problem{
			prob(5, "route /a (routes[0]), methods", "cannot unmarshal !!str `GET\\nPOST` into []string")}},
		{"duplicate key", doc(`
legacy:
  domainName: legacy-api.example.com
legacy:
  domainName: other.example.com
routes:
  - path: /a
`), []manifest.Problem{prob(3, "legacy", `mapping key "legacy" already defined at line 1`)}},

		// Unknown fields: an error with a suggestion, never silently dropped.
		{"unknown top-level field with suggestion", doc(`
legacy:
  domainName: legacy-api.example.com
route:
  - path: /a
`), []manifest.Problem{prob(3, "top level", `unknown field "route"; did you mean "routes"?`)}},
		{"unknown top-level field without suggestion", head + "  - path: /a\nfoo: 1\n", []manifest.Problem{
			prob(5, "top level", `unknown field "foo"; known fields: alarms, apiGateway, auth, cloudFront, cors, databases, lambda, lambdasDir, legacy, network, observability, routes`)}},
		{"unknown route field with suggestion", withRoutes(`
  - path: /a
    funtion: api-a
`), []manifest.Problem{prob(5, "route /a (routes[0])", `unknown field "funtion"; did you mean "function"?`)}},
		{"unknown route field, case differs", withRoutes(`
  - path: /a
    cache: public
    cacheQueryKeys: []
    auth: none
    cacheTTLSeconds: 30
`), []manifest.Problem{prob(8, "route /a (routes[0])", `unknown field "cacheTTLSeconds"; did you mean "cacheTtlSeconds"?`)}},
		{"unknown field in a route without path", withRoutes(`
  - methods: [GET]
    tiemout: 3
`), []manifest.Problem{prob(5, "routes[0]", `unknown field "tiemout"; known fields: auth, cache, cacheQueryKeys, cacheTtlSeconds, cors, database, environment, function, memoryMiB, methods, path, reservedConcurrency, rollout, secrets, stack, target, timeoutSeconds, via, weight`)}},
		{"unknown nested field", doc(`
legacy:
  domainName: legacy-api.example.com
network:
  existing:
    vpcID: vpc-0123456789abcdef0
routes:
  - path: /a
`), []manifest.Problem{prob(5, "network.existing", `unknown field "vpcID"; did you mean "vpcId"?`)}},

		// Wrong types name the route and the field.
		{"wrong type in a route", withRoutes(`
  - path: /a
    memoryMiB: abc
`), []manifest.Problem{prob(5, "route /a (routes[0]), memoryMiB", "cannot unmarshal !!str `abc` into int")}},
		{"wrong type in a second route", withRoutes(`
  - path: /a
  - path: /b
    methods: GET
`), []manifest.Problem{prob(6, "route /b (routes[1]), methods", "cannot unmarshal !!str `GET` into []string")}},
		{"wrong type in a section", doc(`
legacy:
  domainName: legacy-api.example.com
apiGateway:
  throttleBurstLimit: lots
routes:
  - path: /a
`), []manifest.Problem{prob(4, "apiGateway.throttleBurstLimit", "cannot unmarshal !!str `lots` into int")}},

		// legacy
		{"missing legacy.domainName", doc(`
legacy:
  protocol: https-only
routes:
  - path: /a
`), []manifest.Problem{prob(1, "legacy.domainName", "missing; set it to the monolith's origin host, e.g. legacy-api.example.com")}},
		{"missing legacy section", "routes:\n  - path: /a\n", []manifest.Problem{
			prob(0, "legacy.domainName", "missing; set it to the monolith's origin host, e.g. legacy-api.example.com")}},
		{"domain with scheme", doc(`
legacy:
  domainName: https://legacy-api.example.com
routes:
  - path: /a
`), []manifest.Problem{prob(2, "legacy.domainName", `"https://legacy-api.example.com" must be a bare host name, without scheme, port or path`)}},
		{"domain with path", doc(`
legacy:
  domainName: legacy-api.example.com/v1
routes:
  - path: /a
`), []manifest.Problem{prob(2, "legacy.domainName", `"legacy-api.example.com/v1" must be a bare host name, without scheme, port or path`)}},
		{"domain not a DNS name", doc(`
legacy:
  domainName: legacy_api
routes:
  - path: /a
`), []manifest.Problem{prob(2, "legacy.domainName", `"legacy_api" is not a DNS name CloudFront can use as an origin`)}},
		{"bad protocol", doc(`
legacy:
  domainName: legacy-api.example.com
  protocol: https
routes:
  - path: /a
`), []manifest.Problem{prob(3, "legacy.protocol", `"https" is not one of https-only, match-viewer`)}},
		{"legacy over plain HTTP", doc(`
legacy:
  domainName: legacy-api.example.com
  protocol: http-only
  originSecret: {header: X-From-Edge}
routes:
  - path: /a
`), []manifest.Problem{prob(3, "legacy.protocol", "http-only would send the origin secret (X-From-Edge) and callers' credentials to the monolith in clear, where anyone on the path can read and replay them; give the monolith a certificate and use https-only")}},

		// routes
		{"no routes key", "legacy:\n  domainName: legacy-api.example.com\n", []manifest.Problem{
			prob(0, "routes", "no routes; add at least one, e.g. {path: /user/{id}, methods: [GET]}")}},
		{"empty routes", head[:len(head)-1] + " []\n", []manifest.Problem{
			prob(3, "routes", "no routes; add at least one, e.g. {path: /user/{id}, methods: [GET]}")}},
		{"missing path", withRoutes(`
  - path: /a
  - methods: [GET]
`), []manifest.Problem{prob(5, "routes[1], path", "missing; give a path template like /user/{id}")}}, // a route without a path is named by its index alone

		// Path templates: API Gateway's rules.
		{"path without leading slash", withRoutes(`
  - path: user/{id}
`), []manifest.Problem{prob(4, "route user/{id} (routes[0]), path", `"user/{id}" must start with /`)}},
		{"path with trailing slash", withRoutes(`
  - path: /user/
`), []manifest.Problem{prob(4, "route /user/ (routes[0]), path", `"/user/" must not end with /`)}},
		{"path with empty segment", withRoutes(`
  - path: /user//orders
`), []manifest.Problem{prob(4, "route /user//orders (routes[0]), path", `"/user//orders" has an empty segment (//)`)}},
		{"greedy parameter not last", withRoutes(`
  - path: /files/{proxy+}/meta
`), []manifest.Problem{prob(4, "route /files/{proxy+}/meta (routes[0]), path", `"/files/{proxy+}/meta": greedy {proxy+} must be the last segment`)}},
		{"duplicate parameter", withRoutes(`
  - path: /user/{id}/friends/{id}
`), []manifest.Problem{prob(4, "route /user/{id}/friends/{id} (routes[0]), path", `"/user/{id}/friends/{id}": parameter {id} appears twice`)}},
		{"braces mixed with text", withRoutes(`
  - path: /user/v{id}
`), []manifest.Problem{prob(4, "route /user/v{id} (routes[0]), path", `"/user/v{id}": segment "v{id}" mixes text and braces; a parameter must be a whole segment like {id}`)}},
		{"bad parameter name", withRoutes(`
  - path: /user/{1st}
`), []manifest.Problem{prob(4, "route /user/{1st} (routes[0]), path", `"/user/{1st}": parameter "{1st}" must be a letter or _ followed by letters, digits or _`)}},
		{"bad characters", withRoutes(`
  - path: /user/a?b
`), []manifest.Problem{prob(4, "route /user/a?b (routes[0]), path", `"/user/a?b": segment "a?b" has characters API Gateway refuses (allowed: letters, digits and . _ : ~ @ -)`)}},

		// Duplicates and siblings: reported once each.
		{"duplicate path", withRoutes(`
  - path: /a
    methods: [GET]
  - path: /a
    methods: [POST]
`), []manifest.Problem{prob(6, "route /a (routes[1]), path", "duplicate of routes[0] (/a); list every method of a path in one route's methods")}},
		{"duplicate path with other parameter names, not also a sibling conflict", withRoutes(`
  - path: /a/{id}
  - path: /a/{x}
`), []manifest.Problem{prob(5, "route /a/{x} (routes[1]), path", "duplicate of routes[0] (/a/{id}); list every method of a path in one route's methods")}},
		{"sibling variable conflict", withRoutes(`
  - path: /user/{id}
  - path: /user/{name}/orders
`), []manifest.Problem{prob(5, "route /user/{name}/orders (routes[1]), path", `uses {name} under "/user/" where routes[0] (/user/{id}) uses {id}; API Gateway allows one variable part per level: use the same name`)}},
		{"greedy beside a parameter is a sibling conflict", withRoutes(`
  - path: /files/{id}
  - path: /files/{proxy+}
`), []manifest.Problem{prob(5, "route /files/{proxy+} (routes[1]), path", `uses {proxy+} under "/files/" where routes[0] (/files/{id}) uses {id}; API Gateway allows one variable part per level: use the same name`)}},

		// methods
		{"bad method", withRoutes(`
  - path: /a
    methods: [GET, FETCH]
`), []manifest.Problem{prob(5, "route /a (routes[0]), methods[1]", `"FETCH" is not one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, ANY`)}},
		{"ANY with other methods", withRoutes(`
  - path: /a
    methods: [ANY, GET]
`), []manifest.Problem{prob(5, "route /a (routes[0]), methods", "ANY already covers every method; list either ANY or the methods")}},

		// function
		{"bad function name", withRoutes(`
  - path: /a
    function: Api_A
`), []manifest.Problem{prob(5, "route /a (routes[0]), function", `"Api_A"; a function folder name has lower-case letters, digits and - only`)}},
		{"function name over 64 characters with namePrefix", doc(`
legacy:
  domainName: legacy-api.example.com
lambda:
  namePrefix: staging-
routes:
  - path: /a
    function: ` + long + `
`), []manifest.Problem{prob(7, "route /a (routes[0]), function", fmt.Sprintf("%q with namePrefix is 65 characters; Lambda names are at most 64", long))}},
		{"derived function name over 64 characters", withRoutes(`
  - path: /` + strings.Repeat("a", 61) + `
`), []manifest.Problem{prob(4, "route /"+strings.Repeat("a", 61)+" (routes[0]), function", fmt.Sprintf("%q with namePrefix is 65 characters; Lambda names are at most 64", "api-"+strings.Repeat("a", 61)))}},
		{"bad namePrefix", doc(`
legacy:
  domainName: legacy-api.example.com
lambda:
  namePrefix: Staging_
routes:
  - path: /a
`), []manifest.Problem{prob(4, "lambda.namePrefix", `"Staging_"; use lower-case letters, digits and -`)}},

		// target and cache
		{"bad target", withRoutes(`
  - path: /a
    target: canary
`), []manifest.Problem{prob(5, "route /a (routes[0]), target", `"canary"; use "lambda" (served by Lambda) or "legacy" (back to the monolith)`)}},
		{"bad cache", withRoutes(`
  - path: /a
    cache: private
`), []manifest.Problem{prob(5, "route /a (routes[0]), cache", `"private"; use none, per-token (the credential and cacheQueryKeys in the key) or public (cacheQueryKeys in the key)`)}},
		{"cacheTtlSeconds with cache none", withRoutes(`
  - path: /a
    cacheTtlSeconds: 30
`), []manifest.Problem{prob(5, "route /a (routes[0]), cacheTtlSeconds", "set, but cache is none; remove it or choose cache: per-token or public")}},
		{"cacheTtlSeconds below range", withRoutes(`
  - path: /a
    cache: public
    cacheQueryKeys: []
    auth: none
    cacheTtlSeconds: 0
`), []manifest.Problem{prob(8, "route /a (routes[0]), cacheTtlSeconds", "0; use 1 to 31536000 seconds")}},
		{"cacheTtlSeconds above range", withRoutes(`
  - path: /a
    cache: per-token
    cacheQueryKeys: []
    cacheTtlSeconds: 31536001
`), []manifest.Problem{prob(7, "route /a (routes[0]), cacheTtlSeconds", "31536001; use 1 to 31536000 seconds")}},

		// memory, timeout, concurrency
		{"route memory below range", withRoutes(`
  - path: /a
    memoryMiB: 64
`), []manifest.Problem{prob(5, "route /a (routes[0]), memoryMiB", "64 MiB; Lambda takes 128 to 10240")}},
		{"route memory above range", withRoutes(`
  - path: /a
    memoryMiB: 10241
`), []manifest.Problem{prob(5, "route /a (routes[0]), memoryMiB", "10241 MiB; Lambda takes 128 to 10240")}},
		{"route timeout over the integration timeout", withRoutes(`
  - path: /a
    timeoutSeconds: 30
`), []manifest.Problem{prob(5, "route /a (routes[0]), timeoutSeconds", msgOverTimout)}},
		{"route timeout over a raised integration timeout", doc(`
legacy:
  domainName: legacy-api.example.com
apiGateway:
  integrationTimeoutSeconds: 60
cloudFront:
  originResponseTimeoutSeconds: 60
routes:
  - path: /a
    timeoutSeconds: 61
`), []manifest.Problem{prob(9, "route /a (routes[0]), timeoutSeconds", "61 s is over the API Gateway integration timeout (60 s): API Gateway answers 504 at 60 s and the rest is paid for nothing; use at most 60")}},
		{"route timeout below 1", withRoutes(`
  - path: /a
    timeoutSeconds: 0
`), []manifest.Problem{prob(5, "route /a (routes[0]), timeoutSeconds", "0; use at least 1 second")}},
		{"reservedConcurrency 0", withRoutes(`
  - path: /a
    reservedConcurrency: 0
`), []manifest.Problem{prob(5, "route /a (routes[0]), reservedConcurrency", "0 would stop the function from ever running; remove it to use the unreserved pool, or give at least 1")}},
		{"reserved concurrency over quota-100", withRoutes(`
  - path: /a
    reservedConcurrency: 500
  - path: /b
    reservedConcurrency: 401
`), []manifest.Problem{prob(3, "routes", "reserved concurrency adds up to 901, but only 900 of the regional quota (1000) may be reserved: Lambda keeps 100 unreserved. Lower reservedConcurrency or raise the quota and set lambda.regionalConcurrencyQuota")}},
		{"reserved concurrency over a raised quota", doc(`
legacy:
  domainName: legacy-api.example.com
lambda:
  regionalConcurrencyQuota: 3000
routes:
  - path: /a
    reservedConcurrency: 2901
`), []manifest.Problem{prob(5, "routes", "reserved concurrency adds up to 2901, but only 2900 of the regional quota (3000) may be reserved: Lambda keeps 100 unreserved. Lower reservedConcurrency or raise the quota and set lambda.regionalConcurrencyQuota")}},
		{"lambda logRetentionDays not a CloudWatch value", doc(`
legacy:
  domainName: legacy-api.example.com
lambda:
  logRetentionDays: 10
routes:
  - path: /a
`), []manifest.Problem{prob(4, "lambda.logRetentionDays", "10 is not a CloudWatch Logs retention; use one of [1 3 5 7 14 30 60 90 120 150 180 365 400 545 731 1096 1827 2192 2557 2922 3288 3653]")}},

		// Shared functions
		{"shared function with conflicting settings", withRoutes(`
  - path: /a
    function: f
    memoryMiB: 512
  - path: /b
    function: f
    memoryMiB: 1024
`), []manifest.Problem{prob(9, "route /b (routes[1]), memoryMiB", "differs from routes[0] (/a), which f also serves; one function has one memoryMiB: write it once, on either route")}},
		{"shared function with different environment", withRoutes(`
  - path: /a
    function: f
    environment: {A: "1"}
  - path: /b
    function: f
    environment: {A: "2"}
`), []manifest.Problem{prob(9, "route /b (routes[1]), environment", "differs from routes[0] (/a), which f also serves; one function has one environment: write it once, on either route")}},

		// Environment and secrets
		{"reserved environment variable", withRoutes(`
  - path: /a
    environment:
      AWS_REGION: eu-west-1
`), []manifest.Problem{prob(5, "route /a (routes[0]), environment.AWS_REGION", "AWS_REGION is reserved by the Lambda runtime; pick another name")}},
		{"reserved environment variable _HANDLER", withRoutes(`
  - path: /a
    environment: {_HANDLER: x}
`), []manifest.Problem{prob(5, "route /a (routes[0]), environment._HANDLER", "_HANDLER is reserved by the Lambda runtime; pick another name")}},
		{"invalid environment variable name", withRoutes(`
  - path: /a
    environment:
      DB-NAME: users
`), []manifest.Problem{prob(5, "route /a (routes[0]), environment.DB-NAME", `"DB-NAME" is not an environment variable name`)}},
		{"secret not an ARN", withRoutes(`
  - path: /a
    secrets:
      DB_SECRET_ARN: users-db
`), []manifest.Problem{prob(5, "route /a (routes[0]), secrets.DB_SECRET_ARN", `"users-db" is not a Secrets Manager secret ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME)`)}},
		{"secret also in environment", withRoutes(`
  - path: /a
    environment:
      DB_SECRET_ARN: x
    secrets:
      DB_SECRET_ARN: arn:aws:secretsmanager:eu-west-1:123456789012:secret:users-db
`), []manifest.Problem{prob(7, "route /a (routes[0]), secrets.DB_SECRET_ARN", "DB_SECRET_ARN is also in environment; a variable has one source")}},
		{"reserved secret name", withRoutes(`
  - path: /a
    secrets:
      AWS_REGION: arn:aws:secretsmanager:eu-west-1:123456789012:secret:users-db
`), []manifest.Problem{prob(5, "route /a (routes[0]), secrets.AWS_REGION", "AWS_REGION is reserved by the Lambda runtime; pick another name")}},

		// network: a new VPC
		{"network cidr invalid", doc(`
legacy:
  domainName: legacy-api.example.com
network:
  cidr: 10.0.0.0/33
routes:
  - path: /a
`), []manifest.Problem{prob(4, "network.cidr", `"10.0.0.0/33" is not an IPv4 CIDR like 10.0.0.0/16`)}},
		{"network cidr IPv6", doc(`
legacy:
  domainName: legacy-api.example.com
network:
  cidr: fd00::/48
routes:
  - path: /a
`), []manifest.Problem{prob(4, "network.cidr", `"fd00::/48" is not an IPv4 CIDR like 10.0.0.0/16`)}},
		{"network cidr too small for AZs x subnet size", doc(`
legacy:
  domainName: legacy-api.example.com
network:
  cidr: 10.0.0.0/18
  maxAzs: 2
routes:
  - path: /a
`), []manifest.Problem{prob(4, "network.cidr", "10.0.0.0/18 holds 16384 addresses but 2 AZs of /19 private and /24 public subnets need 16896; use a larger CIDR or a longer privateSubnetPrefix")}},
		{"network maxAzs 1", doc(`
legacy:
  domainName: legacy-api.example.com
network:
  maxAzs: 1
routes:
  - path: /a
`), []manifest.Problem{prob(4, "network.maxAzs", "1; use 2: fewer and one AZ failing stops the API, more and CDK ignores it (the stack is environment-agnostic, where CDK uses at most 2 AZs; for more, use network.existing)")}},
		{"network privateSubnetPrefix too short", doc(`
legacy:
  domainName: legacy-api.example.com
network:
  privateSubnetPrefix: 15
routes:
  - path: /a
`), []manifest.Problem{prob(4, "network.privateSubnetPrefix", "/15; use /16 to /24 (default /19: 8,187 addresses for Lambda network interfaces per AZ)")}},
		{"network privateSubnetPrefix too long", doc(`
legacy:
  domainName: legacy-api.example.com
network:
  privateSubnetPrefix: 25
routes:
  - path: /a
`), []manifest.Problem{prob(4, "network.privateSubnetPrefix", "/25; use /16 to /24 (default /19: 8,187 addresses for Lambda network interfaces per AZ)")}},
		{"network natGateways 0", doc(`
legacy:
  domainName: legacy-api.example.com
network:
  natGateways: 0
routes:
  - path: /a
`), []manifest.Problem{prob(4, "network.natGateways", "0; use 1 to 2 (maxAzs): the Lambdas need egress to reach AWS APIs")}},
		{"network natGateways over maxAzs", doc(`
legacy:
  domainName: legacy-api.example.com
network:
  maxAzs: 2
  natGateways: 3
routes:
  - path: /a
`), []manifest.Problem{prob(5, "network.natGateways", "3; use 1 to 2 (maxAzs): the Lambdas need egress to reach AWS APIs")}},

		// network: an existing VPC
		{"existing VPC with bad IDs", doc(`
legacy:
  domainName: legacy-api.example.com
network:
  existing:
    vpcId: vpc-123
    availabilityZones: [eu-west-1a, eu-west-1b]
    privateSubnetIds:
      - subnet-0123456789abcdef0
      - subnet-XYZ
    securityGroupId: sg-1
routes:
  - path: /a
`), []manifest.Problem{
			prob(5, "network.existing.vpcId", `"vpc-123" is not a VPC ID like vpc-0123456789abcdef0`),
			prob(9, "network.existing.privateSubnetIds[1]", `"subnet-XYZ" is not a subnet ID like subnet-0123456789abcdef0`),
			prob(10, "network.existing.securityGroupId", `"sg-1" is not a security group ID like sg-0123456789abcdef0`),
		}},
		{"existing VPC with fewer than 2 subnets", doc(`
legacy:
  domainName: legacy-api.example.com
network:
  existing:
    vpcId: vpc-0123456789abcdef0
    availabilityZones: [eu-west-1a]
    privateSubnetIds: [subnet-0123456789abcdef0]
routes:
  - path: /a
`), []manifest.Problem{prob(7, "network.existing.privateSubnetIds", "give at least 2 subnets in different AZs, so one AZ failing does not stop the API")}},
		{"existing VPC zones and subnets count mismatch", doc(`
legacy:
  domainName: legacy-api.example.com
network:
  existing:
    vpcId: vpc-0123456789abcdef0
    availabilityZones: [eu-west-1a, eu-west-1b]
    privateSubnetIds: [subnet-0123456789abcdef0, subnet-0123456789abcdef1, subnet-0123456789abcdef2]
routes:
  - path: /a
`), []manifest.Problem{prob(6, "network.existing.availabilityZones", "2 zones for 3 subnets; list the zone of each subnet, in the same order")}},
		{"existing VPC with new-VPC fields", doc(`
legacy:
  domainName: legacy-api.example.com
network:
  cidr: 10.0.0.0/16
  natGateways: 1
  existing:
    vpcId: vpc-0123456789abcdef0
    availabilityZones: [eu-west-1a, eu-west-1b]
    privateSubnetIds: [subnet-0123456789abcdef0, subnet-0123456789abcdef1]
routes:
  - path: /a
`), []manifest.Problem{prob(6, "network.existing", "cidr, maxAzs, privateSubnetPrefix and natGateways describe a new VPC; remove them when using an existing one")}},

		// apiGateway and cloudFront
		{"bad stage name", doc(`
legacy:
  domainName: legacy-api.example.com
apiGateway:
  stageName: prod-1
routes:
  - path: /a
`), []manifest.Problem{prob(4, "apiGateway.stageName", `"prod-1"; a stage name has only letters, digits and _`)}},
		{"throttle limits out of range", doc(`
legacy:
  domainName: legacy-api.example.com
apiGateway:
  throttleRateLimit: 10000.5
  throttleBurstLimit: 5001
routes:
  - path: /a
`), []manifest.Problem{
			prob(4, "apiGateway.throttleRateLimit", "10000.5; use 1 to 10000 (the default account limit per region)"),
			prob(5, "apiGateway.throttleBurstLimit", "5001; use 1 to 5000 (the default account burst per region)"),
		}},
		{"throttle limits negative", doc(`
legacy:
  domainName: legacy-api.example.com
apiGateway:
  throttleRateLimit: -1
  throttleBurstLimit: -1
routes:
  - path: /a
`), []manifest.Problem{
			prob(4, "apiGateway.throttleRateLimit", "-1; use 1 to 10000 (the default account limit per region)"),
			prob(5, "apiGateway.throttleBurstLimit", "-1; use 1 to 5000 (the default account burst per region)"),
		}},
		{"integration timeout over 300 also needs a longer origin timeout", doc(`
legacy:
  domainName: legacy-api.example.com
apiGateway:
  integrationTimeoutSeconds: 301
routes:
  - path: /a
`), []manifest.Problem{
			prob(4, "apiGateway.integrationTimeoutSeconds", "301; use 1 to 29 (above 29 only after a Service Quotas increase, up to 300)"),
			prob(0, "cloudFront.originResponseTimeoutSeconds", "30 s is shorter than apiGateway.integrationTimeoutSeconds (301 s): CloudFront would give up on answers API Gateway still waits for; lower apiGateway.integrationTimeoutSeconds to at most 120, CloudFront's longest"),
		}},
		{"bad execution log level", doc(`
legacy:
  domainName: legacy-api.example.com
apiGateway:
  executionLogLevel: DEBUG
routes:
  - path: /a
`), []manifest.Problem{prob(4, "apiGateway.executionLogLevel", `"DEBUG"; use ERROR, INFO or OFF`)}},
		{"origin timeout shorter than integration timeout", doc(`
legacy:
  domainName: legacy-api.example.com
cloudFront:
  originResponseTimeoutSeconds: 20
routes:
  - path: /a
`), []manifest.Problem{prob(4, "cloudFront.originResponseTimeoutSeconds", "20 s is shorter than apiGateway.integrationTimeoutSeconds (29 s): CloudFront would give up on answers API Gateway still waits for; raise it to at least 29")}},
		{"origin timeout and log retention out of range", doc(`
legacy:
  domainName: legacy-api.example.com
cloudFront:
  originResponseTimeoutSeconds: 181
  logRetentionDays: -1
routes:
  - path: /a
`), []manifest.Problem{
			prob(4, "cloudFront.originResponseTimeoutSeconds", "181; use 1 to 120 (CloudFront's range)"),
			prob(5, "cloudFront.logRetentionDays", "-1; use a number of days (default 90)"),
		}},
		{"cache behaviour quota exceeded", head + generateRoutes(76), []manifest.Problem{
			prob(3, "routes", "the routes need 76 CloudFront cache behaviours but the quota is 75 per distribution, 1 too many; serve routes under a shared prefix with one {proxy+} route (no prefix has several Lambda routes to merge yet), or raise the quota in Service Quotas (Amazon CloudFront, Cache behaviors per distribution) and set cloudFront.cacheBehaviorQuota")}},

		// alarms
		{"alarm percent out of range", doc(`
legacy:
  domainName: legacy-api.example.com
alarms:
  concurrencyPercent: 101
routes:
  - path: /a
`), []manifest.Problem{prob(4, "alarms.concurrencyPercent", "101 is not a percentage; use 1-100 (default 80)")}},
		{"alarm email invalid", doc(`
legacy:
  domainName: legacy-api.example.com
alarms:
  email: ops.example.com
routes:
  - path: /a
`), []manifest.Problem{prob(4, "alarms.email", `"ops.example.com" is not an email address`)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkProblems(t, problemsOf(t, tt.src), tt.want)
		})
	}
}

// generateRoutes writes n lambda routes with distinct edge patterns.
func generateRoutes(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "  - path: /r%d\n", i)
	}
	return b.String()
}

// TestParseAccepts lists manifests at the edge of a rule that must load.
func TestParseAccepts(t *testing.T) {
	tests := []struct{ name, src string }{
		{"cache behaviours exactly at the quota", head + generateRoutes(25)},
		{"reserved concurrency exactly quota-100", withRoutes(`
  - path: /a
    reservedConcurrency: 500
  - path: /b
    reservedConcurrency: 400
`)},
		{"shared function reserves once", withRoutes(`
  - path: /a
    function: f
    reservedConcurrency: 600
  - path: /b
    function: f
    reservedConcurrency: 600
`)},
		{"function name of exactly 64 characters", doc(`
legacy:
  domainName: legacy-api.example.com
lambda:
  namePrefix: staging-
routes:
  - path: /a
    function: ` + strings.Repeat("f", 56) + `
`)},
		{"timeout equal to the integration timeout", withRoutes(`
  - path: /a
    timeoutSeconds: 29
`)},
		{"origin timeout equal to the integration timeout", doc(`
legacy:
  domainName: legacy-api.example.com
apiGateway:
  integrationTimeoutSeconds: 45
cloudFront:
  originResponseTimeoutSeconds: 45
routes:
  - path: /a
`)},
		{"same parameter name under one parent", withRoutes(`
  - path: /user/{id}
  - path: /user/{id}/orders
  - path: /user/{id}/orders/{orderId}
`)},
		{"literal beside a parameter", withRoutes(`
  - path: /user/{id}
  - path: /user/me
`)},
		{"lower-case methods", withRoutes(`
  - path: /a
    methods: [get, post]
`)},
		{"cidr just large enough", doc(`
legacy:
  domainName: legacy-api.example.com
network:
  cidr: 10.0.0.0/17
routes:
  - path: /a
`)},
		{"small regional quota with nothing reserved", doc(`
legacy:
  domainName: legacy-api.example.com
lambda:
  regionalConcurrencyQuota: 10
routes:
  - path: /a
`)}, // accepted: new accounts have a quota of 10, and nothing is reserved
		{"shared function settings set on one route only", withRoutes(`
  - path: /a
    function: f
    memoryMiB: 512
  - path: /b
    function: f
`)}, // accepted: the setting is on one route only
		{"JSON", `{"legacy": {"domainName": "legacy-api.example.com"}, "routes": [{"path": "/a", "methods": ["GET", "POST"], "auth": "none"}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { parse(t, tt.src) })
	}
}

// TestParseReportsEveryProblem: one file with several mistakes gives one
// error listing all of them, in the order of the file's sections, and
// Error() prints one line per problem.
func TestParseReportsEveryProblem(t *testing.T) {
	src := doc(`
legacy:
  domainName: http://legacy-api.example.com
network:
  maxAzs: 1
apiGateway:
  stageName: prod-1
routes:
  - path: /a
    methods: [GET, FETCH]
  - path: /b/
  - path: /c
    timeoutSeconds: 0
  - path: /a
    methods: [POST]
`)
	_, err := manifest.Parse([]byte(withAuth(src)), testFile, "")
	got := problemsFrom(t, nil, err, testFile, src)
	want := []manifest.Problem{
		prob(2, "legacy.domainName", `"http://legacy-api.example.com" must be a bare host name, without scheme, port or path`),
		prob(4, "network.maxAzs", "1; use 2: fewer and one AZ failing stops the API, more and CDK ignores it (the stack is environment-agnostic, where CDK uses at most 2 AZs; for more, use network.existing)"),
		prob(6, "apiGateway.stageName", `"prod-1"; a stage name has only letters, digits and _`),
		prob(9, "route /a (routes[0]), methods[1]", `"FETCH" is not one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, ANY`),
		prob(10, "route /b/ (routes[1]), path", `"/b/" must not end with /`),
		prob(12, "route /c (routes[2]), timeoutSeconds", "0; use at least 1 second"),
		prob(13, "route /a (routes[3]), path", "duplicate of routes[0] (/a); list every method of a path in one route's methods"),
	}
	checkProblems(t, got, want)

	wantText := `route manifest routes.yaml has 7 problem(s):
  routes.yaml:2: legacy.domainName: "http://legacy-api.example.com" must be a bare host name, without scheme, port or path
  routes.yaml:4: network.maxAzs: 1; use 2: fewer and one AZ failing stops the API, more and CDK ignores it (the stack is environment-agnostic, where CDK uses at most 2 AZs; for more, use network.existing)
  routes.yaml:6: apiGateway.stageName: "prod-1"; a stage name has only letters, digits and _
  routes.yaml:9: route /a (routes[0]), methods[1]: "FETCH" is not one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, ANY
  routes.yaml:10: route /b/ (routes[1]), path: "/b/" must not end with /
  routes.yaml:12: route /c (routes[2]), timeoutSeconds: 0; use at least 1 second
  routes.yaml:13: route /a (routes[3]), path: duplicate of routes[0] (/a); list every method of a path in one route's methods`
	if err.Error() != wantText {
		t.Errorf("Error() =\n%s\nwant\n%s", err, wantText)
	}
	if n := strings.Count(err.Error(), "\n"); n != len(want) {
		t.Errorf("Error() has %d problem lines, want %d", n, len(want))
	}
}

// TestParseReportsEveryFieldProblem: unknown fields and wrong types are all
// reported together too (validation waits until the file decodes).
func TestParseReportsEveryFieldProblem(t *testing.T) {
	src := withRoutes(`
  - path: /a
    methds: [GET]
    memoryMiB: big
  - path: /b
    target: legasy
    timeoutSecond: 3
`)
	checkProblems(t, problemsOf(t, src), []manifest.Problem{
		prob(5, "route /a (routes[0])", `unknown field "methds"; did you mean "methods"?`),
		prob(6, "route /a (routes[0]), memoryMiB", "cannot unmarshal !!str `big` into int"),
		prob(9, "route /b (routes[1])", `unknown field "timeoutSecond"; did you mean "timeoutSeconds"?`),
	})
}

func TestErrorFormat(t *testing.T) {
	e := &manifest.Error{File: "m.yaml", Problems: []manifest.Problem{
		prob(3, "legacy.domainName", "missing"),
		prob(0, "routes", "no routes"),
		prob(7, "", "not valid YAML"),
		prob(0, "", "the file is empty"),
	}}
	want := "route manifest m.yaml has 4 problem(s):\n" +
		"  m.yaml:3: legacy.domainName: missing\n" +
		"  m.yaml: routes: no routes\n" +
		"  m.yaml:7: not valid YAML\n" +
		"  m.yaml: the file is empty"
	if got := e.Error(); got != want {
		t.Errorf("Error() =\n%s\nwant\n%s", got, want)
	}
}

// TestLoadLambdaFolders: Load checks that each function's folder holds a
// Go package, relative to the manifest file.
func TestLoadLambdaFolders(t *testing.T) {
	src := withRoutes(`
  - path: /user/{id}
  - path: /orders
    function: api-orders
  - path: /legacy/{id}
    target: legacy
`)
	t.Run("present", func(t *testing.T) {
		path := project(t, src, "api-user-id", "api-orders")
		m, err := manifest.Load(path)
		if err != nil {
			t.Fatal(err)
		}
		fs := m.Functions()
		if len(fs) != 2 {
			t.Fatalf("got %d functions, want 2", len(fs))
		}
		if want := filepath.Join(filepath.Dir(path), "lambdas", "api-user-id"); fs[0].Dir != want {
			t.Errorf("Dir = %q, want %q", fs[0].Dir, want)
		}
	})
	t.Run("missing", func(t *testing.T) {
		path := project(t, src, "api-orders")
		m, err := manifest.Load(path)
		dir := filepath.Join(filepath.Dir(path), "lambdas", "api-user-id")
		checkProblems(t, problemsFrom(t, m, err, path, src), []manifest.Problem{
			prob(4, "route /user/{id} (routes[0]), function", "no Go package at "+dir+"; create it (a main package calling httpadapter.Start) or fix the name"),
		})
	})
	t.Run("only tests in the folder", func(t *testing.T) {
		path := project(t, src, "api-orders")
		dir := filepath.Join(filepath.Dir(path), "lambdas", "api-user-id")
		writeFile(t, filepath.Join(dir, "main_test.go"), "package main\n")
		m, err := manifest.Load(path)
		checkProblems(t, problemsFrom(t, m, err, path, src), []manifest.Problem{
			prob(4, "route /user/{id} (routes[0]), function", "no Go package at "+dir+"; create it (a main package calling httpadapter.Start) or fix the name"),
		})
	})
	t.Run("legacy route keeps its function folder", func(t *testing.T) {
		src := withRoutes(`
  - path: /products/{id}
    function: api-products
    target: legacy
`)
		path := project(t, src)
		m, err := manifest.Load(path)
		dir := filepath.Join(filepath.Dir(path), "lambdas", "api-products")
		checkProblems(t, problemsFrom(t, m, err, path, src), []manifest.Problem{
			prob(5, "route /products/{id} (routes[0]), function", "no Go package at "+dir+"; create it (a main package calling httpadapter.Start) or fix the name"),
		})
	})
	t.Run("lambdasDir is relative to the manifest", func(t *testing.T) {
		src := "lambdasDir: functions\n" + withRoutes(`
  - path: /orders
    function: api-orders
`)
		path := project(t, src)
		writeFile(t, filepath.Join(filepath.Dir(path), "functions", "api-orders", "main.go"), "package main\n")
		m, err := manifest.Load(path)
		if err != nil {
			t.Fatal(err)
		}
		if want := filepath.Join(filepath.Dir(path), "functions", "api-orders"); m.Functions()[0].Dir != want {
			t.Errorf("Dir = %q, want %q", m.Functions()[0].Dir, want)
		}
	})
	t.Run("unreadable file", func(t *testing.T) {
		_, err := manifest.Load(filepath.Join(t.TempDir(), "nope.yaml"))
		if err == nil || !strings.HasPrefix(err.Error(), "reading route manifest: ") {
			t.Errorf("err = %v, want a reading route manifest error", err)
		}
	})
}

// TestOneMessagePerProblem: a mistake is reported once, at the field that
// was written, not again at every field that inherits its value or at every
// later check it trips.
func TestOneMessagePerProblem(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []manifest.Problem
	}{
		{"lambda.timeoutSeconds over the integration timeout", doc(`
legacy:
  domainName: legacy-api.example.com
lambda:
  timeoutSeconds: 30
routes:
  - path: /a
  - path: /b
`), []manifest.Problem{
			// Not also at routes[0].timeoutSeconds and
			// routes[1].timeoutSeconds, which the file does not set.
			prob(4, "lambda.timeoutSeconds", msgOverTimout)}},
		{"lambda.memoryMiB out of range", doc(`
legacy:
  domainName: legacy-api.example.com
lambda:
  memoryMiB: 64
routes:
  - path: /a
`), []manifest.Problem{
			// Not also at routes[0].memoryMiB, which inherits it.
			prob(4, "lambda.memoryMiB", "64 MiB; Lambda takes 128 to 10240")}},
		{"integration timeout below 1", doc(`
legacy:
  domainName: legacy-api.example.com
apiGateway:
  integrationTimeoutSeconds: -5
routes:
  - path: /a
`), []manifest.Problem{
			// Not also at lambda.timeoutSeconds and routes[0].timeoutSeconds,
			// whose defaults copy the -5.
			prob(4, "apiGateway.integrationTimeoutSeconds", "-5; use 1 to 29 (above 29 only after a Service Quotas increase, up to 300)")}},
		{"regionalConcurrencyQuota too small", doc(`
legacy:
  domainName: legacy-api.example.com
lambda:
  regionalConcurrencyQuota: 9
routes:
  - path: /a
`), []manifest.Problem{
			// Not also "reserved concurrency adds up to 0, but only -91 of
			// the regional quota (9) may be reserved": nothing is reserved.
			prob(4, "lambda.regionalConcurrencyQuota", "9; give the account's regional Lambda concurrency quota (default 1000)")}},
		{"cacheBehaviorQuota below 1", doc(`
legacy:
  domainName: legacy-api.example.com
cloudFront:
  cacheBehaviorQuota: -1
routes:
  - path: /a
`), []manifest.Problem{
			// Not also "the routes need 1 CloudFront cache behaviours but
			// the quota is -1".
			prob(4, "cloudFront.cacheBehaviorQuota", "-1; give the account's quota (default 25)")}},
		{"duplicate path with other settings is not also a shared-function conflict", withRoutes(`
  - path: /a
  - path: /a
    memoryMiB: 512
`), []manifest.Problem{
			// Not also "api-a also serves routes[0] (/a) with different
			// memoryMiB...", though both derive the function api-a.
			prob(5, "route /a (routes[1]), path", "duplicate of routes[0] (/a); list every method of a path in one route's methods")}},
		{"duplicate edge pattern with another target", withRoutes(`
  - path: /a/{id}
  - path: /a/{x}
    target: legacy
`), []manifest.Problem{
			// Not also "/a/{id} and /a/{x} both need the CloudFront path
			// pattern /a/* but one goes to lambda and one to legacy".
			prob(5, "route /a/{x} (routes[1]), path", "duplicate of routes[0] (/a/{id}); list every method of a path in one route's methods")}},
		{"duplicate edge pattern with other cache settings", withRoutes(`
  - path: /a/{id}
    function: api-a
  - path: /a/{x}
    function: api-a
    cache: public
    cacheQueryKeys: []
    auth: none
`), []manifest.Problem{
			// Not also "/a/{id} and /a/{x} share the CloudFront path
			// pattern /a/* but ask for different cache settings".
			prob(6, "route /a/{x} (routes[1]), path", "duplicate of routes[0] (/a/{id}); list every method of a path in one route's methods")}},
		{"greedy beside a parameter shares an edge pattern", withRoutes(`
  - path: /files/{id}
  - path: /files/{proxy+}
    target: legacy
`), []manifest.Problem{
			// Not also "/files/{id} and /files/{proxy+} both need the
			// CloudFront path pattern /files/* ...".
			prob(5, "route /files/{proxy+} (routes[1]), path", `uses {proxy+} under "/files/" where routes[0] (/files/{id}) uses {id}; API Gateway allows one variable part per level: use the same name`)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkProblems(t, problemsOf(t, tt.src), tt.want)
		})
	}
}

// TestChecksThatOnceMissedProblems: manifests a deploy would trip over, or
// that were once refused for the wrong reason.
func TestChecksThatOnceMissedProblems(t *testing.T) {
	t.Run("NaN throttleRateLimit is refused", func(t *testing.T) {
		// NaN < 1 and NaN > 10000 are both false: the check must say no to NaN.
		src := doc(`
legacy:
  domainName: legacy-api.example.com
apiGateway:
  throttleRateLimit: .nan
routes:
  - path: /a
`)
		checkProblems(t, problemsOf(t, src), []manifest.Problem{
			prob(4, "apiGateway.throttleRateLimit", "NaN; use 1 to 10000 (the default account limit per region)")})
	})
	t.Run("_X_AMZN_TRACE_ID is reserved", func(t *testing.T) {
		// Lambda reserves _X_AMZN_TRACE_ID as well as AWS_*, LAMBDA_* and _HANDLER.
		src := withRoutes(`
  - path: /a
    environment: {_X_AMZN_TRACE_ID: x}
`)
		checkProblems(t, problemsOf(t, src), []manifest.Problem{
			prob(5, "route /a (routes[0]), environment._X_AMZN_TRACE_ID", "_X_AMZN_TRACE_ID is reserved by the Lambda runtime; pick another name")})
	})
	t.Run("reserved concurrency sum does not overflow", func(t *testing.T) {
		// 2^62 + 2^62 would overflow int to a negative sum that passes:
		// each value over the quota is refused on its own route instead.
		src := withRoutes(`
  - path: /a
    reservedConcurrency: 4611686018427387904
  - path: /b
    reservedConcurrency: 4611686018427387904
`)
		over := "4611686018427387904 is more than the regional quota (1000); lower it, or raise the quota and set lambda.regionalConcurrencyQuota"
		checkProblems(t, problemsOf(t, src), []manifest.Problem{
			prob(5, "route /a (routes[0]), reservedConcurrency", over),
			prob(7, "route /b (routes[1]), reservedConcurrency", over)})
	})
	t.Run("existing VPC subnets in one AZ", func(t *testing.T) {
		// The message asks for "2 subnets in different AZs": the same
		// zone twice is refused.
		src := doc(`
legacy:
  domainName: legacy-api.example.com
network:
  existing:
    vpcId: vpc-0123456789abcdef0
    availabilityZones: [eu-west-1a, eu-west-1a]
    privateSubnetIds: [subnet-0123456789abcdef0, subnet-0123456789abcdef1]
routes:
  - path: /a
`)
		ps := problemsOf(t, src)
		if len(ps) != 1 || ps[0].Line != 6 || ps[0].Where != "network.existing.availabilityZones" {
			t.Errorf("want one problem at line 6, network.existing.availabilityZones, got:\n%s", formatProblems(ps))
		}
	})
	// Decoding errors give only a line; fieldAt names the longest field
	// path whose key is on that line, which is wrong when several keys share
	// a line: JSON on one line (the package reads JSON) and YAML flow style.
	t.Run("wrong type in one-line JSON names the field", func(t *testing.T) {
		// Where is the field's own path, not the document's first field.
		src := `{"legacy": {"domainName": "legacy-api.example.com"}, "lambda": {"memoryMiB": "big"}, "routes": [{"path": "/a"}]}`
		checkProblems(t, problemsOf(t, src), []manifest.Problem{
			prob(1, "lambda.memoryMiB", "cannot unmarshal !!str `big` into int")})
	})
	t.Run("wrong type in a flow-style route names the field", func(t *testing.T) {
		// Where is the field with the wrong type, not its neighbour.
		src := head + "  - {path: /a, memoryMiB: big, timeoutSeconds: 5}\n"
		checkProblems(t, problemsOf(t, src), []manifest.Problem{
			prob(4, "route /a (routes[0]), memoryMiB", "cannot unmarshal !!str `big` into int")})
	})
}

func TestMaxAZsOverTwoIsRefused(t *testing.T) {
	checkProblems(t, problemsOf(t, doc(`
legacy:
  domainName: legacy-api.example.com
network:
  maxAzs: 3
routes:
  - path: /a
`)), []manifest.Problem{prob(4, "network.maxAzs", "3; use 2: fewer and one AZ failing stops the API, more and CDK ignores it (the stack is environment-agnostic, where CDK uses at most 2 AZs; for more, use network.existing)")})
}

func TestEdgeNamesAndQuotas(t *testing.T) {
	for _, c := range []struct {
		name string
		src  string
		want []manifest.Problem
	}{
		{"domain names without a certificate", doc(`
legacy:
  domainName: legacy-api.example.com
cloudFront:
  domainNames: [api.example.com]
routes:
  - path: /a
`), []manifest.Problem{prob(3, "cloudFront", "domainNames and certificateArn go together: CloudFront serves a name only with a certificate for it")}},
		{"certificate outside us-east-1", doc(`
legacy:
  domainName: legacy-api.example.com
cloudFront:
  domainNames: [api.example.com]
  certificateArn: arn:aws:acm:eu-west-1:123456789012:certificate/abc
routes:
  - path: /a
`), []manifest.Problem{prob(5, "cloudFront.certificateArn", `"arn:aws:acm:eu-west-1:123456789012:certificate/abc" is not an ACM certificate ARN in us-east-1 (CloudFront reads certificates only there)`)}},
		{"public name equal to the origin", doc(`
legacy:
  domainName: api.example.com
cloudFront:
  domainNames: [api.example.com]
  certificateArn: arn:aws:acm:us-east-1:123456789012:certificate/abc
routes:
  - path: /a
`), []manifest.Problem{prob(4, "cloudFront.domainNames[0]", `"api.example.com" is also legacy.domainName: the monolith's origin needs a name of its own once the public name points at CloudFront`)}},
		{"web ACL of REGIONAL scope", doc(`
legacy:
  domainName: legacy-api.example.com
cloudFront:
  webAclArn: arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/edge/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111
routes:
  - path: /a
`), []manifest.Problem{prob(4, "cloudFront.webAclArn", `"arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/edge/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111" is not the ARN of a CLOUDFRONT-scope web ACL (arn:aws:wafv2:us-east-1:ACCOUNT:global/webacl/NAME/ID; a REGIONAL one cannot be attached to a distribution): copy the ARN from the WAF console with region Global (CloudFront)`)}},
		{"web ACL given by name, not ARN", doc(`
legacy:
  domainName: legacy-api.example.com
cloudFront:
  webAclArn: edge
routes:
  - path: /a
`), []manifest.Problem{prob(4, "cloudFront.webAclArn", `"edge" is not the ARN of a CLOUDFRONT-scope web ACL (arn:aws:wafv2:us-east-1:ACCOUNT:global/webacl/NAME/ID; a REGIONAL one cannot be attached to a distribution): copy the ARN from the WAF console with region Global (CloudFront)`)}},
		{"WAF classic web ACL id", doc(`
legacy:
  domainName: legacy-api.example.com
cloudFront:
  webAclArn: arn:aws:waf::123456789012:webacl/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111
routes:
  - path: /a
`), []manifest.Problem{prob(4, "cloudFront.webAclArn", `"arn:aws:waf::123456789012:webacl/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111" is not the ARN of a CLOUDFRONT-scope web ACL (arn:aws:wafv2:us-east-1:ACCOUNT:global/webacl/NAME/ID; a REGIONAL one cannot be attached to a distribution): copy the ARN from the WAF console with region Global (CloudFront)`)}},
		{"legacy read timeout over 180", doc(`
legacy:
  domainName: legacy-api.example.com
  readTimeoutSeconds: 181
routes:
  - path: /a
`), []manifest.Problem{prob(3, "legacy.readTimeoutSeconds", "181; use 1 to 120 (CloudFront's range)")}},
		{"more cache policies than the quota", doc(`
legacy:
  domainName: legacy-api.example.com
cloudFront:
  cachePolicyQuota: 1
routes:
  - path: /a
    cache: public
    cacheQueryKeys: []
    auth: none
    cacheTtlSeconds: 60
  - path: /b
    cache: public
    cacheQueryKeys: []
    auth: none
    cacheTtlSeconds: 120
  - path: /c
    cache: public
    cacheQueryKeys: []
    auth: none
    cacheTtlSeconds: 60
`), []manifest.Problem{prob(5, "routes", "the routes need 2 CloudFront cache policies (one per cache mode, cacheTtlSeconds and cacheQueryKeys) but the account quota is 1, shared with other stacks; use fewer distinct TTLs and query key lists, or raise the quota and set cloudFront.cachePolicyQuota")}},
	} {
		t.Run(c.name, func(t *testing.T) { checkProblems(t, problemsOf(t, c.src), c.want) })
	}
}
