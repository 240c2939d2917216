import { QuotaExceededError } from '../core/errors.js';
import type { Meta, Pool } from '../meta/index.js';

/**
 * Quota counts the current files of every pool a user owns. Trash and old versions do not count
 * (as in Nextcloud): deleting a file frees quota at once, and versions have their own share cap.
 * Pools without an owner (created by the node administrator) are unlimited.
 */
export function remainingQuota(meta: Meta, pool: Pool): number | undefined {
  if (pool.ownerId === undefined) return undefined;
  const quota = meta.users.byId(pool.ownerId)?.quotaBytes;
  if (quota === undefined) return undefined;
  return Math.max(0, quota - meta.pools.usageOf(pool.ownerId).files);
}

/** Re-checked inside the commit, since concurrent uploads were each admitted against the same figure. */
export function assertQuota(meta: Meta, pool: Pool, addedBytes: number): void {
  if (addedBytes <= 0) return;
  const remaining = remainingQuota(meta, pool);
  if (remaining !== undefined && addedBytes > remaining) {
    throw new QuotaExceededError(`quota exceeded: ${addedBytes} more bytes do not fit in the ${remaining} left`);
  }
}
