// Cut-over: runtime cloudfront-js-2.0, viewer-request event, on every
// behaviour that sends migrated routes to API Gateway. CutoverFunctionCode
// puts the query-string function's code (encodeQueryStrings) and the
// forwarded-host function's forwardHost before this,
// and fills ROUTES, LEGACY_ORIGIN and the store's use.
//
// Why: a route moves off the monolith a share at a time, and back by
// itself. Its share to Lambda (0-100) is the value of "w:<template>" in
// the distribution's KeyValueStore, changed at run time without a deploy;
// the manifest's weight, compiled into ROUTES, stands when the key is
// missing or the store cannot be read. A request goes to Lambda when its
// caller's bucket (a hash of the Authorization header, else of the viewer
// address, 0-99) is below the share: the same caller stays on the same
// side while the share stands, and raising it only adds callers.
//
// ROUTES maps a path's first segment ("" for templates that start with a
// parameter) to its routes in API Gateway's precedence, so the first whose
// template matches is the route API Gateway would pick. Each is the rest
// of its template after that segment, alone for a weight of 100, else
// [rest, weight]; weight -1 for a route that is not weighed (a monolith
// path served through API Gateway). A route with CORS adds the index of
// its policy in CORS: [rest, weight, cors].
//
// CORS: each policy {o: origins, m: methods, h: headers, c: credentials,
// a: max age}. A browser's preflight (OPTIONS with Origin and
// Access-Control-Request-Method) for such a route is answered here, 204
// with the policy's headers or 403, and never reaches a Lambda (nor the
// monolith: the manifest is the contract for both sides of a cut-over).

var ROUTES = __ROUTES__;
var LEGACY_ORIGIN = __LEGACY_ORIGIN__;
var CORS = __CORS__;

function matches(template, parts) {
    var t = template.split('/');
    for (var i = 1; i < t.length; i++) {
        var s = t[i];
        if (i >= parts.length || parts[i] === '') {
            return false;
        }
        if (s.charAt(0) === '{') {
            if (s.charAt(s.length - 2) === '+') {
                return true; // a greedy {name+} takes the rest
            }
        } else if (s !== parts[i]) {
            return false;
        }
    }
    return t.length === parts.length;
}

// route finds the route API Gateway would pick for uri: [template,
// weight], or null.
function route(uri) {
    var parts = uri.split('/');
    var firsts = [parts[1], ''];
    for (var l = 0; l < firsts.length; l++) {
        // Own keys only: "/constructor" must not find Object's.
        var list = Object.prototype.hasOwnProperty.call(ROUTES, firsts[l]) ? ROUTES[firsts[l]] : [];
        var prefix = firsts[l] === '' ? '' : '/' + firsts[l];
        for (var i = 0; i < list.length; i++) {
            var r = typeof list[i] === 'string' ? [list[i], 100] : list[i];
            var template = prefix + r[0];
            if (matches(template, parts)) {
                return [template, r[1], r.length > 2 ? r[2] : -1];
            }
        }
    }
    return null;
}

// bucket is the caller's place, 0-99: FNV-1a of its credential or address.
function bucket(event) {
    var auth = event.request.headers.authorization;
    var s = auth && auth.value ? auth.value : (event.viewer && event.viewer.ip) || '';
    var h = 0x811c9dc5;
    for (var i = 0; i < s.length; i++) {
        h ^= s.charCodeAt(i);
        h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h % 100;
}

// preflight answers a browser's CORS preflight, or is null for any other request.
function preflight(request, c) {
    var h = request.headers;
    var origin = h.origin ? h.origin.value : '';
    var method = h['access-control-request-method'] ? h['access-control-request-method'].value : '';
    if (request.method !== 'OPTIONS' || !origin || !method) {
        return null;
    }
    var out = { vary: { value: 'Origin' } };
    var ok = (c.o[0] === '*' || c.o.indexOf(origin) >= 0) && c.m.indexOf(method) >= 0;
    if (ok) {
        out['access-control-allow-origin'] = { value: c.o[0] === '*' ? '*' : origin };
        out['access-control-allow-methods'] = { value: c.m.join(', ') };
        out['access-control-allow-headers'] = { value: c.h.join(', ') };
        if (c.c) {
            out['access-control-allow-credentials'] = { value: 'true' };
        }
        if (c.a) {
            out['access-control-max-age'] = { value: String(c.a) };
        }
    }
    return { statusCode: ok ? 204 : 403, statusDescription: ok ? 'No Content' : 'Forbidden', headers: out };
}

async function weight(r) {
    __STORE_READ__
    return r[1];
}

async function handler(event) {
    // X-Forwarded-Host: the public name, for whichever origin answers.
    var request = forwardHost(encodeQueryStrings(event));
    var r = route(request.uri);
    var answer = r && r[2] >= 0 ? preflight(request, CORS[r[2]]) : null;
    if (answer) {
        return answer;
    }
    if (r && r[1] >= 0) {
        var w = await weight(r);
        if (bucket(event) >= w) {
            cf.selectRequestOriginById(LEGACY_ORIGIN);
        }
    }
    return request;
}
