import { randomBytes } from 'node:crypto';
import type { Actor } from '../core/actor.js';
import { signFileRecord } from '../identity/index.js';
import type { Entry, EntryWrite } from '../meta/index.js';
import { toRecordBody, type RecordFields, type VersionVector } from '../sync/index.js';
import type { PoolContext } from './context.js';

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
  const record = {
    ...fields,
    fileUid: fields.fileUid ?? newFileUid(),
    vv: bumpVv(previous?.vv ?? {}, ctx.nodeId),
    authorUser: actor.name,
    authorNode: ctx.nodeId,
    updatedAt: ctx.now(),
    originSeq: ctx.sequence.next(),
  };
  return { ...record, signature: signatureOf(ctx, record.poolId, { ...record, deleted: false }) };
}

/** The origin's signature over a record this node makes (see sync/records.ts). */
function signatureOf(ctx: PoolContext, poolId: number, fields: RecordFields): string {
  const pool = ctx.meta.pools.byId(poolId);
  if (pool === undefined) throw new Error(`pool ${poolId} vanished inside its own transaction`);
  return signFileRecord(ctx.key, toRecordBody(pool.uid, fields)).signature;
}

/** Marks a path deleted, keeping its history for replication. The caller moves its content reference. */
export function tombstone(ctx: PoolContext, e: Entry, actor: Actor): void {
  const change = { vv: bumpVv(e.vv, ctx.nodeId), authorUser: actor.name, authorNode: ctx.nodeId, at: ctx.now(), originSeq: ctx.sequence.next() };
  const fields: RecordFields = { ...e, ...change, deleted: true, size: 0, manifest: undefined, updatedAt: change.at };
  ctx.meta.entries.tombstone(e.poolId, e.path, { ...change, signature: signatureOf(ctx, e.poolId, fields) });
}
