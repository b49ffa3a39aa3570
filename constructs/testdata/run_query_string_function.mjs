// Test driver for query_string_function_test.go: runs a CloudFront Function
// source on a batch of viewer-request events, in one Node process.
//
// stdin:  {"code": "<function source>", "events": [<viewer-request event>, ...]}
//         An event whose request.rawQueryString is a string gets a
//         rawQueryString() method returning that string, as CloudFront's
//         runtime 2.0 provides; without it the method is absent.
// stdout: a JSON array with the request object the handler returned for each
//         event (key order preserved).

import vm from 'node:vm';

let input = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) {
  input += chunk;
}
const { code, events } = JSON.parse(input);

const context = vm.createContext({});
// CloudFront Functions always run in strict mode.
vm.runInContext('"use strict";\n' + code, context, { filename: 'query_string_function.js' });
if (typeof context.handler !== 'function') {
  throw new Error('the function source does not define handler');
}

const results = events.map((event) => {
  const raw = event.request.rawQueryString;
  if (typeof raw === 'string') {
    event.request.rawQueryString = () => raw;
  } else {
    delete event.request.rawQueryString;
  }
  return context.handler(event);
});
process.stdout.write(JSON.stringify(results));
