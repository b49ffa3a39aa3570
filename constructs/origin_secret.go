package constructs

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2/awssecretsmanager"
	awsconstructs "github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// OriginSecretProps configure an OriginSecret. All are optional.
type OriginSecretProps struct {
	// HeaderName CloudFront sends the secret in. Default: "X-Origin-Verify".
	HeaderName *string
	// Generation rotates the secret: raised by one, a new secret replaces
	// the old one in one deploy (see OriginSecret). Default: 1.
	Generation *float64
	// Description of the secret. Default: a sentence saying what it is.
	Description *string
	// Rotation replaces the value on a schedule, through two slot secrets
	// (see OriginSecretRotationProps). Default: none (rotated by Generation).
	Rotation *OriginSecretRotationProps
}

// OriginSecret is a generated value CloudFront adds, as a custom origin
// header, to every request it sends the monolith ("origin cloaking"): the
// monolith (or a WAF in front of it) refuses requests without it, so it is
// reachable only through CloudFront. Add Headers to the monolith's origin
// (EdgeDistributionProps.LegacyOriginHeaders) and to whatever else calls
// the monolith on CloudFront's side (ProxyApiProps.MonolithHeaders, the
// delegate authorizer).
//
// Rotation: raise Generation and deploy. CloudFormation creates the new
// secret, updates the distribution (CloudFront then sends the new value
// within minutes as the change propagates) and deletes the old secret
// last. The monolith must accept both values for that window: read the
// header's accepted values from both secrets (or a list), as
// docs/security.md shows.
type OriginSecret struct {
	awsconstructs.Construct
	// Secret holding the value (escape hatch; readers: see docs/security.md).
	Secret awssecretsmanager.Secret
	// HeaderName the value travels in.
	HeaderName string
	// Headers is {HeaderName: dynamic reference to the value}, resolved by
	// CloudFormation at deploy time: the value is never in the template.
	Headers map[string]*string
	// SecretArn is the ARN of the secret whose value is sent (the active
	// slot's with Rotation); ReadArns every secret a sender may be switched
	// to: grant reading all of them, so a switch never outruns a policy.
	SecretArn *string
	ReadArns  []*string
	// Rotation: the slots, parameters, function and schedule; nil without.
	Rotation *OriginSecretRotation
}

// NewOriginSecret makes the secret.
func NewOriginSecret(scope awsconstructs.Construct, id *string, props *OriginSecretProps) *OriginSecret {
	if props == nil {
		props = &OriginSecretProps{}
	}
	generation := int(*orNumber(props.Generation, 1))
	if generation < 1 {
		panic(fmt.Sprintf("%s: OriginSecretProps.Generation %d; use 1 or more", constructPath(scope, id), generation))
	}
	this := &OriginSecret{Construct: awsconstructs.NewConstruct(scope, id), HeaderName: *orString(props.HeaderName, "X-Origin-Verify")}
	suffix := ""
	if generation > 1 {
		suffix = fmt.Sprint(generation)
	}
	// With a rotation too: the same construct ID and properties, so turning
	// rotation on leaves this secret as it is, and slot A starts as a copy
	// of its value (see rotate).
	secret := awssecretsmanager.NewSecret(this.Construct, jsii.String("Value"+suffix), &awssecretsmanager.SecretProps{
		Description: orString(props.Description, "Value CloudFront sends the monolith in "+this.HeaderName+": requests without it did not come through CloudFront"),
		GenerateSecretString: &awssecretsmanager.SecretStringGenerator{
			PasswordLength:     jsii.Number(48),
			ExcludePunctuation: jsii.Bool(true),
		},
	})
	if props.Rotation != nil {
		SuppressNag(secret, NagSuppression{ID: "AwsSolutions-SMG4",
			Reason: "The value sent before scheduled rotation was turned on, kept so that turning it on changes no value anyone sends: slot A starts as a copy of it, and the slots are rotated on a schedule. Nothing sends or reads this secret."})
		this.rotate(generation, props.Rotation, secret)
		return this
	}
	this.Secret = secret
	SuppressNag(this.Secret, NagSuppression{ID: "AwsSolutions-SMG4",
		Reason: "CloudFront's origin custom headers are part of the distribution's configuration, which only a distribution update changes: a Secrets Manager rotation Lambda would change the secret while CloudFront kept sending the old value. " +
			"It is rotated by deploy instead (raise the generation: new secret, distribution updated, old secret deleted last), with the monolith accepting both values meanwhile."})
	this.Headers = map[string]*string{this.HeaderName: this.Secret.SecretValue().UnsafeUnwrap()}
	this.SecretArn = this.Secret.SecretArn()
	this.ReadArns = []*string{this.SecretArn}
	return this
}
