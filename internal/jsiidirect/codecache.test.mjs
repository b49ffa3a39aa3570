// codecache.js against real modules, each run in a new Node process as a
// synth is: the first run writes an entry per module, named by the
// sha-256 of its source; the next one uses it (V8 accepts it, so it is not
// rewritten); a module behaves the same with or without the cache; and a
// bad entry, a folder that cannot be written, or a source V8 cannot
// compile as a script never fail the run.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const codecache = path.join(import.meta.dirname, 'codecache.js');
const made = [];
after(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tempDir() {
  const dir = mkdtempSync(path.join(tmpdir(), 'codecache-'));
  made.push(dir);
  return dir;
}

const sha256 = (s) => createHash('sha256').update(s).digest('hex');

// A module that looks at what CommonJS gives it, requires a sibling, and
// throws from its first line so a stack trace's column can be compared.
const lib = `'use strict'; const sibling = require('./sibling'); exports.fail = () => { throw new Error('boom'); };
exports.seen = {
  thisIsExports: this === module.exports,
  filename: __filename,
  dirname: __dirname,
  sibling: sibling.answer(),
  resolved: require.resolve('./sibling'),
  cached: require.cache[__filename] === module,
  main: require.main === process.mainModule,
  paths: Array.isArray(require.resolve.paths('x')),
};
`;
const sibling = 'module.exports = { answer() { return [1, 2, 3].map((x) => x * 14).join(","); } };\n';
const shebang = '#!/usr/bin/env node\nmodule.exports = "ran past #!";\n';

function project() {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'lib.js'), lib);
  writeFileSync(path.join(dir, 'sibling.js'), sibling);
  writeFileSync(path.join(dir, 'shebang.js'), shebang);
  return dir;
}

// Runs main (a CommonJS source) in a new Node, after installing the cache
// in cacheDir unless it is null; main prints JSON.
function run(dir, cacheDir, main) {
  const install = cacheDir === null ? '' : `require(${JSON.stringify(codecache)}).install(${JSON.stringify(cacheDir)});\n`;
  const file = path.join(dir, 'main.js');
  writeFileSync(file, install + main);
  const r = spawnSync(process.execPath, [file], { encoding: 'utf-8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

const useLib = `const lib = require('./lib');
let column;
try { lib.fail(); } catch (e) { column = e.stack.split('\\n')[1].replace(/.*:/, ''); }
console.log(JSON.stringify({ seen: lib.seen, column, shebang: require('./shebang') }));
`;

test('the first run writes an entry per module, the next one uses them, and modules behave as without the cache', () => {
  const dir = project();
  const cache = path.join(tempDir(), 'cache');
  const without = run(dir, null, useLib);
  assert.equal(without.seen.sibling, '14,28,42');

  assert.deepEqual(run(dir, cache, useLib), without);
  const entries = Object.fromEntries(['lib.js', 'sibling.js', 'shebang.js'].map((f) => {
    const entry = path.join(cache, sha256(readFileSync(path.join(dir, f), 'utf-8')));
    assert.ok(existsSync(entry), `no entry for ${f}`);
    return [f, statSync(entry)];
  }));
  assert.ok(!existsSync(path.join(cache, sha256(readFileSync(path.join(dir, 'main.js'), 'utf-8')))), 'main.js is Node\'s own: loaded before the cache');

  assert.deepEqual(run(dir, cache, useLib), without);
  for (const [f, before] of Object.entries(entries)) {
    const now = statSync(path.join(cache, sha256(readFileSync(path.join(dir, f), 'utf-8'))));
    assert.equal(now.mtimeMs, before.mtimeMs, `${f}'s entry was rewritten: V8 refused it`);
    assert.equal(now.ino, before.ino);
  }
});

test('an entry V8 refuses (another file, garbage) is ignored and rewritten', () => {
  const dir = project();
  const cache = path.join(tempDir(), 'cache');
  const without = run(dir, null, useLib);
  mkdirSync(cache, { recursive: true });
  const entry = path.join(cache, sha256(lib));
  writeFileSync(entry, 'not a code cache');
  assert.deepEqual(run(dir, cache, useLib), without);
  assert.notEqual(readFileSync(entry, 'utf-8'), 'not a code cache');
});

test('a changed module gets a new entry: the old one is never used for it', () => {
  const dir = project();
  const cache = path.join(tempDir(), 'cache');
  run(dir, cache, useLib);
  writeFileSync(path.join(dir, 'sibling.js'), sibling.replace('14', '15'));
  assert.equal(run(dir, cache, useLib).seen.sibling, '15,30,45');
  assert.ok(existsSync(path.join(cache, sha256(sibling))));
  assert.ok(existsSync(path.join(cache, sha256(sibling.replace('14', '15')))));
});

test('a source V8 cannot compile as a script is left to Node, and fails as it would without the cache', () => {
  const dir = project();
  const cache = path.join(tempDir(), 'cache');
  writeFileSync(path.join(dir, 'broken.js'), 'module.exports = {;\n');
  const main = `try { require('./broken'); console.log('null'); } catch (e) { console.log(JSON.stringify(e.name + ': ' + e.message)); }\n`;
  const without = run(dir, null, main);
  assert.match(without, /^SyntaxError/);
  assert.equal(run(dir, cache, main), without);
});

// /proc/self exists and refuses new files, even to root (CI runs as root,
// to whom a folder's mode is no obstacle).
test('a folder that cannot be written is a run without the cache', { skip: process.platform !== 'linux' && 'needs /proc' }, () => {
  const dir = project();
  assert.equal(run(dir, '/proc/self', useLib).seen.sibling, '14,28,42');
  assert.equal(run(dir, '/proc/self', useLib).seen.sibling, '14,28,42');
});

test('a cache path that is a file is a run without the cache', () => {
  const dir = project();
  const file = path.join(tempDir(), 'cache');
  writeFileSync(file, 'a file, not a folder');
  assert.equal(run(dir, file, useLib).seen.sibling, '14,28,42');
  assert.equal(readFileSync(file, 'utf-8'), 'a file, not a folder');
});

test('a run that writes removes the entries it did not use that are older than 30 days, and only those', () => {
  const dir = project();
  const cache = path.join(tempDir(), 'cache');
  mkdirSync(cache, { recursive: true });
  const old = Date.now() / 1000 - 31 * 24 * 3600;
  const entry = (name, content, when) => {
    const p = path.join(cache, name);
    writeFileSync(p, content);
    if (when) utimesSync(p, when, when);
    return p;
  };
  const oldUnused = entry('a'.repeat(64), 'old', old);
  const recentUnused = entry('b'.repeat(64), 'recent');
  const crashedWriter = entry('c'.repeat(64) + '.123.tmp', 'half', old);
  const notOurs = entry('notes.txt', 'kept', old);
  run(dir, cache, useLib); // writes lib's, sibling's and shebang's entries
  assert.ok(!existsSync(oldUnused));
  assert.ok(!existsSync(crashedWriter));
  assert.ok(existsSync(recentUnused));
  assert.ok(existsSync(notOurs));

  // An old entry this run reads is kept, even though the run writes another.
  const libEntry = path.join(cache, sha256(lib));
  utimesSync(libEntry, old, old);
  rmSync(path.join(cache, sha256(sibling)));
  run(dir, cache, useLib);
  assert.ok(existsSync(libEntry));
  assert.deepEqual(readdirSync(cache).filter((n) => n.endsWith('.tmp')), []);
});

test('a run that writes removes the other caches beside its own that no run wrote to in 30 days', () => {
  const dir = project();
  const parent = tempDir();
  const old = Date.now() / 1000 - 31 * 24 * 3600;
  const folder = (name, when) => {
    const p = path.join(parent, name);
    mkdirSync(p);
    writeFileSync(path.join(p, 'a'.repeat(64)), 'entry');
    if (when) utimesSync(p, when, when);
    return p;
  };
  const oldNode = folder('v20.0.0-x64-aaaaaaaaaaaa', old);
  const recentNode = folder('v24.0.0-x64-bbbbbbbbbbbb');
  const notACache = folder('notes', old);
  const own = path.join(parent, 'v22.0.0-x64-cccccccccccc');
  const file = path.join(dir, 'main.js');
  writeFileSync(file, `require(${JSON.stringify(codecache)}).install(${JSON.stringify(own)}, { siblings: /^v\\d[\\w.-]*-[0-9a-f]{12}$/ });\n` + useLib);
  const r = spawnSync(process.execPath, [file], { encoding: 'utf-8' });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(existsSync(path.join(own, sha256(lib))));
  assert.ok(!existsSync(oldNode));
  assert.ok(existsSync(recentNode));
  assert.ok(existsSync(notACache));
});
