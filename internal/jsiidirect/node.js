// jsii-runtime-go starts `node <dir>/bin/jsii-runtime.js`: a relay that
// spawns a second Node running <dir>/lib/program.js (the jsii kernel) and
// copies every message between Go's pipes and the kernel's fd 3, wrapping
// the kernel's console output as JSON lines on stderr. Each round trip to
// Node thus crosses two processes and the relay's event loop.
//
// This runs the kernel in this process instead: fd 3 reads Go's requests
// from stdin (fd 0) and writes answers to stdout (fd 1), and console output
// goes to stderr as the same JSON lines the relay writes, which
// jsii-runtime-go turns back into the app's stdout and stderr. Where the
// kernel does not talk on fd 3 (another jsii version), it runs the relay.
//
// Started as `node node.js <code cache folder> <jsii-runtime.js> ...`: the
// kernel's modules are compiled through codecache.js, unless the folder is
// "" or STRANGLER_CODE_CACHE=off.
'use strict';
const fs = require('fs');
const path = require('path');

const [cacheDir, entrypoint] = process.argv.slice(2, 4);
const kernel = path.resolve(path.dirname(entrypoint), '..', 'lib', 'program.js');

function talksOnFd3(file) {
  try {
    return fs.readFileSync(file, 'utf-8').includes('readFD:3,writeFD:3');
  } catch {
    return false;
  }
}

if (!talksOnFd3(kernel)) {
  process.argv.splice(1, 2); // as if started as `node <entrypoint>`
  require(entrypoint);
} else {
  const { readSync, writeSync } = fs;
  const line = (key, chunk, encoding) => {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, typeof encoding === 'string' ? encoding : 'utf-8');
    writeAll(2, Buffer.from(JSON.stringify({ [key]: bytes.toString('base64') }) + '\n'));
  };
  // As the kernel's own writer: retry a full pipe rather than drop output.
  const writeAll = (fd, bytes) => {
    for (let done = 0; done < bytes.length;) {
      try {
        done += writeSync.call(fs, fd, bytes, done);
      } catch (e) {
        if (e.code !== 'EAGAIN') throw e;
      }
    }
  };
  // Only the kernel's own reads and writes name fd 3: jsii-runtime-go
  // starts this process with fds 0-2, and Node's event loop takes fd 3 at
  // startup (epoll on Linux), so no file opened here gets it.
  fs.readSync = function (fd, ...rest) {
    return readSync.call(this, fd === 3 ? 0 : fd, ...rest);
  };
  fs.writeSync = function (fd, data, ...rest) {
    if (fd === 3) return writeSync.call(this, 1, data, ...rest);
    if (fd === 1 || fd === 2) {
      const bytes = typeof data === 'string' ? Buffer.from(data, typeof rest[1] === 'string' ? rest[1] : 'utf-8') : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      const [offset, length] = typeof data === 'string' ? [0, bytes.length] : [rest[0] ?? 0, rest[1] ?? bytes.length - (rest[0] ?? 0)];
      line(fd === 1 ? 'stdout' : 'stderr', bytes.subarray(offset, offset + length));
      return length;
    }
    return writeSync.call(this, fd, data, ...rest);
  };
  for (const [stream, key] of [[process.stdout, 'stdout'], [process.stderr, 'stderr']]) {
    stream.write = (chunk, encoding, callback) => {
      line(key, chunk, encoding);
      const done = typeof encoding === 'function' ? encoding : callback;
      if (typeof done === 'function') process.nextTick(done);
      return true;
    };
  }
  if (cacheDir !== '' && process.env.STRANGLER_CODE_CACHE !== 'off') {
    // One folder per Node and per set of Node options: V8 refuses entries
    // made by another version or with other flags, and two kinds of run
    // sharing a folder would rewrite each other's entries every time.
    const options = JSON.stringify([process.execArgv, process.env.NODE_OPTIONS ?? '']);
    const flavour = require('crypto').createHash('sha256').update(options).digest('hex').slice(0, 12);
    require('./codecache.js').install(path.join(cacheDir, `${process.version}-${process.arch}-${flavour}`), { siblings: /^v\d[\w.-]*-[0-9a-f]{12}$/ });
  }
  process.argv.splice(1, 3, kernel); // as if started as `node <kernel>`
  require(kernel);
}
