import { describe, expect, it } from 'vitest';
import { TokenBucket } from './token-bucket.js';

describe('token bucket', () => {
  it('lets one second of bytes through at once, then paces the rest', async () => {
    const bucket = new TokenBucket(100_000);
    const started = performance.now();
    for (let i = 0; i < 4; i++) await bucket.take(50_000);
    // 200 kB at 100 kB/s with a 100 kB burst: about one second.
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('does not limit at rate 0, and takes a new rate at once', async () => {
    const bucket = new TokenBucket(0);
    const started = performance.now();
    for (let i = 0; i < 100; i++) await bucket.take(10_000_000);
    expect(performance.now() - started).toBeLessThan(100);
    bucket.setRate(1000);
    await bucket.take(1000);
    const paced = performance.now();
    await bucket.take(500);
    expect(performance.now() - paced).toBeGreaterThanOrEqual(400);
  });
});
