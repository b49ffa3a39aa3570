package stacks

import (
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfront"

	"github.com/strangler-fig/strangler/constructs"
	"github.com/strangler-fig/strangler/cors"
	"github.com/strangler-fig/strangler/manifest"
)

// securityHeaders maps the manifest's (checked by manifest.Load) to the
// distribution's.
func securityHeaders(s manifest.SecurityHeaders) *constructs.SecurityHeaders {
	if !s.On() {
		return &constructs.SecurityHeaders{Disabled: true}
	}
	return &constructs.SecurityHeaders{
		Override:              s.Override,
		HstsMaxAgeSeconds:     s.HSTSMaxAgeSeconds,
		HstsIncludeSubdomains: s.HSTSIncludeSubdomains,
		FrameOption:           awscloudfront.HeadersFrameOption(s.FrameOptions),
		ReferrerPolicy:        awscloudfront.HeadersReferrerPolicy(strings.ToUpper(strings.ReplaceAll(s.ReferrerPolicy, "-", "_"))),
	}
}

// edgeCors is a route's or behaviour's CORS as the edge applies it; nil for none.
func edgeCors(c *manifest.CORS) *cors.Policy {
	if c == nil {
		return nil
	}
	p := c.Policy()
	return &p
}

// keepResponseHeaders makes the response headers policy of every route
// with a function, rolled-back ones too, so that rolling a route back or
// forward changes its behaviour only (as its function stays deployed).
func keepResponseHeaders(edge *constructs.EdgeDistribution, m *manifest.Manifest) {
	for _, r := range m.Routes {
		if r.Function != "" {
			edge.ResponseHeadersPolicyFor(edgeCors(r.CORS))
		}
	}
}
