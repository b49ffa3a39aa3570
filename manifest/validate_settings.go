package manifest

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/strangler-fig/strangler/awslimits"
	"github.com/strangler-fig/strangler/routing"
)

// Checks of the shared settings: the monolith, API Gateway, CloudFront, Lambda defaults.

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
