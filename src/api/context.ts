import type { AuthServices } from '../auth/index.js';
import type { Logger } from '../core/log.js';
import type { NetworkService } from '../net/index.js';
import type { SyncEngine } from '../sync/index.js';
import type { CheckReport, MaintenanceReport, PoolServices } from '../pool/index.js';

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

export interface ApiDeps {
  pools: PoolServices;
  auth: AuthServices;
  network: NetworkService;
  sync: SyncEngine;
  node: NodeControl;
  http: {
    jsonBodyLimitBytes: number;
    /** Set the Secure flag on cookies (when served over HTTPS, directly or behind a proxy). */
    secureCookies: boolean;
  };
  log: Logger;
}
