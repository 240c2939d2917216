/**
 * Files and folders of a pool: put (streaming), open (streaming, byte ranges), stat, list, mkdir.
 * Moving, copying and deleting live in tree-ops.ts.
 *
 * A put is two steps. First the content is cut into chunks and every chunk made durable, under a
 * lease that keeps the garbage collector away; nothing is visible yet, so a crash here leaves only
 * unreferenced chunks for the collector. Then one transaction records the file, keeps the previous
 * content as a version, moves reference counts and byte counters, and logs the event. The put is
 * acknowledged once that transaction is durable.
 */
import type { Readable } from 'node:stream';
import type { Actor } from '../core/actor.js';
import { AlreadyExistsError, ConflictError, NotFoundError, RangeNotSatisfiableError } from '../core/errors.js';
import { ancestorsOf, normalizePath, parentOf } from '../core/names.js';
import type { Entry, ListOptions, ObjectAttrs, Pool } from '../meta/index.js';
import { decodeManifest, encodeManifest, manifestHash, readContent, writeContent, type ChunkRef } from '../store/index.js';
import { resolvePool } from './access.js';
import type { PoolContext } from './context.js';
import { assertQuota, remainingQuota } from './quota.js';
import { nextRecord } from './records.js';
import { peekSmall, sha256 } from './inline-chunks.js';
import { keepAsVersion } from './version-keeping.js';

export interface PutOptions {
  /** Expected size, when known (Content-Length): it chooses the chunk size tier. */
  sizeHint?: number;
  mtime?: number;
  /** Only replace the file if its current ETag is this one (optimistic concurrency). */
  ifMatch?: string;
  /** Fail if anything exists at the path. */
  ifNoneMatch?: boolean;
  signal?: AbortSignal;
  /**
   * What S3 clients see of this version beyond its bytes (ETag, Content-Type, x-amz-meta-*), asked
   * for once the content has been read and recorded in the put's own transaction.
   */
  attrs?: () => ObjectAttrs;
}

export interface StoredFile {
  entry: Entry;
  created: boolean;
}

export interface ByteRange {
  start: number;
  /** Inclusive. */
  end: number;
}

export interface OpenedFile {
  entry: Entry;
  range: ByteRange | undefined;
  stream: Readable;
}

export interface Listing {
  entries: Entry[];
  total: number;
}

export class FileService {
  constructor(private readonly ctx: PoolContext) {}

  /** Stores a file; `created` says whether the path was free (no file replaced). */
  async put(poolName: string, rawPath: string, source: AsyncIterable<Uint8Array>, actor: Actor, opts: PutOptions = {}): Promise<StoredFile> {
    const { meta, store } = this.ctx;
    const path = requireNonRoot(normalizePath(rawPath));
    const pool = resolvePool(meta, poolName, actor, 'write');
    const peeked = await peekSmall(source, this.ctx.policy.inlineMaxBytes);
    if ('whole' in peeked) return this.putSmall(poolName, path, peeked.whole, actor, opts);
    // Checked before a long upload rather than only after it; checked again at commit.
    this.checkPutPreconditions(pool, path, opts);
    const lease = store.lease();
    try {
      const written = await writeContent(store, peeked.rest, {
        lease,
        sizeHint: opts.sizeHint,
        signal: opts.signal,
        maxBytes: remainingQuota(meta, pool),
      });
      return await meta.commit(() => this.recordPut(poolName, path, written.chunks, written.size, actor, opts));
    } finally {
      lease.release();
    }
  }

  /** A small file: its one chunk goes into the database with the record (see inline-chunks.ts). */
  private putSmall(poolName: string, path: string, data: Buffer, actor: Actor, opts: PutOptions): Promise<StoredFile> {
    const chunks = data.length === 0 ? [] : [{ hash: sha256(data), size: data.length }];
    const inline = new Map(chunks.map((c) => [c.hash, data]));
    return this.ctx.meta.commit(() => this.recordPut(poolName, path, chunks, data.length, actor, opts, inline));
  }

  private checkPutPreconditions(pool: Pool, path: string, opts: PutOptions): void {
    const existing = this.ctx.meta.entries.getLive(pool.id, path);
    if (existing?.kind === 'dir') throw new ConflictError(`"${path}" is a folder`);
    if (opts.ifNoneMatch && existing) throw new AlreadyExistsError(`"${path}" already exists`);
    if (opts.ifMatch !== undefined && existing?.manifest !== opts.ifMatch) {
      throw new ConflictError(`"${path}" has changed (ETag does not match)`);
    }
    this.assertParentsAreFolders(pool, path);
  }

  /** Records a file whose chunks are already durable, inside the caller's transaction. */
  recordPut(
    poolName: string,
    path: string,
    chunks: ChunkRef[],
    size: number,
    actor: Actor,
    opts: PutOptions,
    inline?: ReadonlyMap<string, Buffer>,
  ): StoredFile {
    const { meta } = this.ctx;
    // Checked again inside the transaction: the pool, its permissions and the path may have
    // changed while the content was stored.
    const pool = resolvePool(meta, poolName, actor, 'write');
    this.checkPutPreconditions(pool, path, opts);
    const previous = meta.entries.get(pool.id, path);
    const live = previous && !previous.deleted ? previous : undefined;
    assertQuota(meta, pool, size - (live?.size ?? 0));
    this.createParents(pool, path, actor);
    const encoded = encodeManifest(chunks);
    const hash = manifestHash(encoded);
    // Same content again: the reference stays where it is and no version is made.
    if (live?.manifest !== hash) {
      if (live?.manifest) keepAsVersion(this.ctx, pool, live);
      meta.content.ref(hash, size, encoded, chunks, inline);
    }
    meta.entries.upsert(
      nextRecord(this.ctx, previous, { poolId: pool.id, path, kind: 'file', size, mtime: opts.mtime ?? this.ctx.now(), manifest: hash, fileUid: live?.fileUid }, actor),
    );
    meta.pools.addBytes(pool.id, 'files_bytes', size - (live?.size ?? 0));
    meta.events.append({ at: this.ctx.now(), poolId: pool.id, type: 'file.written', path, actor: actor.name, detail: { size, etag: hash } });
    const entry = meta.entries.getLive(pool.id, path)!;
    if (opts.attrs) meta.s3Objects.put(entry.fileUid, hash, opts.attrs());
    return { entry, created: live === undefined };
  }

  /** Opens a file for reading, whole or a byte range (`end` inclusive, clamped to the size). */
  open(poolName: string, rawPath: string, actor: Actor, range?: { start?: number; end?: number }, signal?: AbortSignal): OpenedFile {
    const pool = resolvePool(this.ctx.meta, poolName, actor, 'read');
    const entry = this.requireFile(pool, normalizePath(rawPath));
    return this.openContent(entry, entry.manifest!, range, signal);
  }

  /** Streams stored content by manifest hash; shared with versions. */
  openContent(entry: Entry, manifest: string, range?: { start?: number; end?: number }, signal?: AbortSignal): OpenedFile {
    const row = this.ctx.meta.content.getManifest(manifest);
    if (!row) throw new NotFoundError(`content of "${entry.path}" is missing from the database`);
    const resolved = range && resolveRange(range, row.size);
    const stream = readContent(this.ctx.store, decodeManifest(row.chunks), resolved, signal);
    return { entry, range: resolved, stream };
  }

  stat(poolName: string, rawPath: string, actor: Actor): Entry {
    const pool = resolvePool(this.ctx.meta, poolName, actor, 'read');
    const path = normalizePath(rawPath);
    if (path === '') return rootEntry(pool, this.ctx.nodeId);
    const entry = this.ctx.meta.entries.getLive(pool.id, path);
    if (!entry) throw new NotFoundError(`"${path}" does not exist in pool "${pool.name}"`);
    return entry;
  }

  search(poolName: string, needle: string, actor: Actor, limit: number): Entry[] {
    const pool = resolvePool(this.ctx.meta, poolName, actor, 'read');
    return this.ctx.meta.entries.searchByName(pool.id, needle.normalize('NFC'), limit);
  }

  list(poolName: string, rawDir: string, actor: Actor, opts: ListOptions): Listing {
    const { meta } = this.ctx;
    const pool = resolvePool(meta, poolName, actor, 'read');
    const dir = normalizePath(rawDir);
    if (dir !== '') {
      const entry = meta.entries.getLive(pool.id, dir);
      if (!entry) throw new NotFoundError(`"${dir}" does not exist in pool "${pool.name}"`);
      if (entry.kind !== 'dir') throw new ConflictError(`"${dir}" is a file, not a folder`);
    }
    return { entries: meta.entries.list(pool.id, dir, opts), total: meta.entries.countChildren(pool.id, dir) };
  }

  /** Live files of a pool in key order (byte order of their UTF-8 paths): >= `from`, > `after`. */
  filesFrom(poolName: string, from: string, after: string, limit: number, actor: Actor): Pick<Entry, 'path' | 'fileUid' | 'size' | 'mtime' | 'manifest'>[] {
    const pool = resolvePool(this.ctx.meta, poolName, actor, 'read');
    return this.ctx.meta.s3Objects.filesFrom(pool.id, from, after, limit);
  }

  /** The S3 attributes of a file version, if it was written with some. */
  attrsOf(entry: Pick<Entry, 'fileUid' | 'manifest'>): ObjectAttrs | undefined {
    return entry.manifest === undefined ? undefined : this.ctx.meta.s3Objects.get(entry.fileUid, entry.manifest);
  }

  /** Sets the S3 attributes of the current version of a file (after a copy, say). */
  async setAttrs(poolName: string, rawPath: string, attrs: ObjectAttrs, actor: Actor): Promise<void> {
    const { meta } = this.ctx;
    await meta.commit(() => {
      const entry = this.requireFile(resolvePool(meta, poolName, actor, 'write'), normalizePath(rawPath));
      meta.s3Objects.put(entry.fileUid, entry.manifest!, attrs);
    });
  }

  /** Creates a folder; with `parents`, also its missing ancestors, and an existing folder is fine. */
  async mkdir(poolName: string, rawPath: string, actor: Actor, parents = false): Promise<Entry> {
    const { meta } = this.ctx;
    const path = requireNonRoot(normalizePath(rawPath));
    return meta.commit(() => {
      const pool = resolvePool(meta, poolName, actor, 'write');
      const existing = meta.entries.getLive(pool.id, path);
      if (existing && (existing.kind !== 'dir' || !parents)) throw new AlreadyExistsError(`"${path}" already exists`);
      if (!parents && parentOf(path) !== '' && !meta.entries.getLive(pool.id, parentOf(path))) {
        throw new ConflictError(`the parent folder "${parentOf(path)}" does not exist`);
      }
      this.assertParentsAreFolders(pool, path);
      this.createParents(pool, path, actor);
      this.createFolder(pool, path, actor);
      return meta.entries.getLive(pool.id, path)!;
    });
  }

  /** Creates the missing ancestor folders of `path`, inside the caller's transaction. */
  createParents(pool: Pool, path: string, actor: Actor): void {
    for (const dir of ancestorsOf(path)) this.createFolder(pool, dir, actor);
  }

  private createFolder(pool: Pool, dir: string, actor: Actor): void {
    const { meta } = this.ctx;
    const previous = meta.entries.get(pool.id, dir);
    if (previous && !previous.deleted) return;
    meta.entries.upsert(nextRecord(this.ctx, previous, { poolId: pool.id, path: dir, kind: 'dir', size: 0, mtime: this.ctx.now(), manifest: undefined }, actor));
    meta.events.append({ at: this.ctx.now(), poolId: pool.id, type: 'dir.created', path: dir, actor: actor.name, detail: undefined });
  }

  assertParentsAreFolders(pool: Pool, path: string): void {
    for (const dir of ancestorsOf(path)) {
      if (this.ctx.meta.entries.getLive(pool.id, dir)?.kind === 'file') {
        throw new ConflictError(`"${dir}" is a file, so "${path}" cannot be created`);
      }
    }
  }

  requireFile(pool: Pool, path: string): Entry {
    const entry = this.ctx.meta.entries.getLive(pool.id, path);
    if (!entry) throw new NotFoundError(`"${path}" does not exist in pool "${pool.name}"`);
    if (entry.kind !== 'file') throw new ConflictError(`"${path}" is a folder`);
    return entry;
  }
}

function requireNonRoot(path: string): string {
  if (path === '') throw new ConflictError('the root of a pool is a folder');
  return path;
}

/** RFC 9110 §14.1.2 byte ranges, already parsed: clamps `end`, rejects a start past the end. */
export function resolveRange(range: { start?: number; end?: number }, size: number): ByteRange {
  let start: number;
  let end: number;
  if (range.start === undefined) {
    // Suffix range: the last `end` bytes.
    const suffix = range.end ?? 0;
    if (suffix <= 0) throw new RangeNotSatisfiableError('empty suffix range', size);
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = range.start;
    end = Math.min(range.end ?? size - 1, size - 1);
  }
  if (start >= size || start > end) throw new RangeNotSatisfiableError(`range ${start}-${end} is outside 0-${size - 1}`, size);
  return { start, end };
}

function rootEntry(pool: Pool, nodeId: string): Entry {
  return {
    id: 0,
    poolId: pool.id,
    path: '',
    parent: '',
    name: '',
    kind: 'dir',
    fileUid: pool.uid,
    size: 0,
    mtime: pool.createdAt,
    manifest: undefined,
    vv: {},
    authorUser: undefined,
    authorNode: nodeId,
    deleted: false,
    updatedAt: pool.createdAt,
    originSeq: 0,
    signature: undefined,
  };
}
