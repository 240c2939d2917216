#!/usr/bin/env node
// The `kith` command. The code lives in dist/ (built by `npm run build`, which `npm ci` runs).
import { existsSync } from 'node:fs';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error('kith: not built yet; run `npm run build` in the Kith folder first');
  process.exit(1);
}
const { run } = await import(main.href);
process.exitCode = await run(process.argv);
