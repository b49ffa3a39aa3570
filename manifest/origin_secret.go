package manifest

import "regexp"

// OriginSecret is the secret header CloudFront adds to every request to
// the monolith; the monolith checks it (docs/security.md has a one-line
// check for nginx, Apache and Express).
type OriginSecret struct {
	// Header name. Default: "X-Origin-Verify".
	Header string `yaml:"header,omitempty" json:"header,omitempty"`
	// Generation rotates the secret: raise it by one and deploy; a new
	// value replaces the old one, and the monolith must accept both until
	// the distribution has switched. Default: 1.
	Generation int `yaml:"generation,omitempty" json:"generation,omitempty"`
	// RotationDays replaces the value on a schedule, every this many days,
	// without an outage: two slot secrets, a new value in the idle one,
	// CloudFront switched to it RefreshHours later (see
	// origin_secret_rotation.go and docs/security.md). The monolith must
	// accept both slots' values, read from Secrets Manager. Default: 0
	// (off: rotated by Generation and a deploy).
	RotationDays int `yaml:"rotationDays,omitempty" json:"rotationDays,omitempty"`
	// RefreshHours is how long the monolith may take to accept a new value
	// (its fetcher's interval, with a margin): CloudFront switches to the
	// new value this long after it was made. Only with RotationDays.
	// Default: 1.
	RefreshHours int `yaml:"refreshHours,omitempty" json:"refreshHours,omitempty"`
}

// DefaultOriginSecretHeader names the origin secret's header.
const DefaultOriginSecretHeader = "X-Origin-Verify"

// headerName is an HTTP header name CloudFront accepts as a custom header.
var headerName = regexp.MustCompile(`^[A-Za-z0-9-]{1,256}$`)

func (m *Manifest) applyOriginSecretDefaults() {
	o := &m.Legacy.OriginSecret
	if o.Header == "" {
		o.Header = DefaultOriginSecretHeader
	}
	if o.Generation == 0 {
		o.Generation = 1
	}
	o.applyRotationDefaults()
}

func (v *validator) originSecret() {
	o := v.m.Legacy.OriginSecret
	if !headerName.MatchString(o.Header) {
		v.at("legacy.originSecret.header", "%q is not an HTTP header name (letters, digits and -)", o.Header)
	}
	if o.Generation < 1 {
		v.at("legacy.originSecret.generation", "%d; use 1 or more (raise it by one to rotate)", o.Generation)
	}
	v.originSecretRotation()
}
