import type { Actor } from '../core/actor.js';
import type { Logger } from '../core/log.js';
import type { NodeKey } from '../identity/index.js';
import type { Meta } from '../meta/index.js';
import type { OriginSequence } from '../sync/index.js';
import type { ChunkStore } from '../store/index.js';

export interface PoolPolicy {
  /** Default age after which trash items are purged (0 = never). */
  trashRetentionDays: number;
  /** Share of an owner's quota that old versions may use. */
  versionsMaxQuotaShare: number;
  /** Seconds an unreferenced chunk waits before garbage collection. */
  gcGraceSeconds: number;
  /** Files up to this size keep their content in the database rather than in a chunk file. */
  inlineMaxBytes: number;
}

/** What the pool layer needs from the rest of the node. */
export interface PoolContext {
  meta: Meta;
  store: ChunkStore;
  nodeId: string;
  /** Signs the records this node makes. */
  key: NodeKey;
  /** Numbers the records this node makes. */
  sequence: OriginSequence;
  policy: PoolPolicy;
  log: Logger;
  now: () => number;
}

export type { Actor };
