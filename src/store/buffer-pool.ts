/**
 * Reusable buffers for chunks assembled from several input pieces. A fresh buffer per chunk means
 * fresh pages to fault in and, at hundreds of megabytes a second, a garbage collector busy with
 * external memory; a handful of slabs recycled as soon as a chunk is written avoids both.
 */
export class ChunkBufferPool {
  private readonly free: ArrayBuffer[] = [];
  /** Slabs this pool made: only those may be reused, never a caller's own memory. */
  private readonly own = new WeakSet<ArrayBufferLike>();

  constructor(
    private readonly slabBytes: number,
    private readonly keep: number,
  ) {}

  /** A buffer of `size` bytes (at most the slab size), backed by a recycled slab when one is free. */
  take(size: number): Buffer {
    let slab = this.free.pop();
    if (slab === undefined) {
      slab = new ArrayBuffer(this.slabBytes);
      this.own.add(slab);
    }
    return Buffer.from(slab, 0, size);
  }

  /** Returns a buffer's slab for reuse; buffers not from this pool are ignored. */
  give(buffer: Uint8Array): void {
    const slab = buffer.buffer;
    if (slab instanceof ArrayBuffer && this.own.has(slab) && this.free.length < this.keep && !this.free.includes(slab)) {
      this.free.push(slab);
    }
  }
}
