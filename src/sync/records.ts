/**
 * Stored entries as signed file records, and the sequence that orders a node's own records. A
 * record's sequence number is its origin's counter at the time it was made: one counter per node
 * for all pools, monotonic, with gaps allowed (a rolled-back write skips one).
 */
import type { Entry } from '../meta/index.js';
import type { FileRecordBody } from '../identity/index.js';

/** The fields of a record, as stored in an entry. */
export type RecordFields = Pick<Entry, 'path' | 'fileUid' | 'kind' | 'size' | 'mtime' | 'manifest' | 'vv' | 'deleted' | 'authorNode' | 'originSeq' | 'authorUser' | 'updatedAt'>;

export function toRecordBody(poolUid: string, e: RecordFields): FileRecordBody {
  return {
    pool: poolUid,
    path: e.path,
    fileUid: e.fileUid,
    kind: e.kind,
    size: e.size,
    mtime: e.mtime,
    manifest: e.manifest ?? null,
    vv: e.vv,
    deleted: e.deleted,
    origin: e.authorNode,
    seq: e.originSeq,
    authorUser: e.authorUser ?? null,
    at: e.updatedAt,
  };
}

/**
 * This node's record counter: microseconds of the wall clock, or one more than the last number
 * when the clock has not moved on. A peer may see a record before a crash undoes it (it is served
 * once committed, a moment before it is durable); after a restart the clock has moved on, so the
 * node never gives the same number to a different record. `resumeFrom` (the highest number
 * stored) covers a clock set back while the node was down.
 */
export class OriginSequence {
  private last: number | undefined;

  constructor(
    private readonly resumeFrom: () => number,
    private readonly nowMs: () => number = Date.now,
  ) {}

  next(): number {
    this.last = Math.max((this.last ?? this.resumeFrom()) + 1, this.nowMs() * 1000);
    return this.last;
  }
}
