#!/usr/bin/env -S node --max-semi-space-size=2
// The `kith` command. The code lives in dist/ (built by `npm run build`, which `npm ci` runs).
//
// --max-semi-space-size=2 (MiB): V8's young generation otherwise reserves 32 MiB on a 64-bit
// machine, a quarter of a node's memory at rest, for garbage that mostly dies within a request; a
// chunk's bytes live outside the V8 heap anyway. Only the command line sets it (v8.setFlagsFromString
// is too late once the heap exists), hence this line; `npm start` runs this file as a program.
import { existsSync } from 'node:fs';

// fsyncs of chunk files run on libuv's thread pool, and the disk does best with many in flight at
// once (ext4 folds concurrent fsyncs into shared journal commits). The default pool has 4 threads.
// Read when the pool first starts, so it must be set before any asynchronous file operation.
process.env.UV_THREADPOOL_SIZE ??= '32';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error('kith: not built yet; run `npm run build` in the Kith folder first');
  process.exit(1);
}
// Before anything imports libp2p (see src/core/polyfills.ts).
await import(new URL('../dist/core/polyfills.js', import.meta.url).href);
const { run } = await import(main.href);
process.exitCode = await run(process.argv);
