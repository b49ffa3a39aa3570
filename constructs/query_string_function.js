// CloudFront Function: runtime cloudfront-js-2.0, viewer-request event.
//
// Why: API Gateway REST APIs treat a raw ";" in the query string as a
// parameter separator ("The semicolon character (;) is not supported for any
// request URL query string and results in the data being split" - API Gateway
// important notes). "?idList=1;2;3" would reach Lambda as idList=1 plus keys
// "2" and "3". Sent as "%3B", the ";" stays inside its value and API Gateway
// decodes it back to ";" in the event it gives Lambda.
//
// What: every ";" in a query string name or value becomes "%3B". Nothing else
// changes: existing %XX escapes, "+", repeated keys and their order, keys
// without "=", path, headers, cookies and method are left exactly as sent.
// A request without ";" in its query string is returned untouched.
//
// CloudFront hands the function names and values as the viewer sent them
// (still percent-encoded) and does not encode what the function returns, so
// a plain text replacement is exact, and cheap enough for the compute budget.

var SEMICOLON = /;/g;

function encodeSemicolons(s) {
    return (s || '').replace(SEMICOLON, '%3B');
}

function handler(event) {
    var request = event.request;

    // 1. request.rawQueryString() (runtime 2.0 helper) gives the query string
    //    unparsed and unaltered, so this path does not depend on how
    //    CloudFront parses ";". A string assigned to request.querystring is
    //    sent to the origin as the query string.
    var raw = typeof request.rawQueryString === 'function' ? request.rawQueryString() : undefined;
    if (typeof raw === 'string' && raw !== '') {
        if (raw.indexOf(';') !== -1) {
            request.querystring = encodeSemicolons(raw);
        }
        return request;
    }

    // 2. No raw string (console test events return "", a runtime without the
    //    helper): rewrite the parsed querystring object, keeping the key
    //    order and every value of a repeated key (multiValue).
    var qs = request.querystring;
    if (!qs || typeof qs !== 'object' || JSON.stringify(qs).indexOf(';') === -1) {
        return request;
    }
    // No prototype, so names like "__proto__" or "toString" are plain keys.
    var out = Object.create(null);
    Object.keys(qs).forEach(function (name) {
        var field = qs[name];
        var key = encodeSemicolons(name);
        // "a;b" and "a%3Bb" are the same name once encoded: merge their values.
        var target = out[key] || (out[key] = { value: encodeSemicolons(field.value), multiValue: [] });
        var values = field.multiValue && field.multiValue.length ? field.multiValue : [field];
        values.forEach(function (v) {
            target.multiValue.push({ value: encodeSemicolons(v.value) });
        });
    });
    Object.keys(out).forEach(function (key) {
        if (out[key].multiValue.length === 1) {
            delete out[key].multiValue;
        }
    });
    request.querystring = out;
    return request;
}
