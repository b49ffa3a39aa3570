// Package parity replays requests from CloudFront access logs against the
// monolith and a migrated route, and says how their answers differ.
//
// It follows Diffy's design: every request goes to the primary (the
// monolith) twice and to the candidate (the Lambda behind API Gateway, the
// CloudFront name, or a local server) once. What the two primary answers
// already disagree on (a request id, a timestamp, the Date header) is noise
// and is dropped from the primary-versus-candidate differences, for that
// request and, once seen, for the rest of the route's requests.
//
// Answers are compared on status, chosen headers and body: JSON bodies
// structurally (RFC 6902 patches from github.com/wI2L/jsondiff, then
// classified: missing, added and renamed fields, a number sent as a string,
// a reordered array, ...), other bodies byte for byte. Differences only in
// key order, whitespace or JSON spelling are reported as such and do not
// count against parity.
//
// One concern per file: request.go (what is replayed, and its URL),
// routes.go (which logged requests belong to which route), logs.go
// (reading the logs), send.go (HTTP), compare.go and jsonbody.go (the
// differences), locations.go (ignores and noise), tally.go (per-route
// counts and examples), run.go (the replay loop), report.go and html.go
// (output).
package parity
