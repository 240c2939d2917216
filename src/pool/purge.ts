import type { PoolContext } from './context.js';

/**
 * Removes a pool and everything in it (files, versions, trash, dead properties) inside the
 * caller's transaction, then drops the content references they held: rows first, so no manifest is
 * dropped while a row still points at it.
 */
export function purgePool(ctx: PoolContext, poolId: number): void {
  const { meta } = ctx;
  const released: string[] = [];
  for (const e of meta.entries.liveFiles(poolId)) if (e.manifest) released.push(e.manifest);
  for (const v of meta.versions.allInPool(poolId)) released.push(v.manifest);
  for (const item of meta.trash.list(poolId)) {
    for (const e of meta.trash.entries(item.id)) if (e.manifest) released.push(e.manifest);
  }
  released.push(...meta.s3Uploads.manifestsInPool(poolId));
  meta.properties.removeForPool(poolId);
  meta.pools.purge(poolId);
  const now = ctx.now();
  for (const hash of released) meta.content.unref(hash, now);
}
