// The wrapper (node.js) against stand-ins for jsii-runtime-go's files: a
// kernel that talks on fd 3 must get Go's requests from stdin and answer on
// stdout, with its console output moved to stderr as the relay's JSON lines;
// a kernel that does not must be left to the relay. The kernel's modules
// go through the code cache (codecache.js) in the folder it is given.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const wrapper = path.join(import.meta.dirname, 'node.js');
const made = [];
after(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tempDir() {
  const dir = mkdtempSync(path.join(tmpdir(), 'jsiidirect-'));
  made.push(dir);
  return dir;
}

function runtimeDir(kernel) {
  const dir = tempDir();
  mkdirSync(path.join(dir, 'bin'));
  mkdirSync(path.join(dir, 'lib'));
  writeFileSync(path.join(dir, 'bin', 'jsii-runtime.js'), "process.stdout.write('relay ran\\n');\n");
  writeFileSync(path.join(dir, 'lib', 'program.js'), kernel);
  return path.join(dir, 'bin', 'jsii-runtime.js');
}

// Reads one request on fd 3 and answers it there, as jsii's SyncStdio does
// (new SyncStdio({errorFD:2,readFD:3,writeFD:3}) in the real kernel), while
// printing to the console in the three ways a construct library can.
const echoKernel = `
const fs = require('fs');
const opts = {readFD:3,writeFD:3};
const buf = Buffer.alloc(1024);
const n = fs.readSync(opts.readFD, buf, 0, buf.length, null);
console.log('from console.log');
process.stderr.write('from stderr\\n');
fs.writeSync(2, Buffer.from('kernel error line\\n'));
fs.writeSync(opts.writeFD, Buffer.from('answer to ' + buf.subarray(0, n).toString().trim() + '\\n'));
`;

function decodeStderr(stderr) {
  const out = { stdout: '', stderr: '' };
  for (const line of stderr.split('\n').filter(Boolean)) {
    const msg = JSON.parse(line); // every line is the relay's JSON
    for (const key of Object.keys(msg)) out[key] += Buffer.from(msg[key], 'base64').toString();
  }
  return out;
}

test('a kernel on fd 3 talks on stdin and stdout, its console goes to stderr as JSON lines', () => {
  const run = spawnSync(process.execPath, [wrapper, '', runtimeDir(echoKernel)], { input: 'hello\n', encoding: 'utf-8' });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, 'answer to hello\n'); // nothing else on the protocol's stream
  assert.deepEqual(decodeStderr(run.stderr), {
    stdout: 'from console.log\n',
    stderr: 'from stderr\nkernel error line\n',
  });
});

test('a kernel that does not talk on fd 3 is left to the relay', () => {
  const run = spawnSync(process.execPath, [wrapper, '', runtimeDir(echoKernel.replace('readFD:3,writeFD:3', 'readFD:4,writeFD:4'))], { input: 'hello\n', encoding: 'utf-8' });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, 'relay ran\n');
});

// The kernel's source gets an entry in a folder of the cache named for
// this Node and its options; none with STRANGLER_CODE_CACHE=off.
test('the kernel is compiled through the code cache unless it is turned off', () => {
  const entry = createHash('sha256').update(echoKernel).digest('hex');
  const cached = (env) => {
    const cache = path.join(tempDir(), 'cache');
    // Another Node's cache, not written for 31 days: the run removes it.
    const stale = path.join(cache, 'v0.0.1-x64-000000000000');
    mkdirSync(stale, { recursive: true });
    const old = Date.now() / 1000 - 31 * 24 * 3600;
    utimesSync(stale, old, old);
    const run = spawnSync(process.execPath, [wrapper, cache, runtimeDir(echoKernel)], { input: 'hello\n', encoding: 'utf-8', env: { ...process.env, ...env } });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, 'answer to hello\n');
    if (env.STRANGLER_CODE_CACHE !== 'off') assert.ok(!existsSync(stale), 'a stale cache of another Node is left');
    rmSync(stale, { recursive: true, force: true });
    return existsSync(cache) ? readdirSync(cache).flatMap((d) => readdirSync(path.join(cache, d)).map((e) => `${d}/${e}`)) : [];
  };
  const [one] = cached({});
  assert.match(one, new RegExp(`^${process.version}-${process.arch}-[0-9a-f]{12}/${entry}$`));
  assert.notEqual(cached({ NODE_OPTIONS: '--max-semi-space-size=32' })[0].split('/')[0], one.split('/')[0], 'other Node options, another folder');
  assert.deepEqual(cached({ STRANGLER_CODE_CACHE: 'off' }), []);
});
