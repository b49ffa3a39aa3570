package manifest

import (
	"slices"
	"strings"

	"github.com/strangler-fig/strangler/awslimits"
)

// SecurityHeaders are the browser security headers CloudFront adds to the
// answers of migrated routes (a response headers policy on their
// behaviours; the monolith's behaviours are left as they are). A header
// the function (or the monolith, for a route's share still there) already
// sets is kept unless Override.
type SecurityHeaders struct {
	// Enabled adds Strict-Transport-Security, X-Content-Type-Options:
	// nosniff, X-Frame-Options and Referrer-Policy. Default: true.
	Enabled *bool `yaml:"enabled,omitempty" json:"enabled,omitempty"`
	// Override replaces those headers when the answer already has them.
	// Default: false (what the function or monolith says wins).
	Override bool `yaml:"override,omitempty" json:"override,omitempty"`
	// HSTSMaxAgeSeconds of Strict-Transport-Security. A browser applies it
	// to the whole host, not only the migrated paths. Default: 31536000
	// (one year).
	HSTSMaxAgeSeconds int `yaml:"hstsMaxAgeSeconds,omitempty" json:"hstsMaxAgeSeconds,omitempty"`
	// HSTSIncludeSubdomains adds includeSubDomains: every subdomain of the
	// public name must then answer HTTPS. Default: false.
	HSTSIncludeSubdomains bool `yaml:"hstsIncludeSubdomains,omitempty" json:"hstsIncludeSubdomains,omitempty"`
	// FrameOptions: DENY or SAMEORIGIN. Default: DENY (an API is never framed).
	FrameOptions string `yaml:"frameOptions,omitempty" json:"frameOptions,omitempty"`
	// ReferrerPolicy, one of CloudFront's: no-referrer,
	// no-referrer-when-downgrade, origin, origin-when-cross-origin,
	// same-origin, strict-origin, strict-origin-when-cross-origin,
	// unsafe-url. Default: strict-origin-when-cross-origin.
	ReferrerPolicy string `yaml:"referrerPolicy,omitempty" json:"referrerPolicy,omitempty"`
}

// Security header defaults.
const (
	DefaultHSTSMaxAgeSeconds = 31536000
	DefaultFrameOptions      = "DENY"
	DefaultReferrerPolicy    = "strict-origin-when-cross-origin"
)

// On says whether CloudFront adds the headers.
func (s SecurityHeaders) On() bool { return s.Enabled == nil || *s.Enabled }

func (m *Manifest) applySecurityHeaderDefaults() {
	s := &m.CloudFront.SecurityHeaders
	if s.Enabled == nil {
		s.Enabled = ptr(true)
	}
	if s.HSTSMaxAgeSeconds == 0 {
		s.HSTSMaxAgeSeconds = DefaultHSTSMaxAgeSeconds
	}
	if s.FrameOptions == "" {
		s.FrameOptions = DefaultFrameOptions
	}
	s.FrameOptions = strings.ToUpper(s.FrameOptions)
	if s.ReferrerPolicy == "" {
		s.ReferrerPolicy = DefaultReferrerPolicy
	}
	if m.CloudFront.ResponseHeadersPolicyQuota == 0 {
		m.CloudFront.ResponseHeadersPolicyQuota = awslimits.CloudFrontResponseHeadersPoliciesPerAccount
	}
}

// responseHeadersPolicies counts the policies the stack makes (one per
// distinct cors of a route with a function, rolled-back ones included, so
// that rolling back removes none; with security headers on, one more for
// API routes without cors) against the account's quota.
func (v *validator) responseHeadersPolicies() {
	policies := map[string]bool{}
	for _, r := range v.m.Routes {
		if (r.Function != "" || r.Via == ViaAPIGateway) && (r.CORS != nil || v.m.CloudFront.SecurityHeaders.On()) {
			policies[r.CORS.key()] = true
		}
	}
	if q := v.m.CloudFront.ResponseHeadersPolicyQuota; q >= 1 && len(policies) > q {
		v.at("cloudFront.responseHeadersPolicyQuota", "the routes need %d CloudFront response headers policies (one per distinct cors, with the security headers) but the account quota is %d, shared with other stacks; give more routes the same cors (the default), or raise the quota and set cloudFront.responseHeadersPolicyQuota", len(policies), q)
	}
}

func (v *validator) securityHeaders() {
	s := v.m.CloudFront.SecurityHeaders
	if !slices.Contains(awslimits.CloudFrontFrameOptions, s.FrameOptions) {
		v.at("cloudFront.securityHeaders.frameOptions", "%q; use %s", s.FrameOptions, strings.Join(awslimits.CloudFrontFrameOptions, " or "))
	}
	if !slices.Contains(awslimits.CloudFrontReferrerPolicies, s.ReferrerPolicy) {
		v.at("cloudFront.securityHeaders.referrerPolicy", "%q is not one of %s", s.ReferrerPolicy, strings.Join(awslimits.CloudFrontReferrerPolicies, ", "))
	}
	if s.HSTSMaxAgeSeconds < 0 {
		v.at("cloudFront.securityHeaders.hstsMaxAgeSeconds", "%d; give seconds, e.g. 31536000 (a year)", s.HSTSMaxAgeSeconds)
	}
}
