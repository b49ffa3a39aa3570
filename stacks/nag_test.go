package stacks_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	awsconstructs "github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"

	"github.com/strangler-fig/strangler/constructs"
	"github.com/strangler-fig/strangler/internal/cdkjson"
	"github.com/strangler-fig/strangler/manifest"
	"github.com/strangler-fig/strangler/stacks"
)

// cdk-nag's AwsSolutions pack runs on the whole migration stack, nested
// stacks included: every rule it reports must be fixed or waived on the
// resource, with a reason, by the construct (or the stack) that made it.
// Each synth here starts the CDK in Node: keep them few.

// nagFinding is one rule cdk-nag reported and nobody waived.
type nagFinding struct {
	level, rule, path, message string
}

func (f nagFinding) String() string {
	return fmt.Sprintf("%s %s on %s: %s", f.level, f.rule, f.path, f.message)
}

// nagFindings applies the AwsSolutions checks to app, synthesizes it and
// returns every error and warning they left on stack, and every waiver
// recorded on a resource of stack that no finding needed (a stale
// suppression hides nothing today but would hide tomorrow's finding).
// A nested stack's annotations are in its parent's cloud assembly
// artifact (a nested stack has none of its own), so the root stack's
// messages cover them all.
// nagApp is an app whose synth lists cdk-nag's findings instead of failing
// on the first: cdk.json's @aws-cdk/core:annotationsInValidationReport
// turns each error annotation (a nag finding) into a synth failure, which
// is what `cdk synth` should do, but a test listing findings needs them all.
func nagApp(t *testing.T) awscdk.App {
	t.Helper()
	ctx := cdkjson.MustContext()
	ctx["@aws-cdk/core:annotationsInValidationReport"] = false
	return awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(t.TempDir()), BuiltinCloudFormationValidation: jsii.Bool(false), Context: &ctx})
}

func nagFindings(t *testing.T, app awscdk.App, stack awscdk.Stack) (findings []nagFinding, unused []string) {
	t.Helper()
	awscdk.Aspects_Of(app).Add(cdknag.NewAwsSolutionsChecks(&cdknag.NagPackProps{
		Verbose: jsii.Bool(true), LogIgnores: jsii.Bool(true), Reports: jsii.Bool(false),
	}), nil)
	var annotations assertions.Annotations
	if msg, panicked := catchPanic(func() { annotations = assertions.Annotations_FromStack(stack) }); panicked {
		t.Fatalf("synth failed: %s", msg)
	}
	// A rule that cannot evaluate a resource reports CdkNagValidationFailure.
	nag := assertions.Match_StringLikeRegexp(jsii.String("(AwsSolutions-|CdkNagValidationFailure)"))
	for _, level := range []string{"error", "warning"} {
		find := annotations.FindError
		if level == "warning" {
			find = annotations.FindWarning
		}
		for _, m := range *find(jsii.String("*"), nag) {
			text := strings.TrimSpace(fmt.Sprint(m.Entry.Data))
			if strings.HasPrefix(text, "CdkNagSuppression") {
				continue
			}
			rule, message, _ := strings.Cut(text, ": ")
			if first, _, ok := strings.Cut(message, ". "); ok {
				message = first + "."
			}
			findings = append(findings, nagFinding{level: level, rule: rule, path: *m.Id, message: message})
		}
	}
	slices.SortFunc(findings, func(a, b nagFinding) int { return strings.Compare(a.String(), b.String()) })

	// Each waiver used: "CdkNagSuppression[finding]: AwsSolutions-IAM5 was
	// triggered but suppressed. ..." (no [finding] for a rule without).
	used := map[string]bool{}
	for _, m := range *annotations.FindInfo(jsii.String("*"), assertions.Match_StringLikeRegexp(jsii.String("^CdkNagSuppression"))) {
		head, _, _ := strings.Cut(strings.TrimPrefix(fmt.Sprint(m.Entry.Data), "CdkNagSuppression"), " was triggered")
		finding, rule := "", strings.TrimPrefix(head, ": ")
		if strings.HasPrefix(head, "[") {
			finding, rule, _ = strings.Cut(head[1:], "]: ")
		}
		used[waiverKey(*m.Id, rule, finding)] = true
	}
	// Each waiver recorded (what constructs.SuppressNag writes).
	for _, c := range *stack.Node().FindAll(awsconstructs.ConstructOrder_PREORDER) {
		if !*awscdk.CfnResource_IsCfnResource(c) {
			continue
		}
		meta, _ := c.(awscdk.CfnResource).GetMetadata(jsii.String("cdk_nag")).(map[string]any)
		rules, _ := meta["rules_to_suppress"].([]any)
		for _, r := range rules {
			rule, _ := r.(map[string]any)
			id, _ := rule["id"].(string)
			findingIDs := []string{""}
			if to, ok := rule["applies_to"].([]any); ok {
				findingIDs = nil
				for _, f := range to {
					findingIDs = append(findingIDs, fmt.Sprint(f))
				}
			}
			for _, f := range findingIDs {
				if key := waiverKey("/"+*c.Node().Path(), id, f); !used[key] {
					unused = append(unused, key)
				}
			}
		}
	}
	return findings, unused
}

func waiverKey(path, rule, finding string) string {
	if finding != "" {
		rule += "[" + finding + "]"
	}
	return rule + " on " + path
}

func catchPanic(f func()) (msg string, panicked bool) {
	defer func() {
		if r := recover(); r != nil {
			msg, panicked = fmt.Sprint(r), true
		}
	}()
	f()
	return "", false
}

// requireNoFindings fails listing every finding, with a count per rule,
// and every waiver nothing needed.
func requireNoFindings(t *testing.T, findings []nagFinding, unused []string) {
	t.Helper()
	if len(unused) > 0 {
		t.Errorf("%d cdk-nag suppression(s) that no finding needed: remove them, or make them conditional on what triggers the rule:\n  %s",
			len(unused), strings.Join(unused, "\n  "))
	}
	if len(findings) == 0 {
		return
	}
	perRule := map[string]int{}
	var lines []string
	for _, f := range findings {
		rule, _, _ := strings.Cut(f.rule, "[")
		perRule[rule]++
		lines = append(lines, "  "+f.String())
	}
	var counts []string
	for _, r := range slices.Sorted(maps.Keys(perRule)) {
		counts = append(counts, fmt.Sprintf("%s %d", r, perRule[r]))
	}
	t.Errorf("%d cdk-nag AwsSolutions finding(s) (%s); fix each, or waive it on its resource with constructs.SuppressNag and a reason specific to it:\n%s",
		len(findings), strings.Join(counts, ", "), strings.Join(lines, "\n"))
}

// requireNoMigrationFindings checks the migration stack of m.
func requireNoMigrationFindings(t *testing.T, m *manifest.Manifest) {
	t.Helper()
	app := nagApp(t)
	s := stacks.NewMigrationStack(app, "ApiMigration", &stacks.MigrationStackProps{Manifest: m})
	if len(s.RouteStacks) == 0 {
		t.Fatal("no nested stack: the check would not cover functions")
	}
	findings, unused := nagFindings(t, app, s.Stack)
	requireNoFindings(t, findings, unused)
}

// The repository's manifest: a new VPC, the *.cloudfront.net name, the
// account logging role, a function with a secret and one sharing the role.
func TestNagAwsSolutionsRoutesYaml(t *testing.T) {
	m, err := manifest.Load("../routes.yaml")
	if err != nil {
		t.Fatal(err)
	}
	requireNoMigrationFindings(t, m)
}

// The other paths: an existing VPC (with a new security group in it),
// public names with a certificate, a web ACL (so the CFR2 waiver, needed
// above, must be gone here or it shows as unused), no legacy CloudFront logging (logging v2 only), no account logging role, a name
// prefix, an alarm e-mail, every cache mode, secrets, a greedy path,
// write methods, legacy routes, several nested stacks, a database behind
// an RDS Proxy the stack creates (IAM), one reached directly and one
// behind an existing proxy.
func TestNagAwsSolutionsExistingVpcAndCertificate(t *testing.T) {
	requireNoMigrationFindings(t, fixture(t, `
legacy: {domainName: legacy.example.com}
databases:
  - name: orders
    instanceIdentifier: orders-db
    host: orders-db.abc.eu-west-1.rds.amazonaws.com
    securityGroupId: sg-0aaaaaaaaaaaaaaaa
    maxConnections: 2000
    monolithConnections: 600
    access: proxy
    proxy: {secretArn: arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders-proxy-AbCdEf, iamAuth: true, maxConnectionsPercent: 45}
  - name: carts
    clusterIdentifier: carts
    host: carts.cluster-abc.eu-west-1.rds.amazonaws.com
    securityGroupId: sg-0bbbbbbbbbbbbbbbb
    maxConnections: 3000
    monolithConnections: 100
  - name: search
    host: search-db.internal
    maxConnections: 500
    monolithConnections: 0
    access: existing-proxy
    proxy: {name: search-proxy, endpoint: search-proxy.proxy-abc.eu-west-1.rds.amazonaws.com, securityGroupId: sg-0cccccccccccccccc, maxConnectionsPercent: 50}
network:
  existing:
    vpcId: vpc-0123456789abcdef0
    availabilityZones: [eu-west-1a, eu-west-1b]
    privateSubnetIds: [subnet-0aaaaaaaaaaaaaaaa, subnet-0bbbbbbbbbbbbbbbb]
apiGateway: {manageAccountLoggingRole: false}
cloudFront:
  domainNames: [api.example.com]
  certificateArn: arn:aws:acm:us-east-1:123456789012:certificate/abc
  webAclArn: arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111
  legacyLogging: false
lambda: {namePrefix: staging-}
alarms: {email: ops@example.com}
auth:
  default: jwt
  jwt: {issuer: "https://login.example.com/", audiences: [api], jwksUrl: "https://login.example.com/jwks.json", algorithms: [RS256, ES256]}
  delegate: {url: /session}
routes:
  - path: /orders/{id}
    methods: [GET, PUT, DELETE]
    function: api-orders
    cache: per-token
    reservedConcurrency: 100
    secrets: {DB_SECRET_ARN: arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders-db}
    database: {name: orders}
  - path: /orders/{id}/invoice
    target: legacy
  - path: /carts
    methods: [GET, POST]
    function: api-carts
    stack: shop
    auth: delegate
    rollout: AllAtOnce
    database: {name: carts}
  - path: /search/{proxy+}
    methods: [GET]
    function: api-search
    cache: public
    auth: none
    reservedConcurrency: 10
    database: {name: search}
`))
}

// The check does find what it should, in the root stack and in a nested
// one, and tells a waiver in use from a stale one, so the zeros above
// mean something.
func TestNagAwsSolutionsReportsFindings(t *testing.T) {
	app := nagApp(t)
	stack := awscdk.NewStack(app, jsii.String("Bare"), nil)
	bucket := awss3.NewBucket(stack, jsii.String("Bucket"), nil)
	constructs.SuppressNag(bucket,
		constructs.NagSuppression{ID: "AwsSolutions-S10", Reason: "used: the bucket allows plain HTTP"},
		constructs.NagSuppression{ID: "AwsSolutions-SQS3", Reason: "stale: there is no queue here"})
	nested := awscdk.NewNestedStack(stack, jsii.String("Nested"), nil)
	awss3.NewBucket(nested, jsii.String("NestedBucket"), nil)

	findings, unused := nagFindings(t, app, stack)
	has := func(prefix string) bool {
		return slices.ContainsFunc(findings, func(f nagFinding) bool { return strings.HasPrefix(f.String(), prefix) })
	}
	for _, want := range []string{
		"error AwsSolutions-S1 on /Bare/Bucket/Resource: The S3 Bucket has server access logs disabled.",
		"error AwsSolutions-S10 on /Bare/Nested/NestedBucket/Resource",
	} {
		if !has(want) {
			t.Errorf("no finding %q among:\n%v", want, findings)
		}
	}
	if has("error AwsSolutions-S10 on /Bare/Bucket/") {
		t.Errorf("the suppressed S10 on /Bare/Bucket is reported: %v", findings)
	}
	if want := []string{"AwsSolutions-SQS3 on /Bare/Bucket/Resource"}; !slices.Equal(unused, want) {
		t.Errorf("unused suppressions = %q, want %q", unused, want)
	}
}
