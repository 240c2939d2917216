import { ByteMeter } from './byte-meter.js';

/**
 * A byte-rate limit: tokens refill at `rate` bytes per second up to one second's worth, and a
 * transfer of n bytes waits until the bucket holds n (a transfer larger than the bucket waits for a
 * full bucket and runs it into debt, which later transfers wait out). Rate 0 means unlimited. The
 * rate can change at any time; waiting transfers see the new rate on their next check. Every byte
 * passes here, limited or not, so the bucket also meters them.
 */
export class TokenBucket {
  readonly meter = new ByteMeter();
  private tokens = 0;
  private updatedAt = performance.now();

  constructor(private rate: number) {
    this.tokens = rate;
  }

  get bytesPerSecond(): number {
    return this.rate;
  }

  setRate(rate: number): void {
    this.refill();
    this.rate = rate;
    this.tokens = Math.min(this.tokens, rate);
  }

  async take(bytes: number, signal?: AbortSignal): Promise<void> {
    this.meter.add(bytes);
    for (;;) {
      if (this.rate === 0) return;
      this.refill();
      const needed = Math.min(bytes, this.rate);
      if (this.tokens >= needed) {
        this.tokens -= bytes;
        return;
      }
      signal?.throwIfAborted();
      // Sleep until the bucket can pay, in steps so that a raised limit takes effect soon.
      const waitMs = Math.min(250, Math.ceil(((needed - this.tokens) / this.rate) * 1000) + 1);
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }

  private refill(): void {
    const now = performance.now();
    this.tokens = Math.min(this.rate, this.tokens + ((now - this.updatedAt) / 1000) * this.rate);
    this.updatedAt = now;
  }
}
