// CloudFront Function: runtime cloudfront-js-2.0, viewer-request event, on
// the monolith's behaviours (the default one and those sending paths back).
//
// Why: CloudFront does not forward the viewer's Host to the monolith (its
// origin is reached under its own name, for TLS), so the monolith learns
// the public name from X-Forwarded-Host; passed on from the viewer, that
// header is whatever the caller wrote, and a monolith building links,
// redirects or password-reset mails from it can be made to point them
// anywhere. CloudFront answers only for the distribution's own names, so
// the Host it received is the public name: copy it, overwriting any
// X-Forwarded-Host the viewer sent.
//
// The cut-over function does the same on migrated behaviours (forwardHost).

function forwardHost(request) {
    var host = request.headers.host;
    if (host && host.value) {
        request.headers['x-forwarded-host'] = { value: host.value };
    } else {
        delete request.headers['x-forwarded-host'];
    }
    return request;
}

function handler(event) {
    return forwardHost(event.request);
}
