import { randomUUID } from 'node:crypto';
import type { Entry, EntryWrite } from '../meta/index.js';
import type { PoolContext } from './context.js';
import type { Actor } from '../core/actor.js';

export type VersionVector = Record<string, number>;

/** A local change: this node's counter goes up by one. */
export function bumpVv(vv: VersionVector, nodeId: string): VersionVector {
  return { ...vv, [nodeId]: (vv[nodeId] ?? 0) + 1 };
}

export function newFileUid(): string {
  return randomUUID();
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
