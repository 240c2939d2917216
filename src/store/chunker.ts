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
    let hash = this.hash;
    // Hot loops: plain int32 arithmetic on a typed array, no calls, so V8 keeps them tight.
    const smallEnd = Math.min(end, avg - chunkBase);
    for (; i < smallEnd; i++) {
      hash = ((hash << 1) + GEAR[data[i]]) | 0;
      if ((hash & maskS) === 0) return this.cutAt(i + 1);
    }
    const largeEnd = Math.min(end, max - chunkBase);
    for (; i < largeEnd; i++) {
      hash = ((hash << 1) + GEAR[data[i]]) | 0;
      if ((hash & maskL) === 0) return this.cutAt(i + 1);
    }
    if (chunkBase + i === max) return this.cutAt(i);
    this.hash = hash;
    this.chunkLength = chunkBase + end;
    return -1;
  }

  private cutAt(index: number): number {
    this.hash = 0;
    this.chunkLength = 0;
    return index;
  }
}

/** Length of the first chunk of `data`, where `data` is everything left of the content. */
export function findCutPoint(data: Uint8Array, params: ChunkParams): number {
  const cut = new CutScanner(params).scan(data, 0, data.length);
  return cut < 0 ? data.length : cut;
}

/**
 * Cuts a byte stream into chunks, each yielded as one contiguous Buffer. Holds at most one chunk
 * (< max bytes) plus the current input buffer: the bytes of a chunk that spans several inputs are
 * kept as references to those inputs and copied once, when the chunk is complete. A chunk that
 * lies inside a single input is yielded as a view of it without copying, so a source must not
 * reuse a buffer after yielding it (Node streams never do).
 */
export async function* chunkStream(
  source: AsyncIterable<Uint8Array>,
  params: ChunkParams,
  signal?: AbortSignal,
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
      yield joinParts(pending);
      throwIfAborted(signal, 'chunking');
      pending = [];
      offset = cut;
    }
  }
  if (pending.length > 0) yield joinParts(pending);
}

function joinParts(parts: Uint8Array[]): Buffer {
  if (parts.length === 1) {
    const only = parts[0];
    return Buffer.from(only.buffer, only.byteOffset, only.length);
  }
  return Buffer.concat(parts);
}
