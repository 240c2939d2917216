import { randomBytes } from 'node:crypto';
import type { Entry, EntryWrite } from '../meta/index.js';
import type { PoolContext } from './context.js';
import type { Actor } from '../core/actor.js';

export type VersionVector = Record<string, number>;

/** A local change: this node's counter goes up by one. */
export function bumpVv(vv: VersionVector, nodeId: string): VersionVector {
  return { ...vv, [nodeId]: (vv[nodeId] ?? 0) + 1 };
}

/**
 * A new file id: UUID version 7 layout (RFC 9562 §5.7), time-ordered so that new ids land at the
 * end of the file-id index instead of on a random page of it.
 */
export function newFileUid(now = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = 0x70 | (bytes[6]! & 0x0f);
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The record for a new state of `path`, continuing the history of whatever was there. */
export function nextRecord(
  ctx: PoolContext,
  previous: Entry | undefined,
  fields: Pick<EntryWrite, 'poolId' | 'path' | 'kind' | 'size' | 'mtime' | 'manifest'> & { fileUid?: string },
  actor: Actor,
): EntryWrite {
  const now = ctx.now();
  return {
    ...fields,
    fileUid: fields.fileUid ?? newFileUid(),
    vv: bumpVv(previous?.vv ?? {}, ctx.nodeId),
    authorUser: actor.name,
    authorNode: ctx.nodeId,
    updatedAt: now,
  };
}

/** Marks a path deleted, keeping its history for replication. The caller moves its content reference. */
export function tombstone(ctx: PoolContext, e: Entry, actor: Actor): void {
  ctx.meta.entries.tombstone(e.poolId, e.path, {
    vv: bumpVv(e.vv, ctx.nodeId),
    authorUser: actor.name,
    authorNode: ctx.nodeId,
    at: ctx.now(),
  });
}
