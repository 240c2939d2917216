import type { Entry, Pool, Version } from '../meta/index.js';
import type { PoolContext } from './context.js';
import { versionsToExpire } from './version-policy.js';

/**
 * Turns the current content of a file into a version, inside the caller's transaction: the
 * manifest reference moves from the file record to the version row, so counts do not change.
 * Then thins that file's versions by the retention bands.
 */
export function keepAsVersion(ctx: PoolContext, pool: Pool, current: Entry): void {
  const { meta } = ctx;
  meta.versions.insert({
    poolId: pool.id,
    fileUid: current.fileUid,
    path: current.path,
    size: current.size,
    mtime: current.mtime,
    manifest: current.manifest!,
    vv: current.vv,
    authorUser: current.authorUser,
    authorNode: current.authorNode,
    replacedAt: ctx.now(),
  });
  meta.pools.addBytes(pool.id, 'versions_bytes', current.size);
  const versions = meta.versions.listForFile(pool.id, current.fileUid);
  for (const id of versionsToExpire(versions, ctx.now())) {
    dropVersion(ctx, versions.find((v) => v.id === id)!);
  }
}

/** Deletes a version row and its content reference, inside the caller's transaction. */
export function dropVersion(ctx: PoolContext, v: Version): void {
  ctx.meta.versions.delete(v.id);
  ctx.meta.content.unref(v.manifest, ctx.now());
  ctx.meta.pools.addBytes(v.poolId, 'versions_bytes', -v.size);
}
