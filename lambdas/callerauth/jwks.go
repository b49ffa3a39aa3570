package callerauth

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/go-jose/go-jose/v4"
)

// maxJWKSBytes bounds a key set read: a real one is a few KB.
const maxJWKSBytes = 1 << 20

// keySet is an issuer's JWKS, fetched on first use, again after MaxAge,
// and again when a token names a key it lacks (at most once per
// MinRefresh, so a flood of made-up key ids costs one fetch, not one each).
type keySet struct {
	url        string
	client     *http.Client
	maxAge     time.Duration
	minRefresh time.Duration
	now        func() time.Time

	mu      sync.Mutex
	keys    *jose.JSONWebKeySet
	fetched time.Time
}

// key returns the signing key kid, fetching the set when needed. An
// unknown kid after a fresh set is ErrUnauthorized; a set that cannot be
// fetched, with no usable copy, is ErrUnavailable.
func (s *keySet) key(ctx context.Context, kid string) (*jose.JSONWebKey, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	stale := s.keys == nil || now.Sub(s.fetched) >= s.maxAge
	if !stale {
		if k := find(s.keys, kid); k != nil {
			return k, nil
		}
		if now.Sub(s.fetched) < s.minRefresh {
			return nil, fmt.Errorf("%w: key id %q not in the issuer's key set", ErrUnauthorized, kid)
		}
	}
	keys, err := s.fetch(ctx)
	if err != nil {
		if s.keys == nil {
			return nil, fmt.Errorf("%w: JWKS %s: %v", ErrUnavailable, s.url, err)
		}
		// Keep the copy we have; try again after minRefresh.
		s.fetched = now.Add(s.minRefresh - s.maxAge)
	} else {
		s.keys, s.fetched = keys, now
	}
	if k := find(s.keys, kid); k != nil {
		return k, nil
	}
	return nil, fmt.Errorf("%w: key id %q not in the issuer's key set", ErrUnauthorized, kid)
}

func (s *keySet) fetch(ctx context.Context) (*jose.JSONWebKeySet, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("status %d", resp.StatusCode)
	}
	var set jose.JSONWebKeySet
	if err := json.NewDecoder(io.LimitReader(resp.Body, maxJWKSBytes)).Decode(&set); err != nil {
		return nil, fmt.Errorf("not a JWKS: %v", err)
	}
	return &set, nil
}

// find returns the public signing key kid of set, or nil.
func find(set *jose.JSONWebKeySet, kid string) *jose.JSONWebKey {
	for _, k := range set.Key(kid) {
		if k.Use == "" || k.Use == "sig" {
			if k.IsPublic() {
				return &k
			}
		}
	}
	return nil
}
