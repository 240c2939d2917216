/**
 * Small files keep their single chunk in the database instead of a chunk file. A tree of photos
 * and documents is mostly large files, but a source tree or a mailbox is thousands of tiny ones,
 * and for those a chunk file costs two fsyncs (file and directory) that dwarf the bytes. Kept in
 * the chunk's row, the bytes become durable with the same group commit as the file record. Reads
 * go through `InlineAwareChunkStore`, so nothing above this file knows where a chunk lives.
 */
import { createHash } from 'node:crypto';
import { CorruptChunkError } from '../core/errors.js';
import type { Meta } from '../meta/index.js';
import type { ChunkLease, ChunkStore, PutResult, StoredChunk } from '../store/index.js';

export class InlineAwareChunkStore implements ChunkStore {
  constructor(
    private readonly meta: Meta,
    private readonly disk: ChunkStore,
  ) {}

  async get(hash: string, signal?: AbortSignal): Promise<Buffer> {
    const data = this.meta.content.inlineData(hash);
    if (data === undefined) return this.disk.get(hash, signal);
    if (sha256(data) !== hash) throw new CorruptChunkError(hash);
    return data;
  }

  async has(hash: string): Promise<boolean> {
    return this.meta.content.inlineData(hash) !== undefined || this.disk.has(hash);
  }

  put(lease: ChunkLease, data: Uint8Array, hash?: string, signal?: AbortSignal): Promise<PutResult> {
    return this.disk.put(lease, data, hash, signal);
  }

  commit(lease: ChunkLease, signal?: AbortSignal): Promise<void> {
    return this.disk.commit(lease, signal);
  }

  lease(): ChunkLease {
    return this.disk.lease();
  }

  deleteIfUnleased(hash: string): Promise<boolean> {
    return this.disk.deleteIfUnleased(hash);
  }

  list(signal?: AbortSignal): AsyncIterable<StoredChunk> {
    return this.disk.list(signal);
  }

  quarantine(hash: string): Promise<void> {
    return this.disk.quarantine(hash);
  }
}

export function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export type Peeked = { whole: Buffer } | { rest: AsyncIterable<Uint8Array> };

/**
 * Reads up to `limit` bytes. If the source ends by then, returns them whole; otherwise returns a
 * source that replays what was read and goes on with the rest, so nothing is held beyond `limit`.
 */
export async function peekSmall(source: AsyncIterable<Uint8Array>, limit: number): Promise<Peeked> {
  const iterator = source[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const next = await iterator.next();
    if (next.done) return { whole: Buffer.concat(head) };
    head.push(next.value);
    size += next.value.length;
    if (size > limit) return { rest: replay(head, iterator) };
  }
}

async function* replay(head: Uint8Array[], iterator: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array> {
  yield* head;
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
}
