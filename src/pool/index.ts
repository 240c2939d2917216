/**
 * The pool layer: every operation people and APIs perform on pools and files — put, get, list,
 * move, copy, delete to trash, versions, restore — on top of the store (chunks) and meta (records).
 * Read `files.ts` first (how a write becomes durable), then `tree-ops.ts`, `trash.ts`,
 * `versions.ts`; `gc.ts` and `check.ts` keep and prove the store consistent; `thumbnails.ts` makes
 * and caches image thumbnails.
 */
import type { PoolContext } from './context.js';
import { FavoriteService } from './favorites.js';
import { FileService } from './files.js';
import { MaintenanceJob } from './maintenance.js';
import { MultipartUploads } from './multipart.js';
import { BucketNotifications } from './notifications.js';
import { PoolService } from './pools.js';
import { PropertyService } from './properties.js';
import { ReplicaSink } from './replica.js';
import { SharingService } from './sharing.js';
import { TrashService } from './trash.js';
import { TreeOps } from './tree-ops.js';
import { VersionService } from './versions.js';

export { checkStore, type CheckReport, type DamagedChunk } from './check.js';
export { createPoolContext, type PoolContext, type PoolPolicy } from './context.js';
export type { ByteRange, Listing, OpenedFile, PutOptions, StoredFile } from './files.js';
export { collectGarbage, type GcResult } from './gc.js';
export { InlineAwareChunkStore } from './inline-chunks.js';
export type { MaintenanceReport } from './maintenance.js';
export type { PropertyChange } from './properties.js';
export type { PoolQuota } from './pools.js';
export type { TransferOptions } from './tree-ops.js';
export type { PartOptions } from './multipart.js';
export type { Change, RenderChange } from './notifications.js';
export { DEFAULT_VERSION_BANDS, versionsToExpire } from './version-policy.js';
export type { NetworkPoolView } from './sharing.js';
export { conflictPath } from './replica.js';
export type { PoolEntry } from './favorites.js';
export { THUMBNAIL_SIZES, ThumbnailService, type Thumbnail, type ThumbnailSize } from './thumbnails.js';
export { BucketNotifications, FavoriteService, FileService, MaintenanceJob, MultipartUploads, PoolService, PropertyService, ReplicaSink, SharingService, TrashService, TreeOps, VersionService };

export interface PoolServices {
  pools: PoolService;
  files: FileService;
  /** Favorites and recent files. */
  favorites: FavoriteService;
  tree: TreeOps;
  trash: TrashService;
  versions: VersionService;
  sharing: SharingService;
  /** Dead properties (WebDAV PROPPATCH). */
  properties: PropertyService;
  /** Applies records received from other nodes (handed to the sync engine). */
  replica: ReplicaSink;
  maintenance: MaintenanceJob;
  /** Uploads in parts (the S3 door's multipart uploads). */
  multipart: MultipartUploads;
  /** Webhook targets and the outbox of bucket notifications. */
  notifications: BucketNotifications;
}

export function createPoolServices(ctx: PoolContext, maintenanceIntervalMs: number): PoolServices {
  const files = new FileService(ctx);
  const trash = new TrashService(ctx, files);
  const versions = new VersionService(ctx, files);
  const pools = new PoolService(ctx);
  return {
    pools,
    files,
    favorites: new FavoriteService(ctx, pools, files),
    tree: new TreeOps(ctx, files),
    trash,
    versions,
    sharing: new SharingService(ctx),
    properties: new PropertyService(ctx, files),
    replica: new ReplicaSink(ctx),
    maintenance: new MaintenanceJob(ctx, pools, trash, versions, maintenanceIntervalMs),
    multipart: new MultipartUploads(ctx, files),
    notifications: new BucketNotifications(ctx),
  };
}
