/**
 * Limits failed logins per user name and per client address in a sliding window, so that a
 * password cannot be guessed online. Kept in memory: a restart resets it, which costs an attacker
 * a restart they cannot cause.
 */
import { RateLimitedError } from '../core/errors.js';

export interface LimiterOptions {
  attempts: number;
  windowMs: number;
  now: () => number;
}

const MAX_KEYS = 10_000;

export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly opts: LimiterOptions) {}

  /** Throws RateLimitedError if any of the keys has used up its attempts. */
  assertAllowed(keys: readonly string[]): void {
    for (const key of keys) {
      const recent = this.recent(key);
      if (recent.length >= this.opts.attempts) {
        const retryAfter = Math.ceil((recent[0]! + this.opts.windowMs - this.opts.now()) / 1000);
        throw new RateLimitedError(`too many failed logins; try again in ${retryAfter} s`, Math.max(1, retryAfter));
      }
    }
  }

  recordFailure(keys: readonly string[]): void {
    if (this.failures.size > MAX_KEYS) this.prune();
    for (const key of keys) this.failures.set(key, [...this.recent(key), this.opts.now()]);
  }

  recordSuccess(keys: readonly string[]): void {
    for (const key of keys) this.failures.delete(key);
  }

  private recent(key: string): number[] {
    const since = this.opts.now() - this.opts.windowMs;
    return (this.failures.get(key) ?? []).filter((t) => t > since);
  }

  private prune(): void {
    for (const key of [...this.failures.keys()]) {
      if (this.recent(key).length === 0) this.failures.delete(key);
    }
  }
}
