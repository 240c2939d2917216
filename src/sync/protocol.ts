/**
 * The replication protocols, all between verified members:
 * - summary: which pools this node knows and, for those it holds, how far it has each origin's
 *   records (a few bytes per pool and origin). Sent on connect and after every change.
 * - index: the records of one pool after the sequence numbers the asker has, in batches.
 * - content: manifests and chunks by hash; the asker verifies every byte before storing it.
 */
import { z } from 'zod';
import { fileRecordSchema, poolDescriptorSchema } from '../identity/index.js';

export const SUMMARY = '/kith/sync/summary/1';
export const INDEX = '/kith/sync/index/1';
export const CONTENT = '/kith/sync/content/1';

/** Records per index reply: a few hundred KiB of JSON at most. */
export const INDEX_BATCH = 256;
/** Hashes per content request. */
export const CONTENT_BATCH = 64;

const vector = z.record(z.string().max(64), z.number().int().nonnegative());
const hash = z.string().regex(/^[0-9a-f]{64}$/);

export const summaryMessage = z.object({
  pools: z.array(poolDescriptorSchema).max(1000),
  holding: z.array(z.object({ uid: z.string().max(64), vector })).max(1000),
});
export type SummaryMessage = z.infer<typeof summaryMessage>;

export const indexRequest = z.object({ pool: z.string().max(64), have: vector });
export const indexReply = z.object({
  records: z.array(fileRecordSchema).max(INDEX_BATCH),
  /** True when more records follow in a next request. */
  more: z.boolean(),
  /** The server's progress; the asker has it all once it has received every batch. */
  vector,
});

export const contentRequest = z.object({
  manifests: z.array(hash).max(CONTENT_BATCH),
  chunks: z.array(hash).max(CONTENT_BATCH),
});
/** Sent before each item's bytes; a missing item has no bytes after it. */
export const contentHeader = z.object({ hash, found: z.boolean() });
