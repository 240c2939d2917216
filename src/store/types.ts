/** A piece of content, named by the SHA-256 of its bytes (64 lowercase hex characters). */
export interface ChunkRef {
  hash: string;
  size: number;
}

/**
 * Pins chunks while a write is in flight: between the moment a writer learns a chunk is on disk
 * (or writes it) and the moment its reference is committed to the database, the garbage collector
 * must not delete that chunk. A lease is released once the reference is committed (or abandoned).
 * It also owns the chunks staged under it and not yet committed: releasing it discards them.
 */
export interface ChunkLease {
  readonly hashes: ReadonlySet<string>;
  release(): void;
}

export interface StoredChunk {
  hash: string;
  size: number;
  mtimeMs: number;
}

export interface PutResult extends ChunkRef {
  /**
   * False when no new bytes were written: the chunk was already stored (deduplicated), or already
   * staged under the same lease.
   */
  written: boolean;
}

/** Content-addressed chunk storage. Implementations: on local disk now; on S3 later. */
export interface ChunkStore {
  /**
   * Stages a chunk and pins it under `lease`: unless it is already stored, its bytes are handed to
   * the operating system, but the chunk is neither durable nor visible (to get, has, list) until
   * `commit(lease)`. When `hash` is given it must match the data, else the chunk is refused.
   */
  put(lease: ChunkLease, data: Uint8Array, hash?: string, signal?: AbortSignal): Promise<PutResult>;
  /**
   * Makes every chunk staged under `lease` durable and visible, together: once this resolves, every
   * chunk put under the lease survives a crash. Waits for puts still staging. On failure none of
   * the chunks it was publishing is left visible, and their staged bytes are gone.
   */
  commit(lease: ChunkLease, signal?: AbortSignal): Promise<void>;
  /** Reads and verifies a chunk. Throws NotFoundError if absent, CorruptChunkError if it does not match its hash. */
  get(hash: string, signal?: AbortSignal): Promise<Buffer>;
  has(hash: string): Promise<boolean>;
  lease(): ChunkLease;
  /** Deletes a chunk unless a live lease pins it. Returns whether it was deleted. */
  deleteIfUnleased(hash: string): Promise<boolean>;
  /** Every stored chunk, in no particular order. */
  list(signal?: AbortSignal): AsyncIterable<StoredChunk>;
  /** Moves a chunk out of the store (to a quarantine folder) so that it is no longer served. */
  quarantine(hash: string): Promise<void>;
}
