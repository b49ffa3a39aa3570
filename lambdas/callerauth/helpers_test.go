package callerauth

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

const (
	testIssuer   = "https://issuer.test/"
	testAudience = "strangler-api"
)

// testKey is a signing key with its kid.
type testKey struct {
	kid  string
	priv *ecdsa.PrivateKey
}

func newTestKey(t *testing.T, kid string) testKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return testKey{kid: kid, priv: k}
}

func (k testKey) public() jose.JSONWebKey {
	return jose.JSONWebKey{Key: &k.priv.PublicKey, KeyID: k.kid, Algorithm: "ES256", Use: "sig"}
}

// sign makes a compact JWS with the registered claims and extra ones.
func (k testKey) sign(t *testing.T, c jwt.Claims, extra map[string]any) string {
	t.Helper()
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: k.priv},
		(&jose.SignerOptions{}).WithType("JWT").WithHeader("kid", k.kid))
	if err != nil {
		t.Fatal(err)
	}
	b := jwt.Signed(signer).Claims(c)
	if extra != nil {
		b = b.Claims(extra)
	}
	s, err := b.Serialize()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// jwksServer serves a key set on 127.0.0.1 that a test may change, and
// counts fetches.
type jwksServer struct {
	*httptest.Server
	mu      sync.Mutex
	keys    []jose.JSONWebKey
	fetches atomic.Int32
}

func newJWKSServer(t *testing.T, keys ...testKey) *jwksServer {
	s := &jwksServer{}
	s.set(keys...)
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fetches.Add(1)
		s.mu.Lock()
		defer s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(jose.JSONWebKeySet{Keys: s.keys})
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *jwksServer) set(keys ...testKey) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.keys = nil
	for _, k := range keys {
		s.keys = append(s.keys, k.public())
	}
}

// clock is a settable time.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

var epoch = time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)

// goodClaims are valid at epoch.
func goodClaims() jwt.Claims {
	return jwt.Claims{
		Issuer: testIssuer, Audience: jwt.Audience{testAudience}, Subject: "42",
		IssuedAt: jwt.NewNumericDate(epoch.Add(-time.Minute)), NotBefore: jwt.NewNumericDate(epoch.Add(-time.Minute)),
		Expiry: jwt.NewNumericDate(epoch.Add(10 * time.Minute)),
	}
}
