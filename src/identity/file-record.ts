/**
 * File records as they travel between nodes: one state of one path in a pool, signed by the node
 * that made it (its origin). The same body is rebuilt from the stored entry to serve it, and
 * checked against the signature by every node that receives it.
 */
import { z } from 'zod';
import { nodeIdSchema } from './network.js';
import { hasValidSignature, signRecord, type Signed } from './signed.js';
import type { NodeKey } from './node-key.js';

export const fileRecordBodySchema = z.object({
  pool: z.string().min(1).max(64),
  path: z.string().min(1).max(4096),
  fileUid: z.string().min(1).max(64),
  kind: z.enum(['file', 'dir']),
  size: z.number().int().nonnegative(),
  mtime: z.number().int().nonnegative(),
  /** Hex manifest hash; null for folders and deletions. */
  manifest: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
  vv: z.record(z.string().max(64), z.number().int().nonnegative()),
  deleted: z.boolean(),
  origin: nodeIdSchema,
  seq: z.number().int().positive(),
  authorUser: z.string().max(128).nullable(),
  at: z.number().int().nonnegative(),
});
export type FileRecordBody = z.infer<typeof fileRecordBodySchema>;

export const fileRecordSchema = z.object({ body: fileRecordBodySchema, signer: nodeIdSchema, signature: z.string().regex(/^[A-Za-z0-9_-]{86}$/) });
export type FileRecord = z.infer<typeof fileRecordSchema>;

export function signFileRecord(key: NodeKey, body: FileRecordBody): Signed<FileRecordBody> {
  return signRecord(key, 'file-record', body);
}

/** Why a received record is refused (undefined: its origin really signed it). */
export function checkFileRecord(record: FileRecord, poolUid: string): string | undefined {
  if (record.body.pool !== poolUid) return 'record is for another pool';
  if (record.signer !== record.body.origin) return `record of ${record.body.origin} signed by ${record.signer}`;
  if (!hasValidSignature('file-record', record)) return 'record signature is invalid';
  return undefined;
}
