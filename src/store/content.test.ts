import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AbortedError,
  CorruptChunkError,
  DiskFullError,
  NotFoundError,
  QuotaExceededError,
  RangeNotSatisfiableError,
} from '../core/errors.js';
import { chunkParamsFor } from './chunk-params.js';
import { findCutPoint } from './chunker.js';
import { readContent, writeContent } from './content.js';
import { DiskChunkStore } from './disk-chunk-store.js';
import type { ChunkRef, ChunkStore } from './types.js';

const KiB = 1024;
const MiB = 1024 * KiB;
const TIER_64K = chunkParamsFor();
/**
 * Big enough that buffering the whole file would blow the 150 MB memory bound three times over;
 * 1.5 GiB took ~25 s on the 2-core build machine (fsync-bound), this takes ~10 s.
 */
const LARGE_FILE_BYTES = 512 * MiB;

async function* piecesOf(data: Buffer, pieceSize = 64 * KiB): AsyncGenerator<Buffer> {
  for (let offset = 0; offset < data.length; offset += pieceSize) yield data.subarray(offset, offset + pieceSize);
}

/** Everything a stream emitted, and the error it ended with, if any. */
async function drain(stream: Readable): Promise<{ data: Buffer; error?: unknown }> {
  const pieces: Buffer[] = [];
  try {
    for await (const piece of stream) pieces.push(piece as Buffer);
    return { data: Buffer.concat(pieces) };
  } catch (error) {
    return { data: Buffer.concat(pieces), error };
  }
}

/** Polls `condition` until it holds, failing after a deadline rather than sleeping a fixed time. */
async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function chunkStarts(chunks: readonly ChunkRef[]): number[] {
  const starts: number[] = [];
  let offset = 0;
  for (const chunk of chunks) {
    starts.push(offset);
    offset += chunk.size;
  }
  return starts;
}

describe('content', () => {
  let dir: string;
  let store: DiskChunkStore;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kith-content-'));
    store = await DiskChunkStore.open({ dir });
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const write = (data: Buffer, pieceSize?: number) =>
    writeContent(store, piecesOf(data, pieceSize), { lease: store.lease(), sizeHint: data.length });

  const chunkFile = (hash: string): string => join(dir, hash.slice(0, 2), hash.slice(2, 4), hash);

  describe('round trips', () => {
    const zerosOfMax = Buffer.alloc(TIER_64K.max);

    it.each([
      ['empty', Buffer.alloc(0), 0],
      ['1 byte', Buffer.from([7]), 1],
      ['exactly min bytes', randomBytes(TIER_64K.min), 1],
      ['exactly one max-sized chunk', zerosOfMax, 1],
      ['many chunks', randomBytes(3 * MiB + 123), undefined],
    ])('%s', async (_name, data, expectedChunks) => {
      if (data === zerosOfMax) expect(findCutPoint(data, TIER_64K), 'premise: zeros cut only at max').toBe(TIER_64K.max);
      const result = await write(data, 10_000);
      expect(result.size).toBe(data.length);
      expect(result.chunks.reduce((sum, c) => sum + c.size, 0)).toBe(data.length);
      if (expectedChunks !== undefined) expect(result.chunks.length).toBe(expectedChunks);
      else expect(result.chunks.length).toBeGreaterThan(10);
      expect(result.newBytes).toBe(data.length);
      const { data: read, error } = await drain(readContent(store, result.chunks));
      expect(error).toBeUndefined();
      expect(read.equals(data), `read ${read.length} bytes, wrote ${data.length}`).toBe(true);
    });
  });

  it('stores the same content once: the second write adds no bytes and gives the same chunks', async () => {
    const data = randomBytes(2 * MiB);
    const first = await write(data, 30_000);
    const second = await write(data, 77_777);
    expect(second.newBytes).toBe(0);
    expect(second.chunks).toEqual(first.chunks);
  });

  it('refuses content over maxBytes with QuotaExceededError and stops reading the source', async () => {
    let piecesRead = 0;
    async function* endless(): AsyncGenerator<Buffer> {
      for (;;) {
        piecesRead++;
        yield randomBytes(64 * KiB);
      }
    }
    const writing = writeContent(store, endless(), { lease: store.lease(), maxBytes: MiB });
    await expect(writing).rejects.toThrow(QuotaExceededError);
    expect(piecesRead).toBe(MiB / (64 * KiB) + 1);
  });

  it('accepts content of exactly maxBytes', async () => {
    const data = randomBytes(200 * KiB);
    const result = await writeContent(store, piecesOf(data), { lease: store.lease(), maxBytes: data.length });
    expect(result.size).toBe(data.length);
  });

  it('keeps at most 8 chunk writes in flight and stops reading the source while they wait', async () => {
    let release = (): void => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    let running = 0;
    let maxRunning = 0;
    const slowStore: ChunkStore = Object.assign(Object.create(store) as ChunkStore, {
      put: async (...args: Parameters<ChunkStore['put']>) => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        await released;
        try {
          return await store.put(...args);
        } finally {
          running--;
        }
      },
    });
    let piecesRead = 0;
    const data = randomBytes(8 * MiB);
    async function* counted(): AsyncGenerator<Buffer> {
      for await (const piece of piecesOf(data)) {
        piecesRead++;
        yield piece;
      }
    }
    const writing = writeContent(slowStore, counted(), { lease: store.lease() });
    await until(() => running === 8, '8 writes to be waiting');
    // A grace period for the negative check: a writer without backpressure would read on at once.
    await new Promise((resolve) => setTimeout(resolve, 100));
    // 8 waiting chunks (< max = 256 KiB each) plus the chunk being cut: at most ~9 * 4 pieces.
    expect(piecesRead).toBeLessThanOrEqual(37);
    release();
    const result = await writing;
    expect(maxRunning).toBe(8);
    expect(result.size).toBe(data.length);
  });

  it('commits once, after every put, and only then resolves with chunks that are visible', async () => {
    const calls: string[] = [];
    const lease = store.lease();
    const recordingStore: ChunkStore = Object.assign(Object.create(store) as ChunkStore, {
      put: async (...args: Parameters<ChunkStore['put']>) => {
        const result = await store.put(...args);
        calls.push(`put ${await store.has(result.hash)}`);
        return result;
      },
      commit: (...args: Parameters<ChunkStore['commit']>) => (calls.push('commit'), store.commit(...args)),
    });
    const { chunks } = await writeContent(recordingStore, piecesOf(randomBytes(MiB)), { lease });
    expect(calls).toEqual([...chunks.map(() => 'put false'), 'commit']);
    for (const { hash } of chunks) expect(await store.has(hash)).toBe(true);
  });

  it('fails with the first write error, after every other write has finished, committing nothing', async () => {
    let puts = 0;
    let running = 0;
    let commits = 0;
    const failingStore: ChunkStore = Object.assign(Object.create(store) as ChunkStore, {
      commit: () => (commits++, Promise.resolve()),
      put: async (...args: Parameters<ChunkStore['put']>) => {
        running++;
        try {
          if (++puts === 3) throw new DiskFullError();
          return await store.put(...args);
        } finally {
          running--;
        }
      },
    });
    const lease = store.lease();
    const writing = writeContent(failingStore, piecesOf(randomBytes(4 * MiB)), { lease });
    await expect(writing).rejects.toThrow(DiskFullError);
    expect(running, 'writes still running after writeContent failed').toBe(0);
    lease.release();
    await until(() => readdirSync(join(dir, 'tmp')).length === 0, 'release() to discard the staged chunks');
    expect(puts, 'writes started: the source must stop being read').toBeLessThan(14);
    expect(commits).toBe(0);
  });

  it('stops with AbortedError when the signal fires', async () => {
    const controller = new AbortController();
    async function* abortingSource(): AsyncGenerator<Buffer> {
      yield randomBytes(200 * KiB);
      controller.abort();
      yield randomBytes(200 * KiB);
    }
    const writing = writeContent(store, abortingSource(), { lease: store.lease(), signal: controller.signal });
    await expect(writing).rejects.toThrow(AbortedError);
    for await (const chunk of store.list()) expect.fail(`chunk ${chunk.hash} was committed`);
  });

  it('pins every chunk under the lease, which writeContent leaves to the caller to release', async () => {
    const lease = store.lease();
    const result = await writeContent(store, piecesOf(randomBytes(MiB)), { lease });
    expect([...lease.hashes].sort()).toEqual([...new Set(result.chunks.map((c) => c.hash))].sort());
    expect(await store.deleteIfUnleased(result.chunks[0].hash)).toBe(false);
  });

  describe('byte ranges', () => {
    let data: Buffer;
    let chunks: ChunkRef[];
    let starts: number[];

    beforeEach(async () => {
      data = randomBytes(MiB);
      ({ chunks } = await write(data));
      starts = chunkStarts(chunks);
      expect(chunks.length, 'premise: several chunks').toBeGreaterThan(4);
    });

    const cases: [string, () => [number, number]][] = [
      ['the first byte', () => [0, 0]],
      ['the last byte', () => [data.length - 1, data.length - 1]],
      ['everything', () => [0, data.length - 1]],
      ['exactly one chunk (start and end on boundaries)', () => [starts[2], starts[3] - 1]],
      ['from one byte before a boundary to one byte after it', () => [starts[2] - 1, starts[2]]],
      ['from a boundary to one byte after the next', () => [starts[1], starts[2]]],
      ['from one byte after a boundary to one byte before the next', () => [starts[1] + 1, starts[2] - 2]],
      ['inside one chunk', () => [starts[3] + 100, starts[3] + 200]],
      ['across several chunks', () => [starts[1] + 5, starts[4] + 5]],
      ['from inside the last chunk to the end', () => [starts.at(-1)! + 1, data.length - 1]],
    ];

    it.each(cases)('%s', async (_name, range) => {
      const [start, end] = range();
      const { data: read, error } = await drain(readContent(store, chunks, { start, end }));
      expect(error).toBeUndefined();
      expect(read.length).toBe(end - start + 1);
      expect(read.equals(data.subarray(start, end + 1))).toBe(true);
    });

    it.each([
      [0, MiB],
      [10, 9],
      [-1, 5],
      [0.5, 10],
    ])('refuses the range %d-%d with RangeNotSatisfiableError', (start, end) => {
      expect(() => readContent(store, chunks, { start, end })).toThrow(RangeNotSatisfiableError);
    });

    it('refuses any range of empty content', () => {
      expect(() => readContent(store, [], { start: 0, end: 0 })).toThrow(RangeNotSatisfiableError);
    });
  });

  describe('verification on read', () => {
    let data: Buffer;
    let chunks: ChunkRef[];

    beforeEach(async () => {
      data = randomBytes(2 * MiB);
      ({ chunks } = await write(data));
      expect(chunks.length, 'premise: several chunks').toBeGreaterThan(6);
    });

    it('ends with CorruptChunkError at a corrupt chunk, having emitted only a correct strict prefix', async () => {
      const victim = chunks[4].hash;
      const bytes = await readFile(chunkFile(victim));
      bytes[bytes.length >> 1] ^= 0x80;
      await writeFile(chunkFile(victim), bytes);
      const { data: read, error } = await drain(readContent(store, chunks));
      expect(error).toBeInstanceOf(CorruptChunkError);
      expect((error as CorruptChunkError).hash).toBe(victim);
      expect(read.length).toBeLessThan(data.length);
      expect(read.equals(data.subarray(0, read.length)), `the ${read.length} bytes emitted are a prefix`).toBe(true);
    });

    it('ends with CorruptChunkError at a missing chunk: the content is damaged, not absent', async () => {
      await rm(chunkFile(chunks[3].hash));
      const { data: read, error } = await drain(readContent(store, chunks));
      expect(error).toBeInstanceOf(CorruptChunkError);
      expect((error as CorruptChunkError).message).toBe(`chunk ${chunks[3].hash} is missing`);
      await expect(store.get(chunks[3].hash), 'get() itself').rejects.toThrow(NotFoundError);
      expect(read.equals(data.subarray(0, read.length))).toBe(true);
    });

    it('treats a chunk whose size differs from the manifest as corrupt', async () => {
      const lying = chunks.map((c, i) => (i === 2 ? { ...c, size: c.size + 1 } : c));
      const { error } = await drain(readContent(store, lying));
      expect(error).toBeInstanceOf(CorruptChunkError);
    });

    it('is destroyed with AbortedError when the signal fires', async () => {
      const controller = new AbortController();
      const stream = readContent(store, chunks, undefined, controller.signal);
      stream.once('data', () => controller.abort());
      const { error } = await drain(stream);
      expect(error).toBeInstanceOf(AbortedError);
    });
  });

  it('streams a large file through in bounded memory', { timeout: 120_000 }, async () => {
    const size = LARGE_FILE_BYTES;
    const block = Buffer.alloc(MiB);
    const cipher = createCipheriv('aes-128-ctr', randomBytes(16), randomBytes(16));
    const inputHash = createHash('sha256');
    const baseline = process.memoryUsage.rss();
    let peak = baseline;
    const sample = (): void => {
      peak = Math.max(peak, process.memoryUsage.rss());
    };
    async function* generated(): AsyncGenerator<Buffer> {
      for (let offset = 0; offset < size; offset += MiB) {
        const piece = cipher.update(block);
        inputHash.update(piece);
        sample();
        yield piece;
      }
    }

    const lease = store.lease();
    const written = await writeContent(store, generated(), { lease, sizeHint: size });
    expect(written.size).toBe(size);

    const outputHash = createHash('sha256');
    let outputBytes = 0;
    for await (const piece of readContent(store, written.chunks)) {
      outputHash.update(piece as Buffer);
      outputBytes += (piece as Buffer).length;
      sample();
    }
    expect(outputBytes).toBe(size);
    expect(outputHash.digest('hex')).toBe(inputHash.digest('hex'));
    expect((peak - baseline) / MiB, 'RSS growth in MiB').toBeLessThan(150);
  });
});
