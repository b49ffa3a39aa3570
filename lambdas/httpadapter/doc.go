// Package httpadapter runs a plain [net/http.Handler] as an AWS Lambda function
// behind Amazon API Gateway. It is the only package in this module that knows
// the shape of API Gateway events.
//
// An [Adapter] takes the raw event JSON, detects the payload format from the
// event itself (REST API / payload format 1.0, or HTTP API payload format 2.0
// when "version" is "2.0"), builds the [*http.Request] a Go HTTP server would
// have built, runs the handler against a buffering ResponseWriter, and encodes
// the matching response event. A main package only needs:
//
//	func main() { httpadapter.Start(myHandler) }
//
// # What the handler sees
//
//   - Method, URL.Path (stage prefix removed, see below), URL.RawQuery (see
//     "Query strings"), Proto from requestContext.protocol.
//   - Header from multiValueHeaders (REST) so repeated headers and several
//     Cookie lines survive; HTTP API events carry comma-joined "headers" plus a
//     "cookies" array, which becomes one "Cookie" header joined with "; ".
//     Header names are canonicalised; Host is moved to Request.Host (falling
//     back to requestContext.domainName), as net/http's server does.
//   - Body: the exact bytes, base64-decoded when isBase64Encoded is true;
//     ContentLength is its length.
//   - RemoteAddr: requestContext.identity.sourceIp (REST) or
//     requestContext.http.sourceIp (HTTP API), without a port (none is known).
//   - Path parameters: [PathParam], and Request.PathValue via SetPathValue.
//   - The caller: [CallerFrom] gives what the API's authorizer returned in
//     requestContext.authorizer (subject, scopes, other values), the only
//     identity a handler should trust; false on a route without one.
//   - Not X-Api-Key: the origin key CloudFront sends to prove a request came
//     through it is removed from Header (and requestContext.identity.apiKey
//     is never read), so no handler can log or forward it.
//   - The public name: through CloudFront (the request carries the origin
//     key API Gateway checked), Request.Host is X-Forwarded-Host, which the
//     CloudFront Function sets to the Host the viewer called, overwriting
//     any the viewer sent; otherwise API Gateway's own name. The scheme is
//     X-Forwarded-Proto (https: CloudFront redirects viewers to HTTPS).
//   - The trace: with X-Ray active tracing, X-Amzn-Trace-Id is the
//     invocation's trace context (this function's segment as parent) and
//     [TraceHeader] reads it from the context; [TraceTransport] passes it on
//     to the handler's outgoing HTTP calls.
//   - Context: deadline = Lambda deadline minus a margin ([WithDeadlineMargin],
//     500ms by default) so ctx.Done() fires before the function is killed;
//     [LambdaRequestID] and [APIGatewayRequestID] read the two request IDs.
//
// # Stage prefix
//
// REST API events carry "path" without the stage for execute-api endpoints
// ("/user/42") while requestContext.path keeps it ("/prod/user/42"). When the
// two are equal and start with "/{stage}", the path really carries the stage,
// and it is removed. HTTP API events carry the stage in rawPath
// ("/prod/user/42") unless the stage is "$default"; it is removed too.
// [WithStripPrefix] removes a further fixed prefix (e.g. a custom-domain base
// path mapping).
//
// # Path encoding
//
// REST APIs pass "path" still percent-encoded, HTTP APIs (payload 1.0 and 2.0)
// pass it decoded (captures published with hotsock/voker#8, summarised in
// middleapi/standard-server#93). The adapter therefore unescapes the REST path
// into URL.Path and keeps the original in URL.RawPath, and takes HTTP API
// paths literally. A REST event is one without a "version" field.
//
// # Query strings
//
// What API Gateway does, and what the adapter does about it:
//
//   - REST API (payload 1.0): API Gateway parses the query string itself and
//     passes queryStringParameters (last value of each key) and
//     multiValueQueryStringParameters (all values of each key, in order), with
//     keys and values already percent-DECODED (see the API Gateway developer
//     guide, "Set up Lambda proxy integrations ... multi-value headers and
//     query string parameters"; double-decoding bug reports in
//     CodeGenieApp/serverless-express#26 and micronaut-projects/micronaut-aws#1412).
//     The original raw query string is not in the event.
//   - Semicolons: the API Gateway "important notes" page for REST APIs says
//     the semicolon character (;) is not supported in a request URL query
//     string and results in the data being split: "?ids=1;2;3" does NOT arrive
//     as one value. Clients (or, in this product, the CloudFront Function in
//     front of API Gateway) must send it percent-encoded, "ids=1%3B2%3B3";
//     API Gateway then decodes it and the event holds "1;2;3".
//   - Repeated keys: "?id=1&id=2&id=3" gives multiValueQueryStringParameters
//     {"id":["1","2","3"]} and queryStringParameters {"id":"3"}. The adapter
//     reads only the multi-value form (falling back to the single-value form
//     for hand-made events without it).
//   - Order: a JSON object has no order, so the relative order of DIFFERENT
//     keys is lost. The adapter sorts keys so RawQuery is deterministic; the
//     values of one key keep their order.
//   - The adapter rebuilds RawQuery by re-encoding every decoded key and value
//     with [net/url.QueryEscape], so ';', '&', '=', '+', '%', spaces and
//     non-ASCII in values round-trip: r.URL.Query() returns exactly the
//     values API Gateway decoded. aws-lambda-go-api-proxy does the same
//     (core/request.go); a key without "=" ("?flag") arrives as [""] and is
//     rebuilt as "flag=".
//   - HTTP API (payload 2.0): rawQueryString is the query string as the client
//     sent it (still percent-encoded); queryStringParameters joins repeated
//     keys with commas ("id=1,2,3"), which cannot be split back safely, so the
//     adapter uses rawQueryString. Since Go 1.17, [net/url.ParseQuery] rejects
//     a raw ';' (golang/go#25192) and r.URL.Query() would silently drop that
//     pair, so the adapter percent-encodes every raw ';' as "%3B" and nothing
//     else: "fields=name;price" reaches the handler as
//     r.URL.Query()["fields"] == ["name;price"].
//
// # Responses
//
// The handler's output is buffered. REST responses carry multiValueHeaders
// only (API Gateway merges "headers" into it anyway, so sending both would
// duplicate values), which keeps repeated headers and every Set-Cookie. HTTP
// API responses carry Set-Cookie values in "cookies" and other headers in
// "headers", repeated values joined with ",". Header keys are sorted, so the
// event bytes are deterministic. The body is sent as text when it is valid
// UTF-8 and its Content-Type is textual (text/*, JSON, XML, JavaScript, form
// data) with no Content-Encoding; otherwise it is base64-encoded with
// isBase64Encoded=true (a REST API must list the media type, or "*/*", in its
// binaryMediaTypes for API Gateway to decode it). Without a Content-Type the
// handler's body is sniffed with [net/http.DetectContentType], like net/http.
//
// # Errors and logging
//
// A malformed event (invalid JSON, missing method or path, bad base64 body)
// gives a 400 response event with a JSON body, never a Go error or a crash. A
// panicking handler gives a 500 with a JSON body carrying the request IDs, and
// the whole event is logged once at ERROR level, with Authorization, Cookie,
// Set-Cookie, X-Api-Key and similar headers, the cookies array and API keys
// redacted. A handler that returns without writing after its context expired
// gives a 504. Logs are JSON in Lambda's JSON log format (timestamp, level,
// message, requestId; see [NewLogHandler]), and every line logged with the
// request's context carries both request IDs.
package httpadapter
