// Test driver for cutover_function_test.go: runs the cut-over CloudFront
// Function (its "import cf from 'cloudfront'" replaced by a stand-in) in
// one Node process.
//
// stdin: {"code": "<source>",
//         "store": {"w:/user/{id}": "10", ...} | null (no store: every get throws),
//         "storeError": true to make every get fail as an unreachable store,
//         "events": [<viewer-request event>, ...],
//         "callers": {"uri": "/user/1", "n": 100000, "kind": "ip"|"token"} (optional)}
// stdout: {"results": [{"request": <returned request>, "origin": <selected origin id or null>}, ...],
//          "callers": {"lambda": <callers left on the behaviour's origin>, "legacy": <sent to the monolith>,
//                      "flipped": <callers whose side changed on a second request>}}

import vm from 'node:vm';

let input = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) {
  input += chunk;
}
const { code, store, storeError, events = [], callers } = JSON.parse(input);

let selected = null;
const cf = {
  kvs() {
    return {
      async get(key) {
        if (storeError) throw new Error('store unreachable');
        if (!store || !(key in store)) throw new Error('key not found: ' + key);
        return store[key];
      },
    };
  },
  selectRequestOriginById(id) {
    selected = id;
  },
};
const source = code.replace("import cf from 'cloudfront';", '');
if (source === code) throw new Error("the source does not import cf from 'cloudfront'");
const context = vm.createContext({ cf });
vm.runInContext('"use strict";\n' + source, context, { filename: 'cutover_function.js' });
if (typeof context.handler !== 'function') throw new Error('the source does not define handler');

async function run(event) {
  selected = null;
  const raw = event.request.rawQueryString;
  if (typeof raw === 'string') event.request.rawQueryString = () => raw;
  else delete event.request.rawQueryString;
  const request = await context.handler(event);
  return { request, origin: selected };
}

function callerEvent(uri, kind, i) {
  const headers = { host: { value: 'api.example.com' } };
  let ip = '203.0.113.7';
  if (kind === 'token') headers.authorization = { value: 'Bearer tok-' + i.toString(36) + '-' + ((i * 2654435761) >>> 0).toString(16) };
  else ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  return { version: '1.0', context: { eventType: 'viewer-request' }, viewer: { ip },
    request: { method: 'GET', uri, querystring: {}, headers, cookies: {} } };
}

const results = [];
for (const e of events) results.push(await run(e));
let counts;
if (callers) {
  counts = { lambda: 0, legacy: 0, flipped: 0 };
  for (let i = 0; i < callers.n; i++) {
    const first = await run(callerEvent(callers.uri, callers.kind, i));
    const again = await run(callerEvent(callers.uri, callers.kind, i));
    if (first.origin === null) counts.lambda++;
    else counts.legacy++;
    if (first.origin !== again.origin) counts.flipped++;
  }
}
process.stdout.write(JSON.stringify({ results, callers: counts }));
