package manifest

import "github.com/strangler-fig/strangler/awslimits"

// FailoverWorstSeconds is the longest a read on a migrated route can take
// when it fails over to the monolith (docs/cutover.md): API Gateway gives
// up at its integration timeout and CloudFront tries the monolith, or
// CloudFront cannot connect to API Gateway at all (its connection attempts
// times their timeout); then the monolith has its read timeout.
func (m *Manifest) FailoverWorstSeconds() int {
	primary := max(m.APIGateway.IntegrationTimeoutSeconds,
		awslimits.CloudFrontOriginConnectionAttempts*awslimits.CloudFrontOriginConnectionTimeoutSeconds)
	return primary + m.Legacy.ReadTimeoutSeconds
}

// failover: a read that fails over should still answer before its client
// gives up.
func (v *validator) failover() {
	if w := v.m.FailoverWorstSeconds(); w > awslimits.ViewerPatienceSeconds && len(v.m.Functions()) > 0 {
		v.warnAt("legacy.readTimeoutSeconds", "a read on a migrated route that fails over to the monolith can take up to %d s (API Gateway's %d s or CloudFront's %d connection attempts of %d s, then the monolith's %d s), longer than many clients wait (%d s); lower it, or expect such clients to give up first",
			w, v.m.APIGateway.IntegrationTimeoutSeconds, awslimits.CloudFrontOriginConnectionAttempts, awslimits.CloudFrontOriginConnectionTimeoutSeconds, v.m.Legacy.ReadTimeoutSeconds, awslimits.ViewerPatienceSeconds)
	}
}
