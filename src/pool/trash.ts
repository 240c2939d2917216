/** The trash of a pool: list, restore (to the original path, or beside it if taken), purge. */
import type { Actor } from '../core/actor.js';
import { NotFoundError } from '../core/errors.js';
import { baseName, parentOf, joinPath } from '../core/names.js';
import type { Entry, Pool, TrashItem } from '../meta/index.js';
import { resolvePool } from './access.js';
import type { PoolContext } from './context.js';
import type { FileService } from './files.js';
import { assertQuota } from './quota.js';
import { nextRecord } from './records.js';
import { purgeTrashItem } from './trash-keeping.js';

const DAY = 24 * 3600_000;

export class TrashService {
  constructor(
    private readonly ctx: PoolContext,
    private readonly files: FileService,
  ) {}

  list(poolName: string, actor: Actor): TrashItem[] {
    const pool = resolvePool(this.ctx.meta, poolName, actor, 'read');
    return this.ctx.meta.trash.list(pool.id);
  }

  /** Restores an item; returns the live entry, at its original path or at a free name beside it. */
  async restore(poolName: string, id: number, actor: Actor): Promise<Entry> {
    const { meta } = this.ctx;
    return meta.commit(() => {
      const pool = resolvePool(meta, poolName, actor, 'write');
      const item = this.requireItem(pool, id);
      assertQuota(meta, pool, item.size);
      const target = this.freePathFor(pool, item.originalPath);
      this.files.createParents(pool, target, actor);
      for (const e of meta.trash.entries(item.id)) {
        const path = e.relPath === '' ? target : `${target}/${e.relPath}`;
        const fields = { poolId: pool.id, path, kind: e.kind, size: e.size, mtime: e.mtime, manifest: e.manifest, fileUid: e.fileUid };
        meta.entries.upsert(nextRecord(this.ctx, meta.entries.get(pool.id, path), fields, actor));
      }
      meta.trash.delete(item.id);
      meta.pools.addBytes(pool.id, 'trash_bytes', -item.size);
      meta.pools.addBytes(pool.id, 'files_bytes', item.size);
      meta.events.append({ at: this.ctx.now(), poolId: pool.id, type: 'trash.restored', path: target, actor: actor.name, detail: { trashId: id } });
      return meta.entries.getLive(pool.id, target)!;
    });
  }

  async purge(poolName: string, id: number, actor: Actor): Promise<void> {
    const { meta } = this.ctx;
    await meta.commit(() => {
      const pool = resolvePool(meta, poolName, actor, 'write');
      const item = this.requireItem(pool, id);
      purgeTrashItem(this.ctx, pool.id, item.id, item.size);
      meta.events.append({ at: this.ctx.now(), poolId: pool.id, type: 'trash.purged', path: item.originalPath, actor: actor.name, detail: { trashId: id } });
    });
  }

  async empty(poolName: string, actor: Actor): Promise<number> {
    const items = this.list(poolName, actor);
    for (const item of items) await this.purge(poolName, item.id, actor);
    return items.length;
  }

  /** Purges items older than each pool's retention; returns how many went. */
  async purgeExpired(): Promise<number> {
    const { meta, policy } = this.ctx;
    let purged = 0;
    for (const pool of meta.pools.all()) {
      const days = pool.trashRetentionDays ?? policy.trashRetentionDays;
      if (days <= 0) continue;
      const expired = meta.trash.deletedBefore(pool.id, this.ctx.now() - days * DAY);
      await meta.commit(() => {
        for (const item of expired) purgeTrashItem(this.ctx, pool.id, item.id, item.size);
      });
      purged += expired.length;
    }
    return purged;
  }

  private requireItem(pool: Pool, id: number): TrashItem {
    const item = this.ctx.meta.trash.get(pool.id, id);
    if (!item) throw new NotFoundError(`no trash item ${id} in pool "${pool.name}"`);
    return item;
  }

  /** The original path if free (and its parents are not files), else "name (restored N).ext" beside it. */
  private freePathFor(pool: Pool, original: string): string {
    const { entries } = this.ctx.meta;
    const blocked = (p: string): boolean => {
      if (entries.getLive(pool.id, p)) return true;
      try {
        this.files.assertParentsAreFolders(pool, p);
        return false;
      } catch {
        return true;
      }
    };
    if (!blocked(original)) return original;
    const dir = parentOf(original);
    const name = baseName(original);
    const dot = name.lastIndexOf('.');
    const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
    for (let n = 1; ; n++) {
      const candidate = joinPath(dir, `${stem} (restored${n > 1 ? ` ${n}` : ''})${ext}`);
      if (!entries.getLive(pool.id, candidate)) return candidate;
    }
  }
}
