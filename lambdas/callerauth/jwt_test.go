package callerauth

import (
	"context"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

func newVerifier(t *testing.T, url string, c *clock) *JWTVerifier {
	t.Helper()
	v, err := NewJWTVerifier(JWTConfig{
		Issuer: testIssuer, Audiences: []string{testAudience}, JWKSURL: url, Algorithms: []string{"ES256"},
		ClockSkew: 30 * time.Second, MinRefresh: time.Minute, Now: c.now,
	})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestJWTVerifier(t *testing.T) {
	k1 := newTestKey(t, "k1")
	stranger := newTestKey(t, "k1") // same kid, another key: a forged signature
	srv := newJWKSServer(t, k1)
	mod := func(f func(*jwt.Claims)) jwt.Claims { c := goodClaims(); f(&c); return c }
	cases := []struct {
		name  string
		token string
		want  error // nil: accepted
	}{
		{"valid", k1.sign(t, goodClaims(), map[string]any{"scope": "users:read orders:read"}), nil},
		{"valid with Bearer", "Bearer " + k1.sign(t, goodClaims(), nil), nil},
		{"expired", k1.sign(t, mod(func(c *jwt.Claims) { c.Expiry = jwt.NewNumericDate(epoch.Add(-time.Minute)) }), nil), ErrUnauthorized},
		{"expired within skew", k1.sign(t, mod(func(c *jwt.Claims) { c.Expiry = jwt.NewNumericDate(epoch.Add(-20 * time.Second)) }), nil), nil},
		{"not yet valid", k1.sign(t, mod(func(c *jwt.Claims) { c.NotBefore = jwt.NewNumericDate(epoch.Add(time.Minute)) }), nil), ErrUnauthorized},
		{"no expiry", k1.sign(t, mod(func(c *jwt.Claims) { c.Expiry = nil }), nil), ErrUnauthorized},
		{"wrong audience", k1.sign(t, mod(func(c *jwt.Claims) { c.Audience = jwt.Audience{"other-api"} }), nil), ErrUnauthorized},
		{"wrong issuer", k1.sign(t, mod(func(c *jwt.Claims) { c.Issuer = "https://evil.test/" }), nil), ErrUnauthorized},
		{"no subject", k1.sign(t, mod(func(c *jwt.Claims) { c.Subject = "" }), nil), ErrUnauthorized},
		{"signed by another key", stranger.sign(t, goodClaims(), nil), ErrUnauthorized},
		{"unknown key id", newTestKey(t, "k9").sign(t, goodClaims(), nil), ErrUnauthorized},
		{"alg none", unsigned(t, `{"alg":"none","kid":"k1","typ":"JWT"}`), ErrUnauthorized},
		{"alg HS256 keyed with the public key", hs256(t), ErrUnauthorized},
		{"garbage", "not.a.token", ErrUnauthorized},
	}
	c := &clock{t: epoch}
	v := newVerifier(t, srv.URL, c)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			caller, err := v.Verify(context.Background(), tc.token)
			if tc.want == nil {
				if err != nil || caller.Subject != "42" {
					t.Fatalf("Verify = %+v, %v; want subject 42", caller, err)
				}
				return
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("Verify = %+v, %v; want %v", caller, err, tc.want)
			}
		})
	}
	caller, _ := v.Verify(context.Background(), cases[0].token)
	if strings.Join(caller.Scopes, ",") != "users:read,orders:read" {
		t.Errorf("scopes = %q", caller.Scopes)
	}
	// One fetch for every case: unknown kids within MinRefresh of it cost
	// nothing; after it, the first one fetches the set again, the next not.
	if n := srv.fetches.Load(); n != 1 {
		t.Errorf("JWKS fetched %d times, want 1", n)
	}
	c.add(2 * time.Minute)
	for _, kid := range []string{"k7", "k8"} {
		if _, err := v.Verify(context.Background(), newTestKey(t, kid).sign(t, goodClaims(), nil)); !errors.Is(err, ErrUnauthorized) {
			t.Errorf("unknown kid %s: %v", kid, err)
		}
	}
	if n := srv.fetches.Load(); n != 2 {
		t.Errorf("JWKS fetched %d times, want 2", n)
	}
}

// unsigned is a token with the given header, claims of goodClaims and no signature.
func unsigned(t *testing.T, header string) string {
	enc := base64.RawURLEncoding
	payload := `{"iss":"` + testIssuer + `","aud":"` + testAudience + `","sub":"42","exp":` + itoa(epoch.Add(time.Hour).Unix()) + `}`
	return enc.EncodeToString([]byte(header)) + "." + enc.EncodeToString([]byte(payload)) + "."
}

// hs256 signs with HMAC keyed by bytes an attacker knows: the algorithm
// confusion attack; ES256 only is allowed, so it must fail.
func hs256(t *testing.T) string {
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.HS256, Key: []byte("public-key-bytes-known-to-everyone")},
		(&jose.SignerOptions{}).WithHeader("kid", "k1"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := jwt.Signed(signer).Claims(goodClaims()).Serialize()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// Key rotation: the issuer adds k2 and later drops k1. A token signed with
// k2 is accepted once MinRefresh has passed since the last fetch; after
// the set is fetched again without k1, k1's tokens are refused.
func TestJWTVerifierKeyRotation(t *testing.T) {
	k1, k2 := newTestKey(t, "k1"), newTestKey(t, "k2")
	srv := newJWKSServer(t, k1)
	c := &clock{t: epoch}
	v := newVerifier(t, srv.URL, c)
	ctx := context.Background()
	if _, err := v.Verify(ctx, k1.sign(t, goodClaims(), nil)); err != nil {
		t.Fatalf("k1 before rotation: %v", err)
	}
	srv.set(k1, k2)
	c.add(2 * time.Minute)
	claims := goodClaims()
	claims.Expiry = jwt.NewNumericDate(epoch.Add(time.Hour))
	if _, err := v.Verify(ctx, k2.sign(t, claims, nil)); err != nil {
		t.Fatalf("k2 after the issuer added it: %v", err)
	}
	srv.set(k2)
	c.add(61 * time.Minute) // past KeySetMaxAge: the set is fetched again
	claims.Expiry = jwt.NewNumericDate(epoch.Add(2 * time.Hour))
	if _, err := v.Verify(ctx, k1.sign(t, claims, nil)); !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("k1 after the issuer dropped it: %v, want ErrUnauthorized", err)
	}
	if _, err := v.Verify(ctx, k2.sign(t, claims, nil)); err != nil {
		t.Fatalf("k2 after rotation: %v", err)
	}
}

// The JWKS endpoint down: nothing is let through, and the error says the
// check could not run (a 503), not that the caller is wrong.
func TestJWTVerifierJWKSDown(t *testing.T) {
	k1 := newTestKey(t, "k1")
	srv := newJWKSServer(t, k1)
	srv.Close()
	v := newVerifier(t, srv.URL, &clock{t: epoch})
	caller, err := v.Verify(context.Background(), k1.sign(t, goodClaims(), nil))
	if !errors.Is(err, ErrUnavailable) || caller.Subject != "" {
		t.Fatalf("Verify = %+v, %v; want ErrUnavailable and no caller", caller, err)
	}
}

func TestNewJWTVerifierRefusesBadConfig(t *testing.T) {
	for _, cfg := range []JWTConfig{
		{Audiences: []string{"a"}, JWKSURL: "https://x/jwks"},
		{Issuer: "i", JWKSURL: "https://x/jwks"},
		{Issuer: "i", Audiences: []string{"a"}, JWKSURL: "https://x/jwks", Algorithms: []string{"none"}},
		{Issuer: "i", Audiences: []string{"a"}, JWKSURL: "https://x/jwks", Algorithms: []string{"HS256"}},
	} {
		if _, err := NewJWTVerifier(cfg); err == nil {
			t.Errorf("NewJWTVerifier(%+v) accepted", cfg)
		}
	}
}
