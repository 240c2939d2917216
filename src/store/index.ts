/**
 * The store layer owns file content on the local disk: the content-defined chunker (FastCDC, with a
 * chunk size tier chosen from the file size), the content-addressed chunk store (one verified,
 * durable file per SHA-256, written in two steps: `put` stages, `commit` makes a lease's staged
 * chunks durable and visible together), leases that pin chunks while their references are being
 * committed, and whole-file streaming on top (`writeContent` / `readContent`). It knows nothing of pools,
 * paths or the database: reference counting and garbage collection policy live above, through
 * `ChunkStore.list` and `deleteIfUnleased`.
 *
 * Read first: types.ts (the ChunkStore contract), content.ts (how files become chunks and back),
 * then disk-chunk-store.ts (the durability and concurrency rules).
 */
export type { ChunkLease, ChunkRef, ChunkStore, PutResult, StoredChunk } from './types.js';
export { CHUNK_TIERS, chunkParamsFor, type ChunkParams } from './chunk-params.js';
export { chunkStream, findCutPoint } from './chunker.js';
export { DiskChunkStore, type DiskChunkStoreOptions } from './disk-chunk-store.js';
export type { ChunkFile, ChunkIo } from './chunk-io.js';
export { readContent, writeContent, type ByteRange, type WriteContentOptions, type WriteContentResult } from './content.js';
export { contentSize, decodeManifest, encodeManifest, manifestHash } from './manifest.js';
export { isChunkHash } from './hash.js';
export { FsyncCoalescer } from './fsync-coalescer.js';
