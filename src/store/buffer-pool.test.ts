import { describe, expect, it } from 'vitest';
import { ChunkBufferPool } from './buffer-pool.js';

describe('ChunkBufferPool', () => {
  it('reuses its own slabs, and never memory it did not make', () => {
    const pool = new ChunkBufferPool(1024, 2);
    const a = pool.take(100);
    pool.give(a);
    const b = pool.take(200);
    expect(b.buffer).toBe(a.buffer);
    expect(b.length).toBe(200);
    const foreign = Buffer.from(new ArrayBuffer(1024));
    pool.give(foreign);
    expect(pool.take(10).buffer).not.toBe(foreign.buffer);
  });

  it('keeps at most the configured number of free slabs, each once', () => {
    const pool = new ChunkBufferPool(64, 1);
    const a = pool.take(1);
    const b = pool.take(1);
    pool.give(a);
    pool.give(a);
    pool.give(b);
    expect(pool.take(1).buffer).toBe(a.buffer);
    expect(pool.take(1).buffer).not.toBe(b.buffer);
  });
});
