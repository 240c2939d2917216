/**
 * Content-defined chunking with FastCDC (Xia et al., "FastCDC: a Fast and Efficient
 * Content-Defined Chunking Approach for Data Deduplication", USENIX ATC 2016; extended in IEEE TPDS
 * 2020): a gear rolling hash, normalized chunking level 2 (a stricter mask before `avg`, a looser
 * one after it), no hashing at all in the first `min` bytes of a chunk, and a forced cut at `max`.
 *
 * Boundaries depend only on the content: the scanner carries its state (position in the chunk,
 * rolling hash) across input buffers, so the same bytes split differently give the same chunks.
 */
import { throwIfAborted } from './abort.js';
import type { ChunkParams } from './chunk-params.js';
import { GEAR } from './gear.js';

/**
 * A module-local binding for the hot loops: test runners that rewrite imports into property reads
 * (vitest does) would otherwise put a getter call on every byte.
 */
const GEAR_TABLE = GEAR;

/**
 * Typed-array views use the platform's byte order. The word-at-a-time loop below reads bytes in
 * little-endian order, so big-endian machines take the byte loop (same cut points, slower).
 */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
/** Below this many bytes, setting up a word view costs more than it saves. */
const MIN_WORD_SCAN = 64;

/** Finds cut points in a stream of buffers, one buffer at a time. */
export class CutScanner {
  private readonly params: ChunkParams;
  /** Bytes of the current chunk already scanned (in earlier buffers or earlier in this one). */
  private chunkLength = 0;
  private hash = 0;

  constructor(params: ChunkParams) {
    this.params = params;
  }

  /**
   * Scans data[start, end) as the continuation of the current chunk. Returns the index in `data`
   * just after the chunk's last byte when the chunk ends inside this range (and starts a new chunk
   * there), or -1 when the whole range belongs to the current chunk.
   */
  scan(data: Uint8Array, start: number, end: number): number {
    const { min, avg, max, maskS, maskL } = this.params;
    // Position in the chunk of data[i] is chunkBase + i.
    const chunkBase = this.chunkLength - start;
    let i = start;
    if (this.chunkLength < min) i = Math.min(end, start + min - this.chunkLength);
    const smallEnd = Math.min(end, avg - chunkBase);
    if (i < smallEnd) {
      const cut = this.roll(data, i, smallEnd, maskS);
      if (cut >= 0) return this.cutAt(cut);
      i = smallEnd;
    }
    const largeEnd = Math.min(end, max - chunkBase);
    if (i < largeEnd) {
      const cut = this.roll(data, i, largeEnd, maskL);
      if (cut >= 0) return this.cutAt(cut);
      i = largeEnd;
    }
    if (chunkBase + i === max) return this.cutAt(i);
    this.chunkLength = chunkBase + end;
    return -1;
  }

  private cutAt(index: number): number {
    this.hash = 0;
    this.chunkLength = 0;
    return index;
  }

  /**
   * Rolls the hash over data[from, to) until (hash & mask) === 0; returns the index after the
   * matching byte, or -1. Reading four bytes per load doubles the speed in V8 (fewer typed-array
   * loads and bounds checks per byte), so the aligned middle of the range is read as 32-bit words.
   */
  private roll(data: Uint8Array, from: number, to: number, mask: number): number {
    if (!LITTLE_ENDIAN || to - from < MIN_WORD_SCAN) return this.rollBytes(data, from, to, mask);
    const wordsStart = from + ((4 - ((data.byteOffset + from) & 3)) & 3);
    const wordCount = (to - wordsStart) >> 2;
    const wordsEnd = wordsStart + wordCount * 4;
    let cut = this.rollBytes(data, from, wordsStart, mask);
    if (cut < 0) cut = this.rollWords(new Int32Array(data.buffer, data.byteOffset + wordsStart, wordCount), wordsStart, mask);
    if (cut < 0) cut = this.rollBytes(data, wordsEnd, to, mask);
    return cut;
  }

  // The two hot loops: plain int32 arithmetic on typed arrays, no calls, so V8 keeps them tight.

  private rollBytes(data: Uint8Array, from: number, to: number, mask: number): number {
    let hash = this.hash;
    for (let i = from; i < to; i++) {
      hash = ((hash << 1) + GEAR_TABLE[data[i]]) | 0;
      if ((hash & mask) === 0) return i + 1;
    }
    this.hash = hash;
    return -1;
  }

  /** Same as rollBytes over words[0..] (little-endian), where words[0] starts at data index `base`. */
  private rollWords(words: Int32Array, base: number, mask: number): number {
    let hash = this.hash;
    for (let j = 0; j < words.length; j++) {
      const word = words[j];
      hash = ((hash << 1) + GEAR_TABLE[word & 0xff]) | 0;
      if ((hash & mask) === 0) return base + j * 4 + 1;
      hash = ((hash << 1) + GEAR_TABLE[(word >>> 8) & 0xff]) | 0;
      if ((hash & mask) === 0) return base + j * 4 + 2;
      hash = ((hash << 1) + GEAR_TABLE[(word >>> 16) & 0xff]) | 0;
      if ((hash & mask) === 0) return base + j * 4 + 3;
      hash = ((hash << 1) + GEAR_TABLE[word >>> 24]) | 0;
      if ((hash & mask) === 0) return base + j * 4 + 4;
    }
    this.hash = hash;
    return -1;
  }
}

/** Length of the first chunk of `data`, where `data` is everything left of the content. */
export function findCutPoint(data: Uint8Array, params: ChunkParams): number {
  const cut = new CutScanner(params).scan(data, 0, data.length);
  return cut < 0 ? data.length : cut;
}

/**
 * Cuts a byte stream into chunks, each yielded as one contiguous Buffer. Holds at most one chunk
 * (<= max bytes) plus the current input buffer: the bytes of a chunk that spans several inputs are
 * kept as references to those inputs and copied once, when the chunk is complete. A chunk that
 * lies inside a single input is yielded as a view of it without copying, so a source must not
 * reuse a buffer after yielding it (Node streams never do).
 */
export async function* chunkStream(
  source: AsyncIterable<Uint8Array>,
  params: ChunkParams,
  signal?: AbortSignal,
  allocate: (size: number) => Buffer = Buffer.allocUnsafeSlow,
): AsyncGenerator<Buffer> {
  const scanner = new CutScanner(params);
  let pending: Uint8Array[] = [];
  for await (const input of source) {
    throwIfAborted(signal, 'chunking');
    let offset = 0;
    while (offset < input.length) {
      const cut = scanner.scan(input, offset, input.length);
      if (cut < 0) {
        pending.push(input.subarray(offset));
        break;
      }
      pending.push(input.subarray(offset, cut));
      yield joinParts(pending, allocate);
      throwIfAborted(signal, 'chunking');
      pending = [];
      offset = cut;
    }
  }
  if (pending.length > 0) yield joinParts(pending, allocate);
}

function joinParts(parts: Uint8Array[], allocate: (size: number) => Buffer): Buffer {
  if (parts.length === 1) {
    const only = parts[0]!;
    return Buffer.from(only.buffer, only.byteOffset, only.length);
  }
  const out = allocate(parts.reduce((sum, p) => sum + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
