package stacks_test

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/stacks"
)

// Legacy logging stays by default (gzipped text under cloudfront/ beside
// logging v2); legacyLogging: false turns it off and the log bucket then
// disables ACLs, which only legacy logging needed.
func TestLegacyLoggingIsAManifestChoice(t *testing.T) {
	const routes = `
routes:
  - path: /orders/{id}
    target: legacy
`
	on := synth(t, fixture(t, "legacy: {domainName: legacy.example.com}\n"+routes))
	off := synth(t, fixture(t, "legacy: {domainName: legacy.example.com}\ncloudFront: {legacyLogging: false}\n"+routes))
	for _, tp := range []tmpl{on, off} {
		tp.ResourceCountIs(jsii.String("AWS::Logs::Delivery"), jsii.Number(1))
		tp.ResourceCountIs(jsii.String("AWS::Glue::Table"), jsii.Number(1))
		tp.ResourceCountIs(jsii.String("AWS::Athena::WorkGroup"), jsii.Number(1))
	}
	on.HasResourceProperties(jsii.String("AWS::CloudFront::Distribution"), map[string]any{
		"DistributionConfig": map[string]any{"Logging": map[string]any{"Prefix": "cloudfront/"}},
	})
	on.HasResourceProperties(jsii.String("AWS::S3::Bucket"), map[string]any{
		"OwnershipControls": map[string]any{"Rules": []any{map[string]any{"ObjectOwnership": "BucketOwnerPreferred"}}},
	})
	off.HasResourceProperties(jsii.String("AWS::CloudFront::Distribution"), map[string]any{
		"DistributionConfig": map[string]any{"Logging": assertions.Match_Absent()},
	})
	off.ResourcePropertiesCountIs(jsii.String("AWS::S3::Bucket"), map[string]any{
		"OwnershipControls": map[string]any{"Rules": []any{map[string]any{"ObjectOwnership": "BucketOwnerPreferred"}}},
	}, jsii.Number(0))
	for _, out := range []string{"LogDatabase", "LogTable", "LogWorkGroup", "LogLocation", "DistributionId"} {
		off.HasOutput(jsii.String(out), map[string]any{})
	}
}

// Where logging v2 cannot deliver (a stack known to be outside us-east-1),
// turning legacy logging off is refused: the distribution would log nothing.
func TestNoLegacyLoggingOutsideUsEast1IsAnError(t *testing.T) {
	m := fixture(t, "legacy: {domainName: legacy.example.com}\ncloudFront: {legacyLogging: false}\nroutes:\n  - path: /orders/{id}\n    target: legacy\n")
	s := stacks.NewMigrationStack(unvalidatedApp(t), "ApiMigration", &stacks.MigrationStackProps{Manifest: m,
		StackProps: awscdk.StackProps{Env: &awscdk.Environment{Account: jsii.String("123456789012"), Region: jsii.String("eu-west-1")}}})
	// Synth stops on the error (the app fails on error annotations); the
	// validation report holds the message.
	var msg string
	func() {
		defer func() { msg = fmt.Sprint(recover()) }()
		assertions.Annotations_FromStack(s.Stack)
	}()
	report := regexp.MustCompile(`\S+validation-report\.json`).FindString(msg)
	data, _ := os.ReadFile(report)
	if !strings.Contains(msg+string(data), "legacyLogging: false leaves the distribution without access logs") {
		t.Errorf("synth: %s\n%s; want the error saying legacy logging must stay in eu-west-1", msg, data)
	}
}
