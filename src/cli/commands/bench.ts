/**
 * `kith bench`: how fast this machine chunks, hashes, stores durably and reads back verified
 * content, on the disk of the data directory. A quick answer for "is a Pi on USB fast enough?";
 * `npm run bench` in the source tree compares the whole node with cp, openssl and rclone.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { DiskChunkStore, readContent, writeContent } from '../../store/index.js';
import { flagsOf } from '../context.js';
import { printJson } from '../output.js';
import { dataDirFrom } from '../sources.js';
import { mkdir } from 'node:fs/promises';

export function registerBenchCommand(program: Command): void {
  program
    .command('bench')
    .description('measure chunk + hash + durable write and verified read speed on the data disk')
    .option('--mib <n>', 'amount of data to write', (v) => Number(v), 256)
    .action(async (opts: { mib: number }, cmd: Command) => {
      const dataDir = dataDirFrom(flagsOf(cmd));
      await mkdir(dataDir, { recursive: true });
      const dir = await mkdtemp(join(dataDir, 'bench-'));
      try {
        const result = await measure(dir, opts.mib);
        if (flagsOf(cmd).json) printJson(result);
        else process.stdout.write(`write ${result.writeMiBps.toFixed(0)} MiB/s, read ${result.readMiBps.toFixed(0)} MiB/s (${opts.mib} MiB, ${result.chunks} chunks)\n`);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
}

async function measure(dir: string, mib: number) {
  const store = await DiskChunkStore.open({ dir });
  const block = randomBytes(1024 * 1024);
  async function* source() {
    // Distinct content per MiB (the counter), so no chunk is deduplicated.
    for (let i = 0; i < mib; i++) {
      const b = Buffer.from(block);
      b.writeUInt32BE(i, 0);
      yield b;
    }
  }
  const lease = store.lease();
  let started = performance.now();
  const written = await writeContent(store, source(), { lease, sizeHint: mib * 1024 * 1024 });
  const writeSeconds = (performance.now() - started) / 1000;
  lease.release();
  started = performance.now();
  await pipeline(readContent(store, written.chunks), new Writable({ write: (_c, _e, cb) => cb() }));
  const readSeconds = (performance.now() - started) / 1000;
  return { mib, chunks: written.chunks.length, writeMiBps: mib / writeSeconds, readMiBps: mib / readSeconds };
}
