/**
 * Whole-file content on top of a ChunkStore: a byte stream in, an ordered list of chunk refs (the
 * manifest) out, and back. Both directions stream in bounded memory: a few chunks at a time.
 */
import { Readable } from 'node:stream';
import { limitBytes } from '../core/byte-limit.js';
import { QuotaExceededError } from '../core/errors.js';
import { abortedError } from './abort.js';
import { chunkParamsFor } from './chunk-params.js';
import { ChunkBufferPool } from './buffer-pool.js';
import { chunkStream } from './chunker.js';
import { chunkSlices, readChunkSlices, resolveRange, type ByteRange } from './content-reader.js';
import type { ChunkLease, ChunkRef, ChunkStore } from './types.js';

export type { ByteRange };

/**
 * Chunk puts in flight at once: enough to overlap staging writes and hashing with chunking, few
 * enough that memory stays at a few chunks. When the window is full, the source is not read.
 * Staged bytes wait for the commit in the page cache, not in this process.
 */
const WRITES_IN_FLIGHT = 8;

export interface WriteContentOptions {
  /**
   * Pins every chunk written or found; the caller releases it after committing the manifest (on
   * failure, releasing it also discards the chunks staged but not committed).
   */
  lease: ChunkLease;
  /** Expected total size: picks the chunk size tier (see chunk-params.ts). */
  sizeHint?: number;
  signal?: AbortSignal;
  /** Refuse content longer than this many bytes (QuotaExceededError), without reading further. */
  maxBytes?: number;
}

export interface WriteContentResult {
  chunks: ChunkRef[];
  size: number;
  /** Bytes of the chunks this write added to the store; 0 when all content was already stored. */
  newBytes: number;
}

/**
 * Stores a byte stream as chunks: stages them while the stream flows, then commits them all at
 * once. When it resolves, every chunk is durable and visible. On failure or abort nothing is
 * committed (the staged chunks go when the lease is released) and no write is left running.
 */
export async function writeContent(
  store: ChunkStore,
  source: AsyncIterable<Uint8Array>,
  options: WriteContentOptions,
): Promise<WriteContentResult> {
  const { lease, signal, maxBytes } = options;
  const input = maxBytes === undefined ? source : limitBytes(source, maxBytes, () => new QuotaExceededError(`content is larger than the limit of ${maxBytes} bytes`));
  const params = chunkParamsFor(options.sizeHint);
  const buffers = new ChunkBufferPool(params.max, WRITES_IN_FLIGHT + 1);
  const chunks: ChunkRef[] = [];
  const inFlight = new Set<Promise<void>>();
  let size = 0;
  let newBytes = 0;
  let failure: { error: unknown } | undefined;
  try {
    for await (const data of chunkStream(input, params, signal, (n) => buffers.take(n))) {
      const index = chunks.length;
      chunks.push({ hash: '', size: data.length });
      size += data.length;
      // Never rejects: the first failure is kept and rethrown here, once no write is running.
      const write: Promise<void> = store
        .put(lease, data, undefined, signal)
        .then(
          (result) => {
            chunks[index] = { hash: result.hash, size: result.size };
            if (result.written) newBytes += result.size;
          },
          (error: unknown) => {
            failure ??= { error };
          },
        )
        .finally(() => {
          inFlight.delete(write);
          // The put has hashed and written the bytes and keeps no reference to them.
          buffers.give(data);
        });
      inFlight.add(write);
      if (inFlight.size >= WRITES_IN_FLIGHT) await Promise.race(inFlight);
      if (failure !== undefined) throw failure.error;
    }
  } finally {
    await Promise.all(inFlight);
  }
  if (failure !== undefined) throw failure.error;
  await store.commit(lease, signal);
  return { chunks, size, newBytes };
}

/**
 * Streams content (or one inclusive byte range of it), verifying every chunk before emitting any of
 * its bytes: a missing or corrupt chunk destroys the stream with CorruptChunkError,
 * so what was emitted before is always a correct prefix. Throws RangeNotSatisfiableError at once
 * for a range outside the content.
 */
export function readContent(
  store: ChunkStore,
  chunks: readonly ChunkRef[],
  range?: ByteRange,
  signal?: AbortSignal,
): Readable {
  const { start, end } = resolveRange(chunks, range);
  const bytes = readChunkSlices(store, chunkSlices(chunks, start, end), signal);
  // Byte mode with a tiny high-water mark: at most one chunk waits in the stream's buffer.
  const stream = Readable.from(bytes, { objectMode: false, highWaterMark: 1 });
  if (signal !== undefined) {
    const onAbort = (): void => {
      stream.destroy(abortedError(signal, 'content read'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    stream.once('close', () => signal.removeEventListener('abort', onAbort));
  }
  return stream;
}
