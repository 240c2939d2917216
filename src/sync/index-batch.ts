/**
 * One reply of the index protocol: a pool's records after the asker's progress, origin by origin
 * in sequence order, so that the asker can say where it stands with one number per origin. A batch
 * is bounded by count and by size (long paths make long records).
 */
import type { FileRecord } from '../identity/index.js';
import type { Meta, Pool } from '../meta/index.js';
import { INDEX_BATCH, INDEX_BATCH_BYTES } from './protocol.js';
import { toRecordBody } from './records.js';

export interface IndexBatch {
  records: FileRecord[];
  /** True when more records follow in a next request. */
  more: boolean;
  /** The server's progress; the asker has it all once it has received every batch. */
  vector: Record<string, number>;
}

export function indexBatch(meta: Meta, pool: Pool, have: Record<string, number>, vector: Record<string, number>): IndexBatch {
  const records: FileRecord[] = [];
  let bytes = 0;
  for (const origin of Object.keys(vector).sort()) {
    let after = have[origin] ?? 0;
    while (after < vector[origin]!) {
      if (records.length === INDEX_BATCH || bytes >= INDEX_BATCH_BYTES) return { records, more: true, vector };
      const entries = meta.entries.recordsAfter(pool.id, origin, after, Math.min(64, INDEX_BATCH - records.length));
      if (entries.length === 0) break;
      for (const e of entries) {
        after = e.originSeq;
        // Records written before records were signed are not served (they cannot be checked).
        if (e.signature === undefined) continue;
        const record = { body: toRecordBody(pool.uid, e), signer: e.authorNode, signature: e.signature };
        bytes += JSON.stringify(record).length;
        records.push(record);
      }
    }
  }
  return { records, more: false, vector };
}
