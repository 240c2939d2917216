#!/usr/bin/env node
// The `kith` command. The code lives in dist/ (built by `npm run build`, which `npm ci` runs).
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
