// What a 1-byte edit of a 100 MiB file costs in new chunk bytes (what a peer would have to fetch),
// over random edit positions. Syncthing's 128 KiB blocks sent 163 KiB for the same edit (measured
// by ../shared/anchors/syncthing_bench.sh, case c, on this kind of machine).
// Run after `npm run build`: node bench/edit-cost.mjs
import { Buffer } from 'node:buffer';
import { createHash, randomBytes } from 'node:crypto';
import { chunkParamsFor, chunkStream } from '../dist/store/index.js';

const SIZE = 100 * 1024 * 1024;
const TRIALS = 20;
const SYNCTHING_KIB = 163;

async function chunksOf(buf) {
  async function* pieces() {
    for (let i = 0; i < buf.length; i += 65536) yield buf.subarray(i, i + 65536);
  }
  const out = [];
  for await (const c of chunkStream(pieces(), chunkParamsFor(buf.length))) {
    out.push({ hash: createHash('sha256').update(c).digest('hex'), size: c.length });
  }
  return out;
}

const data = randomBytes(SIZE);
const original = await chunksOf(data);
const known = new Set(original.map((c) => c.hash));
const costs = [];
for (let t = 0; t < TRIALS; t++) {
  const edited = Buffer.from(data);
  edited[Math.floor(Math.random() * SIZE)] ^= 0xff;
  const fresh = (await chunksOf(edited)).filter((c) => !known.has(c.hash));
  costs.push(fresh.reduce((sum, c) => sum + c.size, 0) / 1024);
}
const mean = costs.reduce((a, b) => a + b, 0) / TRIALS;
const worst = Math.max(...costs);
console.log(`100 MiB file: ${original.length} chunks, average ${(SIZE / original.length / 1024).toFixed(0)} KiB`);
console.log(`1-byte edit, new chunk bytes over ${TRIALS} random positions: mean ${mean.toFixed(0)} KiB, worst ${worst.toFixed(0)} KiB`);
console.log(`vs Syncthing ${SYNCTHING_KIB} KiB: mean ratio ${(mean / SYNCTHING_KIB).toFixed(2)}, worst ratio ${(worst / SYNCTHING_KIB).toFixed(2)} (goal <= 1.0)`);
