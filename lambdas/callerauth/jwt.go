package callerauth

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// JWTConfig says which tokens are good.
type JWTConfig struct {
	// Issuer the "iss" claim must equal. Required.
	Issuer string
	// Audiences of which "aud" must name at least one. Required.
	Audiences []string
	// JWKSURL serving the issuer's public keys. Required.
	JWKSURL string
	// Algorithms accepted, e.g. RS256, ES256 ("none" never is). Default: RS256.
	Algorithms []string
	// ClockSkew allowed on exp, nbf and iat. Default: 0.
	ClockSkew time.Duration
	// KeySetMaxAge: the key set is fetched again after it. Default: 1 hour.
	KeySetMaxAge time.Duration
	// MinRefresh between two fetches caused by unknown key ids. Default: 1 minute.
	MinRefresh time.Duration
	// Client fetching the key set. Default: one with a 3-second timeout.
	Client *http.Client
	// Now is the clock. Default: time.Now.
	Now func() time.Time
}

// JWTVerifier checks signed JWTs against an issuer's JWKS.
type JWTVerifier struct {
	cfg  JWTConfig
	algs []jose.SignatureAlgorithm
	keys *keySet
}

// NewJWTVerifier checks cfg and fills its defaults.
func NewJWTVerifier(cfg JWTConfig) (*JWTVerifier, error) {
	if cfg.Issuer == "" || len(cfg.Audiences) == 0 || cfg.JWKSURL == "" {
		return nil, fmt.Errorf("jwt: issuer, audiences and JWKS URL are required")
	}
	if len(cfg.Algorithms) == 0 {
		cfg.Algorithms = []string{string(jose.RS256)}
	}
	v := &JWTVerifier{cfg: cfg}
	for _, a := range cfg.Algorithms {
		if !slices.Contains(SignatureAlgorithms, a) {
			return nil, fmt.Errorf("jwt: algorithm %q is not one of %s", a, strings.Join(SignatureAlgorithms, ", "))
		}
		v.algs = append(v.algs, jose.SignatureAlgorithm(a))
	}
	if cfg.KeySetMaxAge == 0 {
		cfg.KeySetMaxAge = time.Hour
	}
	if cfg.MinRefresh == 0 {
		cfg.MinRefresh = time.Minute
	}
	if cfg.Client == nil {
		cfg.Client = &http.Client{Timeout: 3 * time.Second}
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	v.cfg = cfg
	v.keys = &keySet{url: cfg.JWKSURL, client: cfg.Client, maxAge: cfg.KeySetMaxAge, minRefresh: cfg.MinRefresh, now: cfg.Now}
	return v, nil
}

// SignatureAlgorithms a JWT may be signed with: asymmetric only (a shared
// HMAC secret would have to live in the authorizer), and never "none".
var SignatureAlgorithms = []string{"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}

// extraClaims are read beside the registered ones.
type extraClaims struct {
	Scope string   `json:"scope"`
	Scp   []string `json:"scp"`
}

// Verify implements Verifier.
func (v *JWTVerifier) Verify(ctx context.Context, credential string) (Caller, error) {
	token := bearer(credential)
	tok, err := jwt.ParseSigned(token, v.algs)
	if err != nil {
		return Caller{}, fmt.Errorf("%w: %v", ErrUnauthorized, err)
	}
	h := tok.Headers[0]
	if h.KeyID == "" {
		return Caller{}, fmt.Errorf("%w: token has no key id (kid)", ErrUnauthorized)
	}
	key, err := v.keys.key(ctx, h.KeyID)
	if err != nil {
		return Caller{}, err
	}
	if key.Algorithm != "" && key.Algorithm != h.Algorithm {
		return Caller{}, fmt.Errorf("%w: key %q is for %s, token says %s", ErrUnauthorized, h.KeyID, key.Algorithm, h.Algorithm)
	}
	var claims jwt.Claims
	var extra extraClaims
	if err := tok.Claims(key.Key, &claims, &extra); err != nil {
		return Caller{}, fmt.Errorf("%w: %v", ErrUnauthorized, err)
	}
	if claims.Expiry == nil {
		return Caller{}, fmt.Errorf("%w: token has no expiry (exp)", ErrUnauthorized)
	}
	expected := jwt.Expected{Issuer: v.cfg.Issuer, AnyAudience: v.cfg.Audiences, Time: v.cfg.Now()}
	if err := claims.ValidateWithLeeway(expected, v.cfg.ClockSkew); err != nil {
		return Caller{}, fmt.Errorf("%w: %v", ErrUnauthorized, err)
	}
	if claims.Subject == "" {
		return Caller{}, fmt.Errorf("%w: token has no subject (sub)", ErrUnauthorized)
	}
	scopes := strings.Fields(extra.Scope)
	if len(scopes) == 0 {
		scopes = extra.Scp
	}
	return Caller{Subject: claims.Subject, Scopes: scopes}, nil
}
