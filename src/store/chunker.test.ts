import { createCipheriv, createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AbortedError } from '../core/errors.js';
import { chunkParamsFor, type ChunkParams } from './chunk-params.js';
import { chunkStream, findCutPoint } from './chunker.js';

const KiB = 1024;
const MiB = 1024 * KiB;
const TIER_64K = chunkParamsFor();
/** A tiny tier (avg 1 KiB) so that byte-by-byte feeding still crosses many boundaries quickly. */
const TINY: ChunkParams = { min: 256, avg: 1024, max: 4096, maskS: (0xffffffff << 20) | 0, maskL: (0xffffffff << 24) | 0 };

/** Deterministic pseudo-random bytes (AES-CTR keystream), the same on every run and machine. */
function pseudoRandomBytes(length: number, seed: number): Buffer {
  const key = createHash('sha256').update(`chunker-test-${seed}`).digest().subarray(0, 16);
  return createCipheriv('aes-128-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(length));
}

async function* fromBuffers(buffers: Iterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  yield* buffers;
}

function* splitEvery(data: Buffer, size: number): Generator<Buffer> {
  for (let offset = 0; offset < data.length; offset += size) yield data.subarray(offset, offset + size);
}

function* splitRandomly(data: Buffer, seed: number, maxPiece: number): Generator<Buffer> {
  const sizes = pseudoRandomBytes(data.length, seed);
  for (let offset = 0, i = 0; offset < data.length; i++) {
    const size = 1 + (sizes.readUInt32LE((i * 4) % (sizes.length - 4)) % maxPiece);
    yield data.subarray(offset, offset + size);
    offset += size;
  }
}

async function chunkSizes(input: Iterable<Uint8Array>, params: ChunkParams): Promise<number[]> {
  const sizes: number[] = [];
  for await (const chunk of chunkStream(fromBuffers(input), params)) sizes.push(chunk.length);
  return sizes;
}

async function hashChunks(data: Buffer, params: ChunkParams): Promise<{ hash: string; size: number }[]> {
  const chunks: { hash: string; size: number }[] = [];
  for await (const chunk of chunkStream(fromBuffers([data]), params)) {
    chunks.push({ hash: createHash('sha256').update(chunk).digest('hex'), size: chunk.length });
  }
  return chunks;
}

/** Cut points by repeated findCutPoint on one contiguous buffer: the reference for the stream. */
function referenceSizes(data: Buffer, params: ChunkParams): number[] {
  const sizes: number[] = [];
  for (let offset = 0; offset < data.length; ) {
    const size = findCutPoint(data.subarray(offset), params);
    sizes.push(size);
    offset += size;
  }
  return sizes;
}

describe('findCutPoint', () => {
  it('takes everything when no more than min bytes are left', () => {
    const data = pseudoRandomBytes(TIER_64K.min, 1);
    expect(findCutPoint(data, TIER_64K)).toBe(TIER_64K.min);
    expect(findCutPoint(data.subarray(0, 10), TIER_64K)).toBe(10);
  });

  it('cuts at max at the latest, even where the hash never matches', () => {
    const zeros = Buffer.alloc(10 * TIER_64K.max);
    const cut = findCutPoint(zeros, TIER_64K);
    expect(cut).toBeGreaterThan(TIER_64K.min);
    expect(cut).toBeLessThanOrEqual(TIER_64K.max);
  });

  it('cuts the same fixed data at the same places forever (format stability)', () => {
    const sizes = referenceSizes(pseudoRandomBytes(MiB, 7), TIER_64K);
    expect(sizes).toEqual(PINNED_SIZES);
  });
});

describe('chunkStream', () => {
  it('yields nothing for empty input, and ignores empty buffers', async () => {
    expect(await chunkSizes([], TIER_64K)).toEqual([]);
    expect(await chunkSizes([Buffer.alloc(0), new Uint8Array(0)], TIER_64K)).toEqual([]);
  });

  it('keeps every chunk within [min, max] except the last one', async () => {
    const data = pseudoRandomBytes(8 * MiB, 2);
    const sizes = await chunkSizes([data], TIER_64K);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(data.length);
    const outOfBounds = sizes.slice(0, -1).filter((s) => s < TIER_64K.min || s > TIER_64K.max);
    expect(outOfBounds).toEqual([]);
    expect(sizes.at(-1)).toBeLessThanOrEqual(TIER_64K.max);
  });

  it('averages close to avg on random data (normalized chunking)', async () => {
    const sizes = await chunkSizes([pseudoRandomBytes(32 * MiB, 3)], TIER_64K);
    const mean = (32 * MiB) / sizes.length;
    expect(mean).toBeGreaterThan(TIER_64K.avg);
    expect(mean).toBeLessThan(1.3 * TIER_64K.avg);
  });

  it('cuts where findCutPoint cuts on one contiguous buffer', async () => {
    const data = pseudoRandomBytes(4 * MiB, 4);
    expect(await chunkSizes([data], TIER_64K)).toEqual(referenceSizes(data, TIER_64K));
  });

  it('cuts by content only: 1-byte pieces give the same chunks as one buffer', async () => {
    const data = pseudoRandomBytes(64 * KiB, 5);
    const whole = await chunkSizes([data], TINY);
    expect(whole.length).toBeGreaterThan(20);
    expect(await chunkSizes(splitEvery(data, 1), TINY)).toEqual(whole);
    expect(await chunkSizes(splitEvery(data, 7), TINY)).toEqual(whole);
  });

  it('cuts by content only: random pieces give the same chunks as one buffer', async () => {
    const data = pseudoRandomBytes(6 * MiB, 6);
    const whole = await chunkSizes([data], TIER_64K);
    for (const [seed, maxPiece] of [[1, 100], [2, 70_000], [3, 1 * MiB]]) {
      expect(await chunkSizes(splitRandomly(data, seed, maxPiece), TIER_64K), `pieces up to ${maxPiece}`).toEqual(whole);
    }
  });

  it('yields the exact bytes, in order', async () => {
    const data = pseudoRandomBytes(3 * MiB, 8);
    const chunks: Buffer[] = [];
    for await (const chunk of chunkStream(fromBuffers(splitRandomly(data, 4, 50_000)), TIER_64K)) chunks.push(chunk);
    expect(Buffer.concat(chunks).equals(data)).toBe(true);
  });

  it('changes at most 2 chunks (< 3 avg of new bytes) for a 1-byte edit in the middle of 32 MiB', async () => {
    const original = pseudoRandomBytes(32 * MiB, 9);
    const edited = Buffer.from(original);
    edited[16 * MiB] ^= 0xff;
    const before = new Set((await hashChunks(original, TIER_64K)).map((c) => c.hash));
    const after = await hashChunks(edited, TIER_64K);
    const changed = after.filter((c) => !before.has(c.hash));
    expect(changed.length).toBeGreaterThanOrEqual(1);
    expect(changed.length).toBeLessThanOrEqual(2);
    expect(changed.reduce((sum, c) => sum + c.size, 0)).toBeLessThan(3 * TIER_64K.avg);
  });

  it('resynchronises after a 1-byte insertion: all but at most 2 chunks are shared', async () => {
    const original = pseudoRandomBytes(32 * MiB, 10);
    const inserted = Buffer.concat([original.subarray(0, 10 * MiB), Buffer.from([42]), original.subarray(10 * MiB)]);
    const before = new Set((await hashChunks(original, TIER_64K)).map((c) => c.hash));
    const after = await hashChunks(inserted, TIER_64K);
    const changed = after.filter((c) => !before.has(c.hash));
    expect(changed.length).toBeLessThanOrEqual(2);
    expect(after.length).toBeGreaterThan(300);
  });

  it('throws AbortedError once the signal fires', async () => {
    const controller = new AbortController();
    const chunks = chunkStream(fromBuffers(splitEvery(pseudoRandomBytes(MiB, 11), 64 * KiB)), TIER_64K, controller.signal);
    await chunks.next();
    controller.abort();
    await expect(chunks.next()).rejects.toThrow(AbortedError);
  });
});

/** Chunk sizes of pseudoRandomBytes(1 MiB, 7) at the 64 KiB tier. Changing these breaks dedup with every stored chunk. */
const PINNED_SIZES = [
  77459, 69824, 66879, 130036, 57538, 67516, 64829, 32075, 94862, 73958, 70721, 65871, 81903, 68268, 17519, 9318,
];
