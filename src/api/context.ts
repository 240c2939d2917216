import type { AuthServices } from '../auth/index.js';
import type { Logger } from '../core/log.js';
import type { BlockedNode, NetworkService } from '../net/index.js';
import type { SyncEngine } from '../sync/index.js';
import type { CheckReport, MaintenanceReport, PoolServices, ThumbnailService } from '../pool/index.js';
import type { LockStore } from './webdav/lock-manager.js';

export interface NodeInfo {
  nodeId: string;
  version: string;
  startedAt: string;
  uptimeSeconds: number;
  dataDir: string;
  disk: { totalBytes: number; freeBytes: number };
  setupNeeded: boolean;
}

/** What the API needs from the node as a whole; the composition root provides it. */
export interface NodeControl {
  info(): Promise<NodeInfo>;
  check(repair: boolean, signal?: AbortSignal): Promise<CheckReport>;
  runMaintenance(): Promise<MaintenanceReport>;
}

/** Nodes the network blocked for sending corrupt data, and an admin's way to lift a block. */
export interface BlockControl {
  blocked(): BlockedNode[];
  unblock(node: string): Promise<void>;
}

export interface ApiDeps {
  pools: PoolServices;
  thumbnails: ThumbnailService;
  auth: AuthServices;
  network: NetworkService;
  blocks: BlockControl;
  sync: SyncEngine;
  node: NodeControl;
  http: {
    jsonBodyLimitBytes: number;
    /** Set the Secure flag on cookies (when served over HTTPS, directly or behind a proxy). */
    secureCookies: boolean;
    /** Log every request (method, URL, status, duration); see request-log.ts. */
    logRequests?: boolean;
  };
  /** Where resumable uploads are staged until their last byte arrives. */
  uploadsDir: string;
  webdav: WebDavLimits;
  /** Where WebDAV locks are kept across restarts. */
  webdavLocks: LockStore;
  log: Logger;
}

export interface WebDavLimits {
  xmlBodyLimitBytes: number;
  /** 0: PROPFIND with Depth infinity is refused. */
  infiniteDepthMaxEntries: number;
  maxLockSeconds: number;
}
