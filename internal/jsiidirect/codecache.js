// A code cache for the modules the jsii kernel loads. Node parses and
// compiles every module each time a process loads it: a synth of
// routes.yaml loads ~460 files (10 MB: the kernel, aws-cdk-lib's modules
// and their generated L1 classes), which is ~0.4 s of its ~1.8 s.
//
// Node's own compile cache (module.enableCompileCache) gains little here
// (~0.1 s, README "Synth time"): it keys entries on the file's path, and
// the kernel loads its packages from a new folder on every run; and it
// stores the code compiled before a module runs, not the functions
// compiled while it runs. This one keys V8's code cache on the module's
// content and writes it when the process exits, after the synth, so it
// holds every function the synth compiled; V8 itself refuses an entry
// made by another V8 version or with other flags, which is then rewritten.
//
// Entries live in <dir>/<sha-256 of the source>. A run that writes one also
// removes the entries it did not read that are older than maxAgeDays, so
// versions of aws-cdk-lib no longer used do not pile up, and the folders
// beside dir named like options.siblings (other Nodes' caches) that no run
// wrote to in as long. Nothing here can
// fail a synth: an unreadable, unwritable or refused cache is a slower run.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const Module = require('module');
const path = require('path');
const vm = require('vm');

const maxAgeDays = 30;
const entryName = /^[0-9a-f]{64}(\.\d+\.tmp)?$/; // and a crashed writer's file

exports.install = function install(dir, options = {}) {
  const compile = Module.prototype._compile;
  const used = new Set();
  const fresh = new Map(); // entry path -> vm.Script to write at exit
  // Module.wrap adds the CommonJS parameters before the source's first
  // line: a negative column offset keeps stack traces' columns as Node's.
  const columnOffset = -Module.wrapper[0].length;
  // import() from a module behaves as in one Node loads itself.
  const importModuleDynamically = vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER;

  Module.prototype._compile = function (content, filename, format) {
    if (format !== undefined && format !== 'commonjs') return compile.apply(this, arguments);
    const entry = path.join(dir, sha256(content));
    used.add(entry);
    let cachedData;
    try {
      cachedData = fs.readFileSync(entry);
    } catch {}
    // V8 reads #! only at the very start of a script; after Module.wrap it
    // would be a syntax error. Node drops it too; // keeps lengths and lines.
    const source = content.startsWith('#!') ? '//' + content.slice(2) : content;
    let script;
    try {
      script = new vm.Script(Module.wrap(source), { filename, columnOffset, cachedData, importModuleDynamically });
    } catch {
      // Not a CommonJS script (an ES module Node detects, say): Node's own way.
      return compile.apply(this, arguments);
    }
    if (cachedData === undefined || script.cachedDataRejected) fresh.set(entry, script);
    const wrapper = script.runInThisContext({ displayErrors: true });
    return wrapper.call(this.exports, this.exports, makeRequire(this), this, filename, path.dirname(filename));
  };

  process.on('exit', () => {
    if (fresh.size === 0) return;
    try {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    } catch {
      return;
    }
    for (const [entry, script] of fresh) writeEntry(entry, script);
    prune(dir, used);
    if (options.siblings) pruneSiblings(dir, options.siblings);
  });
};

function sha256(content) {
  return crypto.createHash('sha256').update(content).digest('hex');
}

// As Node's own require for a module (lib/internal/modules/helpers.js).
function makeRequire(mod) {
  const require = (id) => mod.require(id);
  require.resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
  require.resolve.paths = (request) => Module._resolveLookupPaths(request, mod);
  require.main = process.mainModule;
  require.extensions = Module._extensions;
  require.cache = Module._cache;
  return require;
}

// Through a temporary file renamed over the entry: a process reading it
// at the same time sees all of it or none.
function writeEntry(entry, script) {
  const tmp = `${entry}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
    fs.renameSync(tmp, entry);
  } catch {
    try {
      fs.unlinkSync(tmp);
    } catch {}
  }
}

// An entry's time is when it was written; a folder's changes whenever an
// entry is written into it or removed.
function prune(dir, used) {
  removeOld(dir, (name, entry) => entryName.test(name) && !used.has(entry), fs.unlinkSync);
}

function pruneSiblings(dir, pattern) {
  removeOld(path.dirname(dir), (name, sibling) => sibling !== dir && pattern.test(name), (sibling) => fs.rmSync(sibling, { recursive: true, force: true }));
}

// Removes, with remove, what in folder is chosen by which and is older
// than maxAgeDays.
function removeOld(folder, which, remove) {
  const before = Date.now() - maxAgeDays * 24 * 3600 * 1000;
  let names;
  try {
    names = fs.readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    const p = path.join(folder, name);
    if (!which(name, p)) continue;
    try {
      if (fs.statSync(p).mtimeMs < before) remove(p);
    } catch {}
  }
}
