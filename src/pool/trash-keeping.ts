import type { Actor } from '../core/actor.js';
import type { Entry, Pool, TrashEntry } from '../meta/index.js';
import type { PoolContext } from './context.js';
import { tombstone } from './records.js';

/**
 * Moves a live entry (and, for a folder, everything under it) into one trash item, inside the
 * caller's transaction. Manifest references move from the records to the trash entries; the paths
 * become tombstones. Returns the trash item id.
 */
export function moveToTrash(ctx: PoolContext, pool: Pool, entry: Entry, actor: Actor): number {
  const { meta } = ctx;
  const all = entry.kind === 'dir' ? [entry, ...meta.entries.subtree(pool.id, entry.path)] : [entry];
  const size = all.reduce((sum, e) => sum + (e.kind === 'file' ? e.size : 0), 0);
  const trashEntries: TrashEntry[] = all.map((e) => ({
    relPath: e.path.slice(entry.path.length + 1),
    kind: e.kind,
    fileUid: e.fileUid,
    size: e.size,
    mtime: e.mtime,
    manifest: e.manifest,
  }));
  const id = meta.trash.insert(
    { poolId: pool.id, originalPath: entry.path, kind: entry.kind, size, deletedAt: ctx.now(), deletedBy: actor.name },
    trashEntries,
  );
  // Deepest first, so that no folder is a tombstone while its children are still live.
  for (const e of [...all].reverse()) tombstone(ctx, e, actor);
  meta.pools.addBytes(pool.id, 'files_bytes', -size);
  meta.pools.addBytes(pool.id, 'trash_bytes', size);
  meta.events.append({ at: ctx.now(), poolId: pool.id, type: 'entry.trashed', path: entry.path, actor: actor.name, detail: { trashId: id, size } });
  return id;
}

/**
 * Deletes a trash item for good, inside the caller's transaction: its references are dropped, and
 * so are the versions and dead properties of its files (no live file carries their uid any more).
 */
export function purgeTrashItem(ctx: PoolContext, poolId: number, itemId: number, size: number): void {
  const { meta } = ctx;
  const released: string[] = [];
  for (const e of meta.trash.entries(itemId)) {
    if (e.manifest) released.push(e.manifest);
    meta.properties.removeAll(e.fileUid);
    if (e.kind !== 'file') continue;
    for (const v of meta.versions.deleteFile(poolId, e.fileUid)) {
      released.push(v.manifest);
      meta.pools.addBytes(poolId, 'versions_bytes', -v.size);
    }
  }
  // Rows first, references after: a manifest is dropped only once nothing points at it.
  meta.trash.delete(itemId);
  meta.pools.addBytes(poolId, 'trash_bytes', -size);
  const now = ctx.now();
  for (const hash of released) meta.content.unref(hash, now);
}
