// Runs a CloudFront Function (cloudfront-js-2.0, viewer-request) for the
// local edge, as constructs/testdata/run_cutover_function.mjs does in the
// tests: its "import cf from 'cloudfront'" replaced by a stand-in with
// kvs().get over a local store and selectRequestOriginById.
//
// stdin, one JSON document a line:
//   {"code": "<source>"}                       first, once
//   {"store": {"w:/user/{id}": "10", ...}}      the store's contents, whenever they change
//   {"id": 1, "event": <viewer-request event>}  a request; event.request.rawQueryString is a string
// stdout, one line per request, in order:
//   {"id": 1, "result": <returned request or response>, "origin": <selected origin id or null>}
//   {"id": 1, "error": "<message>"}
// Requests run one at a time, so an origin selected belongs to its request.

import vm from 'node:vm';
import readline from 'node:readline';

let store = {};
let selected = null;
const cf = {
  kvs() {
    return {
      async get(key) {
        if (!Object.prototype.hasOwnProperty.call(store, key)) throw new Error('key not found: ' + key);
        return store[key];
      },
    };
  },
  selectRequestOriginById(id) {
    selected = id;
  },
};

let context = null;
const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');

for await (const line of readline.createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (line === '') continue;
  const msg = JSON.parse(line);
  if (msg.code !== undefined) {
    const source = msg.code.replace("import cf from 'cloudfront';", '');
    context = vm.createContext({ cf });
    vm.runInContext('"use strict";\n' + source, context, { filename: 'viewer-request.js' });
    if (typeof context.handler !== 'function') throw new Error('the function source does not define handler');
    continue;
  }
  if (msg.store !== undefined) {
    store = msg.store || {};
    continue;
  }
  try {
    selected = null;
    const raw = msg.event.request.rawQueryString;
    msg.event.request.rawQueryString = () => raw;
    const result = await context.handler(msg.event);
    out({ id: msg.id, result, origin: selected });
  } catch (e) {
    out({ id: msg.id, error: String(e && e.stack || e) });
  }
}
