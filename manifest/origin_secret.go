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
}

func (v *validator) originSecret() {
	o := v.m.Legacy.OriginSecret
	if !headerName.MatchString(o.Header) {
		v.at("legacy.originSecret.header", "%q is not an HTTP header name (letters, digits and -)", o.Header)
	}
	if o.Generation < 1 {
		v.at("legacy.originSecret.generation", "%d; use 1 or more (raise it by one to rotate)", o.Generation)
	}
}
