import type { Actor } from '../core/actor.js';
import type { Logger } from '../core/log.js';
import type { NodeKey } from '../identity/index.js';
import type { Meta } from '../meta/index.js';
import { OriginSequence } from '../sync/index.js';
import { InlineAwareChunkStore } from './inline-chunks.js';
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
  /** Whether records without an author user are accepted in pools whose upload policy is "anyone". */
  acceptAnonymous: boolean;
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

/**
 * The context of a node's pools over its database and chunk files: small files' chunks read from
 * the database, records signed with `key` and numbered from where this node left off.
 */
export function createPoolContext(parts: { meta: Meta; disk: ChunkStore; key: NodeKey; policy: PoolPolicy; log: Logger; now: () => number }): PoolContext {
  const { meta, disk, key } = parts;
  return {
    meta,
    store: new InlineAwareChunkStore(meta, disk),
    nodeId: key.nodeId,
    key,
    sequence: new OriginSequence(() => meta.entries.maxOriginSeq(key.nodeId)),
    policy: parts.policy,
    log: parts.log,
    now: parts.now,
  };
}
