/**
 * Move, copy and delete of files and whole folders. None of them copies content: a move carries
 * the manifest reference to the new path, a copy adds one reference per file, a delete hands the
 * references to a trash item. Each operation is one transaction.
 */
import type { Actor } from '../core/actor.js';
import { AlreadyExistsError, ConflictError, InvalidInputError, NotFoundError } from '../core/errors.js';
import { normalizePath } from '../core/names.js';
import type { Entry, Pool } from '../meta/index.js';
import { resolvePool } from './access.js';
import type { PoolContext } from './context.js';
import type { FileService } from './files.js';
import { assertQuota } from './quota.js';
import { nextRecord, tombstone } from './records.js';
import { moveToTrash } from './trash-keeping.js';

export interface TransferOptions {
  /** Replace whatever is at the target (it goes to the trash first, so nothing is lost). */
  overwrite?: boolean;
  /** Target pool, when different from the source pool. */
  toPool?: string;
}

interface Endpoints {
  from: Pool;
  fromPath: string;
  to: Pool;
  toPath: string;
  source: Entry;
}

export class TreeOps {
  constructor(
    private readonly ctx: PoolContext,
    private readonly files: FileService,
  ) {}

  async move(poolName: string, rawFrom: string, rawTo: string, actor: Actor, opts: TransferOptions = {}): Promise<Entry> {
    return this.ctx.meta.commit(() => {
      const ends = this.endpoints(poolName, rawFrom, rawTo, actor, opts);
      this.clearTarget(ends, actor, opts);
      if (ends.from.id !== ends.to.id) {
        assertQuota(this.ctx.meta, ends.to, subtreeBytes(this.withSubtree(ends)));
        moveBytes(this.ctx, ends.from.id, ends.to.id, subtreeBytes(this.withSubtree(ends)));
      }
      for (const e of this.withSubtree(ends)) this.relocate(e, ends, actor);
      this.event(ends, 'entry.moved', actor);
      return this.ctx.meta.entries.getLive(ends.to.id, ends.toPath)!;
    });
  }

  async copy(poolName: string, rawFrom: string, rawTo: string, actor: Actor, opts: TransferOptions = {}): Promise<Entry> {
    return this.ctx.meta.commit(() => {
      const ends = this.endpoints(poolName, rawFrom, rawTo, actor, opts);
      this.clearTarget(ends, actor, opts);
      const entries = this.withSubtree(ends);
      assertQuota(this.ctx.meta, ends.to, subtreeBytes(entries));
      for (const e of entries) this.duplicate(e, ends, actor);
      this.ctx.meta.pools.addBytes(ends.to.id, 'files_bytes', subtreeBytes(entries));
      this.event(ends, 'entry.copied', actor);
      return this.ctx.meta.entries.getLive(ends.to.id, ends.toPath)!;
    });
  }

  /** Moves a file or folder to the pool's trash. Returns the trash item id. */
  async delete(poolName: string, rawPath: string, actor: Actor): Promise<number> {
    const { meta } = this.ctx;
    const path = normalizePath(rawPath);
    if (path === '') throw new InvalidInputError('the root of a pool cannot be deleted; delete the pool instead');
    return meta.commit(() => {
      const pool = resolvePool(meta, poolName, actor, 'write');
      const entry = meta.entries.getLive(pool.id, path);
      if (!entry) throw new NotFoundError(`"${path}" does not exist in pool "${pool.name}"`);
      return moveToTrash(this.ctx, pool, entry, actor);
    });
  }

  private endpoints(poolName: string, rawFrom: string, rawTo: string, actor: Actor, opts: TransferOptions): Endpoints {
    const { meta } = this.ctx;
    const fromPath = normalizePath(rawFrom);
    const toPath = normalizePath(rawTo);
    if (fromPath === '' || toPath === '') throw new InvalidInputError('the root of a pool cannot be moved or copied, nor replaced');
    const from = resolvePool(meta, poolName, actor, 'write');
    const to = opts.toPool === undefined ? from : resolvePool(meta, opts.toPool, actor, 'write');
    const source = meta.entries.getLive(from.id, fromPath);
    if (!source) throw new NotFoundError(`"${fromPath}" does not exist in pool "${from.name}"`);
    if (from.id === to.id && (toPath === fromPath || toPath.startsWith(`${fromPath}/`))) {
      throw new InvalidInputError(`cannot move or copy "${fromPath}" into itself`);
    }
    this.files.assertParentsAreFolders(to, toPath);
    return { from, fromPath, to, toPath, source };
  }

  private clearTarget(ends: Endpoints, actor: Actor, opts: TransferOptions): void {
    const existing = this.ctx.meta.entries.getLive(ends.to.id, ends.toPath);
    if (!existing) return;
    if (!opts.overwrite) throw new AlreadyExistsError(`"${ends.toPath}" already exists in pool "${ends.to.name}"`);
    if (existing.kind !== ends.source.kind) {
      throw new ConflictError(`"${ends.toPath}" is a ${existing.kind === 'dir' ? 'folder' : 'file'}; it cannot be replaced by a ${ends.source.kind === 'dir' ? 'folder' : 'file'}`);
    }
    moveToTrash(this.ctx, ends.to, existing, actor);
  }

  private withSubtree(ends: Endpoints): Entry[] {
    const { source } = ends;
    return source.kind === 'dir' ? [source, ...this.ctx.meta.entries.subtree(ends.from.id, source.path)] : [source];
  }

  private targetPath(e: Entry, ends: Endpoints): string {
    return ends.toPath + e.path.slice(ends.fromPath.length);
  }

  /** The record moves: same file uid (so versions follow), tombstone at the old path. */
  private relocate(e: Entry, ends: Endpoints, actor: Actor): void {
    const { meta } = this.ctx;
    const toPath = this.targetPath(e, ends);
    this.ctx.meta.entries.upsert(
      nextRecord(this.ctx, meta.entries.get(ends.to.id, toPath), { poolId: ends.to.id, path: toPath, kind: e.kind, size: e.size, mtime: e.mtime, manifest: e.manifest, fileUid: e.fileUid }, actor),
    );
    tombstone(this.ctx, e, actor);
    if (ends.from.id !== ends.to.id && e.kind === 'file') {
      const bytes = meta.versions.moveFile(e.fileUid, ends.from.id, ends.to.id);
      meta.pools.addBytes(ends.from.id, 'versions_bytes', -bytes);
      meta.pools.addBytes(ends.to.id, 'versions_bytes', bytes);
    }
  }

  private duplicate(e: Entry, ends: Endpoints, actor: Actor): void {
    const { meta } = this.ctx;
    const toPath = this.targetPath(e, ends);
    if (e.manifest) meta.content.refExisting(e.manifest);
    meta.entries.upsert(
      nextRecord(this.ctx, meta.entries.get(ends.to.id, toPath), { poolId: ends.to.id, path: toPath, kind: e.kind, size: e.size, mtime: e.mtime, manifest: e.manifest }, actor),
    );
  }

  private event(ends: Endpoints, type: 'entry.moved' | 'entry.copied', actor: Actor): void {
    this.ctx.meta.events.append({
      at: this.ctx.now(),
      poolId: ends.to.id,
      type,
      path: ends.toPath,
      actor: actor.name,
      detail: { from: ends.fromPath, fromPool: ends.from.name },
    });
  }
}

function subtreeBytes(entries: readonly Entry[]): number {
  return entries.reduce((sum, e) => sum + (e.kind === 'file' ? e.size : 0), 0);
}

function moveBytes(ctx: PoolContext, fromId: number, toId: number, bytes: number): void {
  ctx.meta.pools.addBytes(fromId, 'files_bytes', -bytes);
  ctx.meta.pools.addBytes(toId, 'files_bytes', bytes);
}
