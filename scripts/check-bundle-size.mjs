// Fails the build when the JavaScript the first page loads (the entry and everything it imports
// statically) exceeds the budget. Lazily loaded chunks, such as the password-strength
// dictionaries, do not count: they load only where they are needed.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 200 * 1024;
const dir = new URL('../dist/public/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('.vite/manifest.json', dir), 'utf8'));

const initial = new Set();
const visit = (key) => {
  const chunk = manifest[key];
  if (!chunk || initial.has(chunk.file)) return;
  initial.add(chunk.file);
  for (const imported of chunk.imports ?? []) visit(imported);
};
visit('index.html');

const gzipped = [...initial].reduce((sum, file) => sum + gzipSync(readFileSync(new URL(file, dir))).length, 0);
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
if (gzipped > BUDGET_BYTES) {
  console.error(`web app: the initial JavaScript is ${kib(gzipped)} gzip, over the budget of ${kib(BUDGET_BYTES)}`);
  process.exit(1);
}
console.log(`web app: initial JavaScript ${kib(gzipped)} gzip (budget ${kib(BUDGET_BYTES)})`);
