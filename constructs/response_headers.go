package constructs

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfront"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/cors"
)

// SecurityHeaders configures the browser security headers EdgeDistribution
// adds to the answers of API routes (a CloudFront response headers
// policy): Strict-Transport-Security, X-Content-Type-Options: nosniff,
// X-Frame-Options and Referrer-Policy. The monolith's behaviours get none:
// what it sends today stays as it is.
type SecurityHeaders struct {
	// Disabled adds none. Default: false (they are added).
	Disabled bool
	// Override replaces a header the answer already has (from the function,
	// or the monolith on a failover or a share still there). Default:
	// false: the answer's own header wins.
	Override bool
	// HstsMaxAgeSeconds of Strict-Transport-Security; browsers apply it to
	// the whole host. Default: 31536000 (a year).
	HstsMaxAgeSeconds int
	// HstsIncludeSubdomains adds includeSubDomains. Default: false.
	HstsIncludeSubdomains bool
	// FrameOption of X-Frame-Options. Default: DENY.
	FrameOption awscloudfront.HeadersFrameOption
	// ReferrerPolicy. Default: strict-origin-when-cross-origin.
	ReferrerPolicy awscloudfront.HeadersReferrerPolicy
}

// defaultCorsHeaders are allowed when a Cors policy names none: what a
// browser calling an authenticated JSON API sends beyond the safelisted.
var defaultCorsHeaders = []string{"Authorization", "Content-Type"}

// corsHeaders are the headers a policy allows: its own, else the defaults.
// The preflight (the cut-over function) and the answers (the response
// headers policy) say the same.
func corsHeaders(h []string) []string {
	if len(h) == 0 {
		return defaultCorsHeaders
	}
	return h
}

// responseHeaders makes one response headers policy per distinct pair of
// security headers and CORS (CloudFront takes one per behaviour, and an
// account has few: awslimits.CloudFrontResponseHeadersPoliciesPerAccount).
type responseHeaders struct {
	policies map[string]awscloudfront.IResponseHeadersPolicy
}

// ResponseHeadersPolicyFor is the response headers policy AddApiRoute
// gives a route with Cors c (nil: none): the security headers and c, made
// once per distinct pair; nil when it would add nothing. Call it ahead for
// the CORS of routes that may be rolled back (sent to the monolith), so
// that rolling the last one back removes no policy: rollback stays one
// behaviour in cdk diff. (The security-only policy is made with the
// distribution when it has an API.)
func (d *EdgeDistribution) ResponseHeadersPolicyFor(c *cors.Policy) awscloudfront.IResponseHeadersPolicy {
	s := d.props.SecurityHeaders
	if s == nil {
		s = &SecurityHeaders{}
	}
	if s.Disabled && c == nil {
		return nil
	}
	key := fmt.Sprintf("security=%+v", *s)
	if s.Disabled {
		key = "security=off"
	}
	if c != nil {
		if err := c.Error("ApiRouteOptions.Cors"); err != nil {
			d.problems.add("%v", err)
		}
		key += " cors=" + c.Key()
	}
	if d.responseHeaders.policies == nil {
		d.responseHeaders.policies = map[string]awscloudfront.IResponseHeadersPolicy{}
	}
	if p, ok := d.responseHeaders.policies[key]; ok {
		return p
	}
	props := &awscloudfront.ResponseHeadersPolicyProps{}
	comment := "Migrated API: "
	if !s.Disabled {
		props.SecurityHeadersBehavior = securityHeadersBehavior(s)
		comment += "security headers (HSTS, nosniff, frame options, referrer policy)"
	}
	if c != nil {
		props.CorsBehavior = corsBehavior(c)
		if !s.Disabled {
			comment += " and "
		}
		comment += "CORS for " + fmt.Sprint(c.AllowOrigins)
	}
	if len(comment) > 128 {
		comment = comment[:125] + "..."
	}
	props.Comment = jsii.String(comment)
	// Named by what it holds, not by position: adding a route renames nothing.
	sum := sha256.Sum256([]byte(key))
	id := "ResponseHeaders" + hex.EncodeToString(sum[:4])
	p := awscloudfront.NewResponseHeadersPolicy(d.Construct, jsii.String(id), props)
	d.responseHeaders.policies[key] = p
	return p
}

func securityHeadersBehavior(s *SecurityHeaders) *awscloudfront.ResponseSecurityHeadersBehavior {
	override := jsii.Bool(s.Override)
	hsts := s.HstsMaxAgeSeconds
	if hsts == 0 {
		hsts = 31536000
	}
	frame := s.FrameOption
	if frame == "" {
		frame = awscloudfront.HeadersFrameOption_DENY
	}
	referrer := s.ReferrerPolicy
	if referrer == "" {
		referrer = awscloudfront.HeadersReferrerPolicy_STRICT_ORIGIN_WHEN_CROSS_ORIGIN
	}
	return &awscloudfront.ResponseSecurityHeadersBehavior{
		StrictTransportSecurity: &awscloudfront.ResponseHeadersStrictTransportSecurity{
			AccessControlMaxAge: awscdk.Duration_Seconds(jsii.Number(float64(hsts))),
			IncludeSubdomains:   jsii.Bool(s.HstsIncludeSubdomains),
			Override:            override,
		},
		ContentTypeOptions: &awscloudfront.ResponseHeadersContentTypeOptions{Override: override},
		FrameOptions:       &awscloudfront.ResponseHeadersFrameOptions{FrameOption: frame, Override: override},
		ReferrerPolicy:     &awscloudfront.ResponseHeadersReferrerPolicy{ReferrerPolicy: referrer, Override: override},
	}
}

// corsBehavior puts the CORS headers on every answer to a browser of an
// allowed origin; a header the answer already has wins (OriginOverride
// false), so a function that does its own CORS keeps it.
func corsBehavior(c *cors.Policy) *awscloudfront.ResponseHeadersCorsBehavior {
	headers := corsHeaders(c.AllowHeaders)
	b := &awscloudfront.ResponseHeadersCorsBehavior{
		AccessControlAllowOrigins:     jsii.Strings(c.AllowOrigins...),
		AccessControlAllowMethods:     jsii.Strings(c.AllowMethods...),
		AccessControlAllowHeaders:     jsii.Strings(headers...),
		AccessControlAllowCredentials: jsii.Bool(c.AllowCredentials),
		OriginOverride:                jsii.Bool(false),
	}
	if len(c.ExposeHeaders) > 0 {
		b.AccessControlExposeHeaders = jsii.Strings(c.ExposeHeaders...)
	}
	if c.MaxAgeSeconds > 0 {
		b.AccessControlMaxAge = awscdk.Duration_Seconds(jsii.Number(float64(c.MaxAgeSeconds)))
	}
	return b
}
