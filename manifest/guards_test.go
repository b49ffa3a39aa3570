package manifest_test

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/strangler-fig/strangler/manifest"
)

// The synth-time guards: each AWS limit a deploy could hit, with a
// manifest that trips it and one that passes, at the boundary where there
// is one. Guards tested elsewhere: the reserved concurrency sum
// ("reserved concurrency over quota-100" in TestParseProblems, "reserved
// concurrency exactly quota-100" in TestParseAccepts), the VPC CIDR
// holding the subnets ("network cidr too small for AZs x subnet size",
// "cidr just large enough") and the timeout chain's single links
// ("route timeout over the integration timeout", "origin timeout shorter
// than integration timeout" and their TestParseAccepts counterparts).

// onAPIGatewayOnly writes n routes with a function that stay on the
// monolith: one API Gateway resource each and no CloudFront behaviour, so
// only the resource quota is at stake.
func onAPIGatewayOnly(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "  - {path: /r%d, function: f, target: legacy}\n", i)
	}
	return b.String()
}

func TestAPIGatewayResourceQuota(t *testing.T) {
	const raise = "or raise the quota in Service Quotas (Amazon API Gateway, Resources per API) and set apiGateway.resourceQuota"
	const noPrefix = "serve routes under a shared prefix with one {proxy+} route (no prefix has several Lambda routes to merge yet)"
	trips := []struct {
		name string
		src  string
		want []manifest.Problem
	}{
		{"301 resources over the default quota", head + onAPIGatewayOnly(301), []manifest.Problem{
			prob(3, "routes", "the routes need 301 API Gateway resources (one per path segment of each route with a function, rolled-back routes included) but the quota is 300 per REST API, 1 too many; "+noPrefix+", "+raise)}},
		{"a subtree that one {proxy+} route could serve", doc(`
legacy:
  domainName: legacy-api.example.com
apiGateway:
  resourceQuota: 5
routes:
  - path: /orders/{id}
  - path: /orders/{id}/items
  - path: /orders/search
  - path: /user/{id}
  - path: /user/{id}/orders
    target: legacy
`), []manifest.Problem{
			// /orders, /orders/{id}, /orders/{id}/items, /orders/search,
			// /user, /user/{id}; the legacy route without a function is not
			// on API Gateway, but keeps /user/ from being merged.
			prob(5, "routes", "the routes need 6 API Gateway resources (one per path segment of each route with a function, rolled-back routes included) but the quota is 5 per REST API, 1 too many; the 3 routes under /orders/ could be one route /orders/{proxy+} (2 resources fewer), "+raise)}},
		{"the most specific prefix that is enough", doc(`
legacy:
  domainName: legacy-api.example.com
apiGateway:
  resourceQuota: 7
routes:
  - path: /api/v1/a
  - path: /api/v1/b
  - path: /api/v1/c
  - path: /api/v2/x
  - path: /api/v2/y
`), []manifest.Problem{
			prob(5, "routes", "the routes need 8 API Gateway resources (one per path segment of each route with a function, rolled-back routes included) but the quota is 7 per REST API, 1 too many; the 2 routes under /api/v2/ could be one route /api/v2/{proxy+} (1 resource fewer), "+raise)}},
		{"the broader prefix when only it is enough", doc(`
legacy:
  domainName: legacy-api.example.com
apiGateway:
  resourceQuota: 3
routes:
  - path: /api/v1/a
  - path: /api/v1/b
  - path: /api/v1/c
  - path: /api/v2/x
  - path: /api/v2/y
`), []manifest.Problem{
			prob(5, "routes", "the routes need 8 API Gateway resources (one per path segment of each route with a function, rolled-back routes included) but the quota is 3 per REST API, 5 too many; the 5 routes under /api/ could be one route /api/{proxy+} (6 resources fewer), "+raise)}},
		{"two prefixes together", doc(`
legacy:
  domainName: legacy-api.example.com
apiGateway:
  resourceQuota: 5
routes:
  - path: /a/x
  - path: /a/y
  - path: /a/z
  - path: /b/x
  - path: /b/y
  - path: /c
`), []manifest.Problem{
			prob(5, "routes", "the routes need 8 API Gateway resources (one per path segment of each route with a function, rolled-back routes included) but the quota is 5 per REST API, 3 too many; the 3 routes under /a/ could be one route /a/{proxy+} (2 resources fewer); the 2 routes under /b/ could be one route /b/{proxy+} (1 resource fewer), "+raise)}},
		{"quota below 1", doc(`
legacy:
  domainName: legacy-api.example.com
apiGateway:
  resourceQuota: -1
routes:
  - path: /a
`), []manifest.Problem{prob(4, "apiGateway.resourceQuota", "-1; give the account's quota of resources per REST API (default 300)")}},
		{"origin key generation below 1", doc(`
legacy:
  domainName: legacy-api.example.com
apiGateway:
  originKeyGeneration: -2
routes:
  - path: /a
`), []manifest.Problem{prob(4, "apiGateway.originKeyGeneration", "-2; a generation counts from 1 (raise it by one to rotate the key)")}},
	}
	for _, tt := range trips {
		t.Run("trips/"+tt.name, func(t *testing.T) { checkProblems(t, problemsOf(t, tt.src), tt.want) })
	}
	passes := []struct{ name, src string }{
		{"exactly the default quota", head + onAPIGatewayOnly(300)},
		{"shared segments count once, routes without a function not at all", doc(`
legacy:
  domainName: legacy-api.example.com
apiGateway:
  resourceQuota: 5
routes:
  - path: /user/{id}
  - path: /user/{id}/orders
  - path: /user/{id}/orders/{orderId}
  - path: /user/me
  - path: /legacy/{id}
    target: legacy
`)},
	}
	for _, tt := range passes {
		t.Run("passes/"+tt.name, func(t *testing.T) { parse(t, tt.src) })
	}
}

// TestTimeoutChain: Lambda timeout <= API Gateway integration timeout <=
// CloudFront origin response timeout, with both limits raised.
func TestTimeoutChain(t *testing.T) {
	raised := func(lambda, integration, origin, route string) string {
		return doc(`
legacy:
  domainName: legacy-api.example.com
apiGateway:
  integrationTimeoutSeconds: ` + integration + `
cloudFront:
  originResponseTimeoutSeconds: ` + origin + `
lambda:
  timeoutSeconds: ` + lambda + `
routes:
  - path: /a
    timeoutSeconds: ` + route + `
`)
	}
	t.Run("passes/every link equal at raised limits", func(t *testing.T) {
		m := parse(t, raised("60", "60", "60", "60"))
		if f := m.Functions()[0]; f.TimeoutSeconds != 60 {
			t.Errorf("TimeoutSeconds = %d, want 60", f.TimeoutSeconds)
		}
	})
	t.Run("trips/lambda.timeoutSeconds over a raised integration timeout", func(t *testing.T) {
		checkProblems(t, problemsOf(t, raised("61", "60", "60", "60")), []manifest.Problem{
			prob(8, "lambda.timeoutSeconds", "61 s is over the API Gateway integration timeout (60 s): API Gateway answers 504 at 60 s and the rest is paid for nothing; use at most 60")})
	})
	t.Run("trips/origin timeout one second short of a raised integration timeout", func(t *testing.T) {
		checkProblems(t, problemsOf(t, raised("60", "60", "59", "60")), []manifest.Problem{
			prob(6, "cloudFront.originResponseTimeoutSeconds", "59 s is shorter than apiGateway.integrationTimeoutSeconds (60 s): CloudFront would give up on answers API Gateway still waits for; raise it to at least 60")})
	})
}

func TestReservedConcurrencyRaisedQuota(t *testing.T) {
	src := func(reserved int) string {
		return doc(`
legacy:
  domainName: legacy-api.example.com
lambda:
  regionalConcurrencyQuota: 3000
routes:
  - path: /a
    reservedConcurrency: 2000
  - path: /b
    reservedConcurrency: ` + fmt.Sprint(reserved) + `
`)
	}
	t.Run("passes/exactly 100 left unreserved", func(t *testing.T) { parse(t, src(900)) })
	t.Run("trips/99 left unreserved", func(t *testing.T) {
		checkProblems(t, problemsOf(t, src(901)), []manifest.Problem{
			prob(5, "routes", "reserved concurrency adds up to 2901, but only 2900 of the regional quota (3000) may be reserved: Lambda keeps 100 unreserved. Lower reservedConcurrency or raise the quota and set lambda.regionalConcurrencyQuota")})
	})
}

func TestCacheBehaviorQuota(t *testing.T) {
	const raise = "or raise the quota in Service Quotas (Amazon CloudFront, Cache behaviors per distribution) and set cloudFront.cacheBehaviorQuota"
	routes := func(searchCache string) string {
		keys := ""
		if searchCache != "none" {
			keys = "\n    cacheQueryKeys: [q]"
		}
		return doc(`
legacy:
  domainName: legacy-api.example.com
cloudFront:
  cacheBehaviorQuota: 3
routes:
  - path: /orders/list
  - path: /orders/export
  - path: /orders/search
    cache: ` + searchCache + keys + `
    auth: none
  - path: /user/{id}
  - path: /user/{id}/orders
    target: legacy
`)
	}
	// Behaviours: /orders/export, /orders/list, /orders/search,
	// /user/*/orders (back to the monolith) and /user/*: no pattern covers
	// another with the same handling, so none merges on its own.
	t.Run("trips/with the routes one {proxy+} route could serve", func(t *testing.T) {
		checkProblems(t, problemsOf(t, routes("none")), []manifest.Problem{
			prob(5, "routes", "the routes need 5 CloudFront cache behaviours but the quota is 3 per distribution, 2 too many; the 3 routes under /orders/ could be one route /orders/{proxy+} (2 behaviours fewer), "+raise)})
	})
	t.Run("trips/routes with other cache settings are not merged", func(t *testing.T) {
		checkProblems(t, problemsOf(t, routes("public")), []manifest.Problem{
			prob(5, "routes", "the routes need 5 CloudFront cache behaviours but the quota is 3 per distribution, 2 too many; serve routes under a shared prefix with one {proxy+} route (no prefix has several Lambda routes to merge yet), "+raise)})
	})
	t.Run("passes/the same routes under a raised quota", func(t *testing.T) {
		parse(t, strings.Replace(routes("none"), "cacheBehaviorQuota: 3", "cacheBehaviorQuota: 5", 1))
	})
	// /orders/*/items and /orders/search reach API Gateway, uncached, through
	// /orders/* anyway: they need no behaviour of their own.
	t.Run("passes/routes a wider pattern covers share its behaviour", func(t *testing.T) {
		m := parse(t, withRoutes(`
  - path: /orders/{id}
  - path: /orders/{id}/items
  - path: /orders/search
  - path: /user/{id}
  - path: /user/{id}/orders
    target: legacy
`)+"cloudFront:\n  cacheBehaviorQuota: 3\n")
		if got, want := m.EdgePatterns(), []string{"/orders/*", "/user/*/orders", "/user/*"}; !slices.Equal(got, want) {
			t.Errorf("EdgePatterns %q, want %q", got, want)
		}
	})
	t.Run("passes/the routes merged into one {proxy+} route", func(t *testing.T) {
		parse(t, withRoutes(`
  - path: /orders/{proxy+}
    methods: [ANY]
  - path: /user/{id}
  - path: /user/{id}/orders
    target: legacy
  - path: /products
`)+"cloudFront:\n  cacheBehaviorQuota: 4\n")
	})
}

// existingVPC is a manifest on an existing VPC of two subnets; free is the
// freeAddresses line ("" for none), on line 8.
func existingVPC(quota int, free string) string {
	return doc(`
legacy:
  domainName: legacy-api.example.com
network:
  existing:
    vpcId: vpc-0123456789abcdef0
    availabilityZones: [eu-west-1a, eu-west-1b]
    privateSubnetIds: [subnet-0123456789abcdef0, subnet-0123456789abcdef1]
    ` + free + `
lambda:
  regionalConcurrencyQuota: ` + fmt.Sprint(quota) + `
routes:
  - path: /a
`)
}

// TestSubnetAddresses: every private subnet has free addresses for the
// Hyperplane ENIs the functions can need: 2 x ceil(regional quota /
// 65,000), 2 at the default quota of 1000.
func TestSubnetAddresses(t *testing.T) {
	const (
		subnet0 = "subnet-0123456789abcdef0"
		subnet1 = "subnet-0123456789abcdef1"
		why2    = "lambda.regionalConcurrencyQuota 1000 / 65000 connections per Hyperplane ENI = 1, doubled while an update creates new ENIs before deleting the old"
	)
	newVPC := func(prefix, quota int) string {
		return doc(`
legacy:
  domainName: legacy-api.example.com
network:
  privateSubnetPrefix: ` + fmt.Sprint(prefix) + `
lambda:
  regionalConcurrencyQuota: ` + fmt.Sprint(quota) + `
routes:
  - path: /a
`)
	}
	// A /24 has 256 - 5 = 251 free addresses: 125 ENIs (quota up to
	// 125 x 65000) fit twice over, 126 do not.
	t.Run("trips/new VPC subnets too small", func(t *testing.T) {
		checkProblems(t, problemsOf(t, newVPC(24, 125*65000+1)), []manifest.Problem{
			prob(4, "network.privateSubnetPrefix", "/24 private subnets have 251 free addresses each, but the functions can need 252 network interfaces in one (lambda.regionalConcurrencyQuota 8125001 / 65000 connections per Hyperplane ENI = 126, doubled while an update creates new ENIs before deleting the old); use a shorter privateSubnetPrefix")})
	})
	t.Run("warns/new VPC subnets just large enough", func(t *testing.T) {
		want := []string{"routes.yaml:4: network.privateSubnetPrefix: /24 private subnets have 251 free addresses each, less than twice the 250 network interfaces the functions can need in one (lambda.regionalConcurrencyQuota 8125000 / 65000 connections per Hyperplane ENI = 125, doubled while an update creates new ENIs before deleting the old): anything else put in them can starve Lambda; use a shorter privateSubnetPrefix"}
		if got := parse(t, newVPC(24, 125*65000)).Warnings(); !reflect.DeepEqual(got, want) {
			t.Errorf("Warnings =\n%q\nwant\n%q", got, want)
		}
	})
	t.Run("passes/new VPC subnets with twice the room", func(t *testing.T) {
		if w := parse(t, newVPC(24, 62*65000)).Warnings(); w != nil { // 248 needed twice over
			t.Errorf("Warnings = %q, want none", w)
		}
	})
	t.Run("trips/new VPC without privateSubnetPrefix reports at the quota", func(t *testing.T) {
		src := doc(`
legacy:
  domainName: legacy-api.example.com
lambda:
  regionalConcurrencyQuota: 300000000
routes:
  - path: /a
`) // /19: 8187 free; 300,000,000 / 65,000 -> 4616 ENIs, 9232 with updates
		checkProblems(t, problemsOf(t, src), []manifest.Problem{
			prob(4, "lambda.regionalConcurrencyQuota", "/19 private subnets have 8187 free addresses each, but the functions can need 9232 network interfaces in one (lambda.regionalConcurrencyQuota 300000000 / 65000 connections per Hyperplane ENI = 4616, doubled while an update creates new ENIs before deleting the old); use a shorter privateSubnetPrefix")})
	})

	existingTrips := []struct {
		name string
		src  string
		want []manifest.Problem
	}{
		{"a subnet with fewer free addresses than ENIs", existingVPC(1000, "freeAddresses: [1, 8187]"), []manifest.Problem{
			prob(8, "network.existing.freeAddresses[0]", subnet0+" has 1 free addresses, but the functions can need 2 network interfaces in it ("+why2+"); free addresses in it or use a larger subnet")}},
		{"a raised quota needs more", existingVPC(130001, "freeAddresses: [5, 6]"), []manifest.Problem{
			prob(8, "network.existing.freeAddresses[0]", subnet0+" has 5 free addresses, but the functions can need 6 network interfaces in it (lambda.regionalConcurrencyQuota 130001 / 65000 connections per Hyperplane ENI = 3, doubled while an update creates new ENIs before deleting the old); free addresses in it or use a larger subnet")}},
		{"one count per subnet", existingVPC(1000, "freeAddresses: [8187]"), []manifest.Problem{
			prob(8, "network.existing.freeAddresses", "1 counts for 2 subnets; give the free addresses of each subnet, in the order of privateSubnetIds")}},
		{"a negative count", existingVPC(1000, "freeAddresses: [-1, 8187]"), []manifest.Problem{
			prob(8, "network.existing.freeAddresses[0]", "-1; give the subnet's free addresses (AvailableIpAddressCount), 0 or more")}},
	}
	for _, tt := range existingTrips {
		t.Run("trips/existing VPC: "+tt.name, func(t *testing.T) { checkProblems(t, problemsOf(t, tt.src), tt.want) })
	}

	existingWarns := []struct {
		name string
		src  string
		want []string // nil: loads without warnings
	}{
		{"no freeAddresses: not checked", existingVPC(1000, ""), []string{
			"routes.yaml:4: network.existing: freeAddresses not given, so the private subnets' free addresses are not checked: the functions can need 2 network interfaces in each (" + why2 + "); list each subnet's AvailableIpAddressCount from `aws ec2 describe-subnets` in freeAddresses, in the order of privateSubnetIds"}},
		{"a subnet with less than twice what is needed", existingVPC(1000, "freeAddresses: [3, 2]"), []string{
			"routes.yaml:8: network.existing.freeAddresses[0]: " + subnet0 + " has 3 free addresses, less than twice the 2 network interfaces the functions can need in it (" + why2 + "): anything else put in it can starve Lambda; free addresses in it or use a larger subnet",
			"routes.yaml:8: network.existing.freeAddresses[1]: " + subnet1 + " has 2 free addresses, less than twice the 2 network interfaces the functions can need in it (" + why2 + "): anything else put in it can starve Lambda; free addresses in it or use a larger subnet"}},
		{"a subnet with less than half of the largest", existingVPC(1000, "freeAddresses: [4093, 8187]"), []string{
			"routes.yaml:8: network.existing.freeAddresses[0]: " + subnet0 + " has 4093 free addresses, less than half of " + subnet1 + "'s 8187: it is the bottleneck, the first subnet to run out; free addresses in it or use a larger subnet"}},
		{"a subnet with exactly half of the largest", existingVPC(1000, "freeAddresses: [4094, 8188]"), nil},
		{"a subnet with exactly twice what is needed", existingVPC(1000, "freeAddresses: [4, 6]"), nil},
		{"exactly what is needed", existingVPC(130001, "freeAddresses: [6, 6]"), []string{
			"routes.yaml:8: network.existing.freeAddresses[0]: " + subnet0 + " has 6 free addresses, less than twice the 6 network interfaces the functions can need in it (lambda.regionalConcurrencyQuota 130001 / 65000 connections per Hyperplane ENI = 3, doubled while an update creates new ENIs before deleting the old): anything else put in it can starve Lambda; free addresses in it or use a larger subnet",
			"routes.yaml:8: network.existing.freeAddresses[1]: " + subnet1 + " has 6 free addresses, less than twice the 6 network interfaces the functions can need in it (lambda.regionalConcurrencyQuota 130001 / 65000 connections per Hyperplane ENI = 3, doubled while an update creates new ENIs before deleting the old): anything else put in it can starve Lambda; free addresses in it or use a larger subnet"}},
	}
	for _, tt := range existingWarns {
		t.Run("existing VPC: "+tt.name, func(t *testing.T) {
			if got := parse(t, tt.src).Warnings(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Warnings =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestRolloutAndStack: the two function-level route fields, their
// defaults, their merging across the routes of one function, and their checks.
func TestRolloutAndStack(t *testing.T) {
	m := parse(t, doc(`
legacy:
  domainName: legacy-api.example.com
lambda:
  rollout: Linear10PercentEvery1Minute
routes:
  - path: /user/{id}
  - path: /user/{id}/orders
    target: legacy
  - path: /products/{id}
    function: api-products
    rollout: AllAtOnce
  - path: /catalog
    function: api-products
    stack: shop
  - path: /
  - path: /{tenant}/reports
  - path: /V1.2/x
  - path: /2024/report
  - path: /`+strings.Repeat("a", 40)+`
`))
	type fn struct{ name, rollout, stack string }
	var got []fn
	for _, f := range m.Functions() {
		got = append(got, fn{f.Name, f.Rollout, f.Stack})
	}
	want := []fn{
		{"api-user-id", "Linear10PercentEvery1Minute", "user"}, // lambda.rollout; the name's first word after api-
		// Written once, on either route, for the whole function.
		{"api-products", "AllAtOnce", "shop"},
		{"api-root", "Linear10PercentEvery1Minute", "root"},
		{"api-tenant-reports", "Linear10PercentEvery1Minute", "tenant"},
		{"api-v1-2-x", "Linear10PercentEvery1Minute", "v1"},
		{"api-2024-report", "Linear10PercentEvery1Minute", "api-2024"}, // starts with a letter
		{"api-" + strings.Repeat("a", 40), "Linear10PercentEvery1Minute", strings.Repeat("a", 31)},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("functions (name, rollout, stack) =\n%q\nwant\n%q", got, want)
	}
	if r := m.Routes[1]; r.Stack != "" || r.Rollout != "Linear10PercentEvery1Minute" {
		t.Errorf("legacy route without a function: stack %q, rollout %q; want none and lambda.rollout", r.Stack, r.Rollout)
	}
	if r := m.Routes[2]; r.Stack != "shop" || r.Rollout != "AllAtOnce" {
		t.Errorf("routes[2] stack %q, rollout %q; want shop and AllAtOnce (merged from routes[3])", r.Stack, r.Rollout)
	}

	// The default comes from the function's name alone: adding a route to a
	// deployed function never moves it (which would fail the deploy).
	t.Run("adding a route keeps a function's stack", func(t *testing.T) {
		one := parse(t, withRoutes("  - path: /orders/{id}\n    function: api-orders\n"))
		two := parse(t, withRoutes("  - path: /orders/{id}\n    function: api-orders\n  - path: /carts/{id}\n    function: api-orders\n"))
		if a, b := one.Functions()[0].Stack, two.Functions()[0].Stack; a != "orders" || b != a {
			t.Errorf("Stack = %q, then %q after adding /carts/{id}; want orders both times", a, b)
		}
	})
	t.Run("names without the api- prefix", func(t *testing.T) {
		for name, want := range map[string]string{"users-get": "users", "api": "api", "7up": "api-7up", "api-api-x": "api"} {
			if got := parse(t, withRoutes("  - path: /a\n    function: "+name+"\n")).Functions()[0].Stack; got != want {
				t.Errorf("function %q: Stack %q, want %q", name, got, want)
			}
		}
	})
	t.Run("lambda.rollout defaults to a canary", func(t *testing.T) {
		if r := parse(t, withRoutes("  - path: /a\n")).Functions()[0].Rollout; r != "Canary10Percent5Minutes" {
			t.Errorf("Rollout = %q, want Canary10Percent5Minutes", r)
		}
	})
	t.Run("every rollout is accepted", func(t *testing.T) {
		for _, r := range manifest.Rollouts {
			parse(t, withRoutes("  - path: /a\n    rollout: "+r+"\n"))
		}
	})
	t.Run("a stack name of 31 characters", func(t *testing.T) {
		parse(t, withRoutes("  - path: /a\n    stack: s"+strings.Repeat("-", 29)+"9\n"))
	})

	const stackRule = "; a stack name is a lower-case letter, then up to 30 lower-case letters, digits or - (it becomes part of a construct ID)"
	for _, tt := range []struct {
		name string
		src  string
		want []manifest.Problem
	}{
		{"misspelt rollout", withRoutes(`
  - path: /a
    rollout: Canary10Percent5Minute
`), []manifest.Problem{prob(5, "route /a (routes[0]), rollout", `"Canary10Percent5Minute" is not a CodeDeploy Lambda deployment configuration; did you mean "Canary10Percent5Minutes"?`)}},
		{"rollout in lower case", withRoutes(`
  - path: /a
    rollout: allatonce
`), []manifest.Problem{prob(5, "route /a (routes[0]), rollout", `"allatonce" is not a CodeDeploy Lambda deployment configuration; did you mean "AllAtOnce"?`)}},
		{"rollout with the CodeDeploy prefix", withRoutes(`
  - path: /a
    rollout: CodeDeployDefault.LambdaLinear10PercentEvery2Minutes
`), []manifest.Problem{prob(5, "route /a (routes[0]), rollout", `"CodeDeployDefault.LambdaLinear10PercentEvery2Minutes"; write it without the CodeDeployDefault.Lambda prefix: Linear10PercentEvery2Minutes`)}},
		{"unknown lambda.rollout", doc(`
legacy:
  domainName: legacy-api.example.com
lambda:
  rollout: BlueGreen
routes:
  - path: /a
`), []manifest.Problem{prob(4, "lambda.rollout", `"BlueGreen" is not a CodeDeploy Lambda deployment configuration; use one of Canary10Percent5Minutes, Canary10Percent10Minutes, Canary10Percent15Minutes, Canary10Percent30Minutes, Linear10PercentEvery1Minute, Linear10PercentEvery2Minutes, Linear10PercentEvery3Minutes, Linear10PercentEvery10Minutes, AllAtOnce, AllAtOnceIgnoringAlarms`)}},
		{"two rollouts for one function", withRoutes(`
  - path: /a
    function: f
    rollout: AllAtOnce
  - path: /b
    function: f
    rollout: Canary10Percent10Minutes
`), []manifest.Problem{prob(9, "route /b (routes[1]), rollout", "differs from routes[0] (/a), which f also serves; one function has one rollout: write it once, on either route")}},
		{"two stacks for one function", withRoutes(`
  - path: /a
    function: f
    stack: one
  - path: /b
    function: f
    stack: two
`), []manifest.Problem{prob(9, "route /b (routes[1]), stack", "differs from routes[0] (/a), which f also serves; one function has one stack: write it once, on either route")}},
		{"stack in upper case", withRoutes(`
  - path: /a
    stack: Users
`), []manifest.Problem{prob(5, "route /a (routes[0]), stack", `"Users"`+stackRule)}},
		{"stack starting with a digit", withRoutes(`
  - path: /a
    stack: 1st
`), []manifest.Problem{prob(5, "route /a (routes[0]), stack", `"1st"`+stackRule)}},
		{"stack of 32 characters", withRoutes(`
  - path: /a
    stack: ` + strings.Repeat("s", 32) + `
`), []manifest.Problem{prob(5, "route /a (routes[0]), stack", `"`+strings.Repeat("s", 32)+`"`+stackRule)}},
	} {
		t.Run(tt.name, func(t *testing.T) { checkProblems(t, problemsOf(t, tt.src), tt.want) })
	}
}
