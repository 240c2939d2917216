/**
 * The read side of content.ts: which part of which chunk a byte range needs, and fetching those
 * chunks a little ahead of the reader.
 */
import { CorruptChunkError, NotFoundError, RangeNotSatisfiableError } from '../core/errors.js';
import { throwIfAborted } from './abort.js';
import { contentSize } from './manifest.js';
import type { ChunkRef, ChunkStore } from './types.js';

/** Chunks fetched ahead of the one being emitted, so disk reads overlap with the consumer. */
const PREFETCH_CHUNKS = 2;

/** Inclusive byte range, as in HTTP Range (RFC 9110 §14.1.2). */
export interface ByteRange {
  start: number;
  end: number;
}

/** The bytes [from, to) of one chunk. */
export interface ChunkSlice {
  ref: ChunkRef;
  from: number;
  to: number;
}

/** The half-open range [start, end) to read: the whole content, or `range` once checked. */
export function resolveRange(chunks: readonly ChunkRef[], range?: ByteRange): { start: number; end: number } {
  const size = contentSize(chunks);
  if (range === undefined) return { start: 0, end: size };
  const { start, end } = range;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || start > end || end >= size) {
    throw new RangeNotSatisfiableError(`byte range ${start}-${end} is outside the content (${size} bytes)`, size);
  }
  return { start, end: end + 1 };
}

/** The slices of chunks that hold bytes [start, end) of the content, in order. */
export function* chunkSlices(chunks: readonly ChunkRef[], start: number, end: number): Generator<ChunkSlice> {
  let chunkStart = 0;
  for (const ref of chunks) {
    const chunkEnd = chunkStart + ref.size;
    if (chunkEnd > start && chunkStart < end) {
      yield { ref, from: Math.max(start - chunkStart, 0), to: Math.min(end, chunkEnd) - chunkStart };
    }
    if (chunkEnd >= end) return;
    chunkStart = chunkEnd;
  }
}

/**
 * Fetches each slice's chunk (verified by the store, checked against its manifest size) and yields
 * the slice's bytes. A chunk the manifest names but the store lacks is damage, not absence: the
 * content exists, its bytes are lost. So it fails as CorruptChunkError (E_CORRUPT), not NotFoundError.
 */
export async function* readChunkSlices(
  store: ChunkStore,
  slices: Iterator<ChunkSlice>,
  signal?: AbortSignal,
): AsyncGenerator<Buffer> {
  const ahead: { slice: ChunkSlice; data: Promise<Buffer> }[] = [];
  const fetchNext = (): void => {
    const next = slices.next();
    if (next.done === true) return;
    const data = fetchChunk(store, next.value.ref, signal);
    // Handled when its turn comes; until then a failure must not count as an unhandled rejection.
    data.catch(ignore);
    ahead.push({ slice: next.value, data });
  };
  for (let i = 0; i <= PREFETCH_CHUNKS; i++) fetchNext();
  for (let current = ahead.shift(); current !== undefined; current = ahead.shift()) {
    throwIfAborted(signal, 'content read');
    const data = await current.data;
    fetchNext();
    yield data.subarray(current.slice.from, current.slice.to);
  }
}

async function fetchChunk(store: ChunkStore, ref: ChunkRef, signal: AbortSignal | undefined): Promise<Buffer> {
  const data = await store.get(ref.hash, signal).catch((err: unknown) => {
    if (err instanceof NotFoundError) throw new CorruptChunkError(ref.hash, `chunk ${ref.hash} is missing`);
    throw err;
  });
  if (data.length !== ref.size) {
    throw new CorruptChunkError(ref.hash, `chunk ${ref.hash} has ${data.length} bytes where the manifest says ${ref.size}`);
  }
  return data;
}

function ignore(): void {}
