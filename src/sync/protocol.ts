/**
 * The replication protocols, all between verified members:
 * - summary: which pools this node knows and, for those it holds, how far it has each origin's
 *   records (a few bytes per pool and origin). Sent on connect and after every change.
 * - index: the records of one pool after the sequence numbers the asker has, in batches.
 * - content: manifests and chunks by hash, on a stream kept for a whole fetch with several requests
 *   in flight; the asker verifies every byte before storing it.
 */
import { z } from 'zod';
import { fileRecordSchema, poolDescriptorSchema } from '../identity/index.js';

export const SUMMARY = '/kith/sync/summary/1';
export const INDEX = '/kith/sync/index/1';
export const CONTENT = '/kith/sync/content/2';

/** Records per index reply, at most, and their JSON size: a reply stays under the 1 MiB message limit. */
export const INDEX_BATCH = 1024;
export const INDEX_BATCH_BYTES = 512 * 1024;
/** Hashes per content request: 4 MiB of small files' chunks, in a request message of ~70 KB. */
export const CONTENT_BATCH = 1024;

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
/**
 * A reply comes in groups, in the order of the request (manifests, then chunks): each group says
 * whether each of its next items was found, and the bytes of the found ones follow as frames.
 */
export const contentGroup = z.object({ found: z.array(z.boolean()).min(1).max(CONTENT_BATCH * 2) });
