// Tests for query_string_function.js, the CloudFront Function that
// percent-encodes ";" in query strings. Run with: node --test constructs/*.test.mjs
//
// The function's own source is evaluated in a fresh vm context, in strict mode
// as CloudFront runs it, and called with viewer-request events in the
// documented CloudFront Functions event shape:
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/functions-event-structure.html
// Two shapes of the same request are exercised:
//   - production: request.rawQueryString() returns the raw query string
//     (runtime 2.0 helper, see "General helper methods" in the CloudFront
//     guide); the function returns the rewritten string;
//   - parsed only: no usable rawQueryString() (console test events, where it
//     returns ""); the function rewrites the querystring object.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const SOURCE = readFileSync(new URL('./query_string_function.js', import.meta.url), 'utf8');

function loadHandler() {
  const context = vm.createContext({});
  // CloudFront Functions always run in strict mode.
  vm.runInContext('"use strict";\n' + SOURCE, context, { filename: 'query_string_function.js' });
  assert.equal(typeof context.handler, 'function', 'the source must define a top-level handler');
  return context.handler;
}

const handler = loadHandler();

// A viewer-request event as CloudFront builds it. querystring is the parsed
// object; raw, when given, is what request.rawQueryString() returns.
function viewerRequest(querystring, raw) {
  const event = {
    version: '1.0',
    context: {
      distributionDomainName: 'd111111abcdef8.cloudfront.net',
      distributionId: 'EDFDVBD6EXAMPLE',
      eventType: 'viewer-request',
      requestId: 'EXAMPLEntjQpEXAMPLE_SG5Z-EXAMPLEPmPfEXAMPLEu3EqEXAMPLE==',
    },
    viewer: { ip: '198.51.100.11' },
    request: {
      method: 'GET',
      // ";" outside the query string must not be touched.
      uri: '/api/customers;v=2',
      querystring,
      headers: {
        host: { value: 'www.example.com' },
        accept: {
          value: 'text/html;q=0.9',
          multiValue: [{ value: 'text/html;q=0.9' }, { value: 'application/json;q=1' }],
        },
      },
      cookies: { session: { value: 'a%3Bb' } },
    },
  };
  if (raw !== undefined) {
    event.request.rawQueryString = () => raw;
  }
  return event;
}

// The request the function returns, as plain JSON (objects created inside the
// vm context have that context's prototypes; JSON makes them comparable).
function run(event) {
  const result = handler(event);
  assert.equal(result, event.request, 'the handler returns the request object itself');
  return JSON.parse(JSON.stringify(result));
}

// The request as the test expects it back: everything but the query string
// exactly as in viewerRequest().
function expectedRequest(querystring) {
  const request = JSON.parse(JSON.stringify(viewerRequest({}).request));
  request.querystring = querystring;
  return request;
}

// Each case: the raw query string the viewer sent, the parsed object
// CloudFront gives the function for it, and what must come out of each path.
const cases = [
  {
    name: 'values with ";" (the issue example)',
    raw: 'idList=1;2;3&filter=name;phone&flag=1;2',
    parsed: { idList: { value: '1;2;3' }, filter: { value: 'name;phone' }, flag: { value: '1;2' } },
    wantRaw: 'idList=1%3B2%3B3&filter=name%3Bphone&flag=1%3B2',
    wantParsed: { idList: { value: '1%3B2%3B3' }, filter: { value: 'name%3Bphone' }, flag: { value: '1%3B2' } },
  },
  {
    name: 'repeated keys keep every value and their order (multiValue)',
    raw: 'id=1&tag=a;b&id=2&tag=c&id=3',
    parsed: {
      id: { value: '1', multiValue: [{ value: '1' }, { value: '2' }, { value: '3' }] },
      tag: { value: 'a;b', multiValue: [{ value: 'a;b' }, { value: 'c' }] },
    },
    wantRaw: 'id=1&tag=a%3Bb&id=2&tag=c&id=3',
    wantParsed: {
      id: { value: '1', multiValue: [{ value: '1' }, { value: '2' }, { value: '3' }] },
      tag: { value: 'a%3Bb', multiValue: [{ value: 'a%3Bb' }, { value: 'c' }] },
    },
  },
  {
    name: 'empty values, keys without "=", a value that is only ";"',
    raw: 'empty=&flag&semi=;&x=1;',
    parsed: { empty: { value: '' }, flag: { value: '' }, semi: { value: ';' }, x: { value: '1;' } },
    wantRaw: 'empty=&flag&semi=%3B&x=1%3B',
    wantParsed: { empty: { value: '' }, flag: { value: '' }, semi: { value: '%3B' }, x: { value: '1%3B' } },
  },
  {
    name: '";" in a key',
    raw: 'a;b=1&c=2',
    parsed: { 'a;b': { value: '1' }, c: { value: '2' } },
    wantRaw: 'a%3Bb=1&c=2',
    wantParsed: { 'a%3Bb': { value: '1' }, c: { value: '2' } },
  },
  {
    name: 'unicode, percent-encoded as browsers send it',
    raw: 'name=%E5%AE%B6;%C3%A9&city=Z%C3%BCrich',
    parsed: { name: { value: '%E5%AE%B6;%C3%A9' }, city: { value: 'Z%C3%BCrich' } },
    wantRaw: 'name=%E5%AE%B6%3B%C3%A9&city=Z%C3%BCrich',
    wantParsed: { name: { value: '%E5%AE%B6%3B%C3%A9' }, city: { value: 'Z%C3%BCrich' } },
  },
  {
    name: 'unicode characters left unencoded by the client',
    raw: 'name=家;é&city=Zürich',
    parsed: { name: { value: '家;é' }, city: { value: 'Zürich' } },
    wantRaw: 'name=家%3Bé&city=Zürich',
    wantParsed: { name: { value: '家%3Bé' }, city: { value: 'Zürich' } },
  },
  {
    name: 'already-encoded input is left alone, "+" too',
    raw: 'q=a%3Bb%2Cc%20d&mixed=x%3By;z&plus=a+b;c&pct=100%25;1',
    parsed: {
      q: { value: 'a%3Bb%2Cc%20d' },
      mixed: { value: 'x%3By;z' },
      plus: { value: 'a+b;c' },
      pct: { value: '100%25;1' },
    },
    wantRaw: 'q=a%3Bb%2Cc%20d&mixed=x%3By%3Bz&plus=a+b%3Bc&pct=100%25%3B1',
    wantParsed: {
      q: { value: 'a%3Bb%2Cc%20d' },
      mixed: { value: 'x%3By%3Bz' },
      plus: { value: 'a+b%3Bc' },
      pct: { value: '100%25%3B1' },
    },
  },
  {
    name: '"a;b" and "a%3Bb" are the same name once encoded: values merge in order',
    raw: 'a;b=1&a%3Bb=2',
    parsed: { 'a;b': { value: '1' }, 'a%3Bb': { value: '2' } },
    wantRaw: 'a%3Bb=1&a%3Bb=2',
    wantParsed: { 'a%3Bb': { value: '1', multiValue: [{ value: '1' }, { value: '2' }] } },
  },
  {
    name: 'names that are Object.prototype properties',
    raw: '__proto__=1;2&toString=x;y&constructor=z',
    parsed: JSON.parse('{"__proto__":{"value":"1;2"},"toString":{"value":"x;y"},"constructor":{"value":"z"}}'),
    wantRaw: '__proto__=1%3B2&toString=x%3By&constructor=z',
    wantParsed: JSON.parse('{"__proto__":{"value":"1%3B2"},"toString":{"value":"x%3By"},"constructor":{"value":"z"}}'),
  },
];

for (const c of cases) {
  test(`production path (rawQueryString): ${c.name}`, () => {
    const got = run(viewerRequest(structuredClone(c.parsed), c.raw));
    assert.deepStrictEqual(got, expectedRequest(c.wantRaw));
  });

  test(`parsed-object path: ${c.name}`, () => {
    // rawQueryString() returning "" is what the console test gives.
    const got = run(viewerRequest(structuredClone(c.parsed), ''));
    assert.deepStrictEqual(got, expectedRequest(c.wantParsed));
  });
}

test('no rawQueryString helper at all: the parsed object is rewritten', () => {
  const got = run(viewerRequest({ idList: { value: '1;2;3' } }));
  assert.deepStrictEqual(got, expectedRequest({ idList: { value: '1%3B2%3B3' } }));
});

test('a query string without ";" is returned untouched (same object, same string)', () => {
  const parsed = { id: { value: '1', multiValue: [{ value: '1' }, { value: '2' }] }, q: { value: 'a%3Bb' } };
  for (const raw of [undefined, '', 'id=1&id=2&q=a%3Bb']) {
    const event = viewerRequest(parsed, raw);
    const result = handler(event);
    assert.equal(result.querystring, parsed, `raw=${raw}`);
    assert.deepStrictEqual(JSON.parse(JSON.stringify(result)), expectedRequest(parsed));
  }
});

test('no query string at all', () => {
  for (const raw of [undefined, '']) {
    assert.deepStrictEqual(run(viewerRequest({}, raw)), expectedRequest({}));
  }
});

test('correct even if CloudFront had split the parsed object on ";"', () => {
  // Nothing documents CloudFront splitting on ";" (its guide says parameters
  // are "separated by & characters"); if it did, the object below is what the
  // function would see. The production path never reads the object.
  const split = { idList: { value: '1' }, 2: { value: '' }, 3: { value: '' } };
  const got = run(viewerRequest(split, 'idList=1;2;3'));
  assert.deepStrictEqual(got, expectedRequest('idList=1%3B2%3B3'));
});

test('very long query string: 500 parameters, about 8 KB', () => {
  const pairs = [];
  const wantPairs = [];
  const parsed = {};
  const wantParsed = {};
  const add = (obj, k, v) => {
    if (!obj[k]) {
      obj[k] = { value: v };
    } else {
      if (!obj[k].multiValue) obj[k].multiValue = [{ value: obj[k].value }];
      obj[k].multiValue.push({ value: v });
    }
  };
  for (let i = 0; i < 500; i++) {
    // Every 10th key repeats; values mix ";", escapes and encoded unicode.
    const k = i % 10 === 0 ? 'rep' : `id${i}`;
    const v = i % 5 === 0 ? `${i};%E5%AE%B6` : `${i};x%3B${i % 7}`;
    const w = i % 5 === 0 ? `${i}%3B%E5%AE%B6` : `${i}%3Bx%3B${i % 7}`;
    pairs.push(`${k}=${v}`);
    wantPairs.push(`${k}=${w}`);
    add(parsed, k, v);
    add(wantParsed, k, w);
  }
  const raw = pairs.join('&');
  assert.ok(raw.length > 8000 && raw.length < 8192, `raw query is ${raw.length} bytes`);

  assert.deepStrictEqual(run(viewerRequest(structuredClone(parsed), raw)), expectedRequest(wantPairs.join('&')));
  assert.deepStrictEqual(run(viewerRequest(structuredClone(parsed), '')), expectedRequest(wantParsed));
});

test('cache key: requests that differ only in one query value stay distinct', () => {
  // The cache key is computed from the request the viewer-request function
  // returns, so distinct inputs must give distinct query strings.
  const pairs = [
    ['idList=1;2;3&flag=1', 'idList=1;2;4&flag=1'],
    ['a=1;2', 'a=1&2'], // one value "1;2" vs a value "1" and a key "2"
    ['a=x;y', 'a=x;z'],
  ];
  for (const [a, b] of pairs) {
    const outA = run(viewerRequest({}, a)).querystring;
    const outB = run(viewerRequest({}, b)).querystring;
    assert.notEqual(outA, outB, `${a} vs ${b}`);
  }
  // Parsed-object path as well.
  const objA = run(viewerRequest({ idList: { value: '1;2;3' }, flag: { value: '1' } }, '')).querystring;
  const objB = run(viewerRequest({ idList: { value: '1;2;4' }, flag: { value: '1' } }, '')).querystring;
  assert.notDeepStrictEqual(objA, objB);
  assert.deepStrictEqual(objA, { idList: { value: '1%3B2%3B3' }, flag: { value: '1' } });
  assert.deepStrictEqual(objB, { idList: { value: '1%3B2%3B4' }, flag: { value: '1' } });
});

test('source fits the CloudFront Functions limits', () => {
  // Quota: maximum function size 10 KB.
  const bytes = Buffer.byteLength(SOURCE, 'utf8');
  assert.ok(bytes < 10 * 1024, `function is ${bytes} bytes`);
});

test('source uses only what cloudfront-js-2.0 allows', () => {
  // Strip comments so that words in them do not count.
  const code = SOURCE.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  assert.match(code, /^function handler\(event\) \{$/m, 'top-level function handler(event)');
  const forbidden = {
    require: /\brequire\s*\(/,
    import: /\bimport\b/,
    export: /\bexport\b|\bmodule\.exports\b/,
    'dynamic code evaluation': /\beval\s*\(|\bnew\s+Function\b|\bFunction\s*\(/,
    timers: /\bset(Timeout|Interval|Immediate)\b/,
    class: /\bclass\s+\w/,
    'optional chaining / nullish': /\?\.|\?\?/,
  };
  for (const [what, re] of Object.entries(forbidden)) {
    assert.doesNotMatch(code, re, `must not use ${what}`);
  }
  // It must compile as a classic script (no module syntax).
  assert.doesNotThrow(() => new vm.Script(SOURCE));
});
