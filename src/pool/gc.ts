/**
 * Garbage collection of chunks. A chunk is removed only when (a) the database says nothing has
 * referenced it for the grace period, and (b) no in-flight write holds a lease on it. Forgetting
 * the row and asking the store to delete happen in the same tick, with no await between them: a
 * writer either leased the chunk before (deletion refused; its commit recreates the row) or comes
 * after (the store makes it wait for the deletion and write the chunk again).
 */
import type { PoolContext } from './context.js';

export interface GcResult {
  chunksDeleted: number;
  bytesFreed: number;
  orphansDeleted: number;
}

const BATCH = 1000;

export async function collectGarbage(ctx: PoolContext, signal?: AbortSignal): Promise<GcResult> {
  const result: GcResult = { chunksDeleted: 0, bytesFreed: 0, orphansDeleted: 0 };
  const cutoff = ctx.now() - ctx.policy.gcGraceSeconds * 1000;
  for (;;) {
    signal?.throwIfAborted();
    const batch = ctx.meta.content.unreferencedSince(cutoff, BATCH);
    for (const chunk of batch) {
      // Forgetting the row frees a chunk kept in the database; a chunk file goes next, unless leased.
      const inline = ctx.meta.content.inlineData(chunk.hash) !== undefined;
      if (!ctx.meta.content.forgetUnreferenced(chunk.hash)) continue;
      if ((await ctx.store.deleteIfUnleased(chunk.hash)) || inline) {
        result.chunksDeleted++;
        result.bytesFreed += chunk.size;
      }
    }
    if (batch.length < BATCH) break;
  }
  result.orphansDeleted = await deleteOrphans(ctx, cutoff, signal);
  return result;
}

/** Chunk files no row knows of (a write that crashed before its commit), older than the grace period. */
async function deleteOrphans(ctx: PoolContext, cutoff: number, signal?: AbortSignal): Promise<number> {
  let deleted = 0;
  for await (const chunk of ctx.store.list(signal)) {
    if (chunk.mtimeMs > cutoff || ctx.meta.content.isKnownChunk(chunk.hash)) continue;
    if (await ctx.store.deleteIfUnleased(chunk.hash)) deleted++;
  }
  return deleted;
}
