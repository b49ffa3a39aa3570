package stacks

import (
	"path/filepath"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatchactions"
	"github.com/aws/jsii-runtime-go"

	"github.com/strangler-fig/strangler/constructs"
	"github.com/strangler-fig/strangler/manifest"
)

// CallerAuthFolder is the authorizer Lambda's folder beside the quota
// watch's (lambdas/caller-auth).
const CallerAuthFolder = "caller-auth"

// newOriginSecret is the secret header CloudFront (and everything on its
// side that calls the monolith) sends the monolith.
func (s *MigrationStack) newOriginSecret(m *manifest.Manifest) {
	o := m.Legacy.OriginSecret
	props := &constructs.OriginSecretProps{
		HeaderName: jsii.String(o.Header),
		Generation: jsii.Number(float64(o.Generation)),
	}
	if m.RotatesOriginSecret() {
		props.Rotation = s.originSecretRotationProps(m)
	}
	s.OriginSecret = constructs.NewOriginSecret(s.Stack, jsii.String("MonolithOrigin"), props)
	if s.OriginSecret.Rotation != nil {
		s.wireOriginSecretRotation()
	}
}

// newAuthorizers makes one CallerAuthorizer per mode the routes use.
func (s *MigrationStack) newAuthorizers(m *manifest.Manifest, entry string) {
	s.Authorizers = map[string]*constructs.CallerAuthorizer{}
	for _, mode := range m.AuthModes() {
		props := &constructs.CallerAuthorizerProps{
			Api:             s.Api.Api,
			Entry:           jsii.String(entry),
			Header:          jsii.String(m.Auth.Header),
			ResultsCacheTtl: awscdk.Duration_Seconds(jsii.Number(float64(*m.Auth.CacheTTLSeconds))),
			LogRetention:    retentionDays[m.Lambda.LogRetentionDays],
			Tracing:         jsii.Bool(m.Observability.TracingOn()),
		}
		switch mode {
		case manifest.AuthJWT:
			j := m.Auth.JWT
			props.Jwt = &constructs.JwtSettings{Issuer: j.Issuer, Audiences: j.Audiences, JwksUrl: j.JWKSURL, Algorithms: j.Algorithms,
				ClockSkew: awscdk.Duration_Seconds(jsii.Number(float64(*j.ClockSkewSeconds)))}
		case manifest.AuthDelegate:
			props.Delegate = &constructs.DelegateSettings{Url: m.DelegateURL(), OriginHeaderName: s.OriginSecret.HeaderName, OriginSecret: s.OriginSecret.Secret,
				SessionCookies: m.SessionCookiesInCacheKey()}
			if s.OriginSecret.Rotation != nil { // the active slot's, whichever it is
				props.Delegate.OriginSecretArn, props.Delegate.OriginSecretReadArns = s.OriginSecret.SecretArn, s.OriginSecret.ReadArns
			}
		}
		s.Authorizers[mode] = constructs.NewCallerAuthorizer(s.Stack, jsii.String("Auth"+pascal(mode)), props)
	}
}

// authorizerEntry is the authorizer's folder, beside the quota watch's.
func authorizerEntry(quotaWatchEntry string) string {
	return filepath.Join(filepath.Dir(quotaWatchEntry), CallerAuthFolder)
}

// newWebAcl makes the web ACL the manifest asks for (cloudFront.webAcl).
func (s *MigrationStack) newWebAcl(m *manifest.Manifest) {
	w := m.CloudFront.WebACL
	s.WebAcl = constructs.NewWebAcl(s.Stack, jsii.String("EdgeFirewall"), &constructs.WebAclProps{
		CountOnly:         jsii.Bool(w.Mode == manifest.WebACLCount),
		RateLimit:         jsii.Number(float64(w.RateLimit)),
		RateWindow:        awscdk.Duration_Seconds(jsii.Number(float64(w.RateWindowSeconds))),
		ManagedRuleGroups: jsii.Strings(w.ManagedRuleGroups...),
		NoLogging:         jsii.Bool(w.Logging != nil && !*w.Logging),
		Logging: &constructs.WebAclLoggingProps{
			Retention:       retentionDays[m.Lambda.LogRetentionDays],
			RedactedHeaders: []string{s.OriginSecret.HeaderName}, // CloudFront adds it after the web ACL: a viewer's own copy
		},
	})
}

// OriginKeyRotationFolder is the rotation Lambda's folder beside the quota
// watch's (lambdas/origin-key-rotation).
const OriginKeyRotationFolder = "origin-key-rotation"

func rotationEntry(quotaWatchEntry string) string {
	return filepath.Join(filepath.Dir(quotaWatchEntry), OriginKeyRotationFolder)
}

// newOriginKeyRotation replaces the origin key every
// apiGateway.originKeyRotationDays; a rotation that cannot start alarms.
func (s *MigrationStack) newOriginKeyRotation(m *manifest.Manifest, entry string) {
	s.OriginKeyRotation = constructs.NewOriginKeyRotation(s.Stack, jsii.String("OriginKeyRotator"), &constructs.OriginKeyRotationProps{
		Entry:        jsii.String(entry),
		Every:        awscdk.Duration_Days(jsii.Number(float64(*m.APIGateway.OriginKeyRotationDays))),
		LogRetention: retentionDays[m.Lambda.LogRetentionDays],
	})
	s.OriginKeyRotation.FailedAlarm.AddAlarmAction(awscloudwatchactions.NewSnsAction(s.Monitoring.Topic))
}
