// Package callerauth authenticates the callers of migrated routes as the
// monolith did, before any route's function runs: it is the logic of the
// API Gateway Lambda REQUEST authorizer (binary lambdas/caller-auth).
//
// Two modes, one per authorizer:
//
//   - jwt: the credential (by default the Authorization header, "Bearer "
//     optional) is a JWS-signed JWT checked against the issuer's JWKS:
//     signature with one of the allowed algorithms (never "none"), key id
//     known (the key set is fetched again when a token names a key it does
//     not hold, at most once per MinRefresh, so a rotated key is picked up),
//     iss, aud, exp (required), nbf and iat within the clock skew, sub present.
//   - delegate: the credential is sent to the monolith's own token or
//     session endpoint, which answers 200 with {"sub": ..., "scope": ...}
//     for a valid one and 401/403 otherwise: the strangler way of reusing
//     the sessions callers already have.
//
// Outcomes, fail closed: a valid credential gives an Allow policy on the
// whole API stage (API Gateway caches the answer per credential for the
// authorizer's TTL and applies it to every method, so it must not name one
// method), with the caller's subject and scopes in the context handlers read
// (httpadapter.CallerFrom). A missing or invalid credential is
// ErrUnauthorized, API Gateway's literal "Unauthorized" (401, not cached as
// an Allow). When the JWKS or the session endpoint cannot answer, the
// authorizer fails with ErrUnavailable, which API Gateway turns into its
// AUTHORIZER_CONFIGURATION_ERROR response (the stack maps it to 503): no
// request goes through unauthenticated, and the function is never invoked.
package callerauth
