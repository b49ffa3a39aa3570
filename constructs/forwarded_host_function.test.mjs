// Tests for forwarded_host_function.js. Run with: node --test constructs/*.test.mjs
// Events in the documented CloudFront Functions viewer-request shape:
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/functions-event-structure.html

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const SOURCE = readFileSync(new URL('./forwarded_host_function.js', import.meta.url), 'utf8');
const context = vm.createContext({});
vm.runInContext('"use strict";\n' + SOURCE, context, { filename: 'forwarded_host_function.js' });
const handler = context.handler;

function event(headers) {
  return {
    version: '1.0', context: { eventType: 'viewer-request' }, viewer: { ip: '198.51.100.7' },
    request: { method: 'GET', uri: '/account/reset', querystring: {}, headers, cookies: {} },
  };
}

test('X-Forwarded-Host is the Host CloudFront answered on', () => {
  const r = handler(event({ host: { value: 'api.example.com' } }));
  assert.equal(r.headers['x-forwarded-host'].value, 'api.example.com');
  assert.equal(r.headers.host.value, 'api.example.com');
});

test("a viewer's own X-Forwarded-Host is overwritten, never passed on", () => {
  const r = handler(event({ host: { value: 'api.example.com' }, 'x-forwarded-host': { value: 'evil.example', multiValue: [{ value: 'evil.example' }, { value: 'x' }] } }));
  assert.equal(r.headers['x-forwarded-host'].value, 'api.example.com');
});

test('without a Host, no X-Forwarded-Host at all', () => {
  const r = handler(event({ 'x-forwarded-host': { value: 'evil.example' } }));
  assert.equal(r.headers['x-forwarded-host'], undefined);
});

test('nothing else changes', () => {
  const r = handler(event({ host: { value: 'api.example.com' }, authorization: { value: 'Bearer t' } }));
  assert.equal(Object.keys(r.headers).sort().join(), 'authorization,host,x-forwarded-host');
  assert.equal(r.uri, '/account/reset');
});
