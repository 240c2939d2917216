/**
 * Limits failed logins per key (a user name, a client address) in a sliding window, so that a
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

  /** Throws RateLimitedError if the key has used up its attempts. */
  assertAllowed(key: string): void {
    const recent = this.recent(key);
    if (recent.length >= this.opts.attempts) {
      const retryAfter = Math.max(1, Math.ceil((recent[0]! + this.opts.windowMs - this.opts.now()) / 1000));
      throw new RateLimitedError(`too many failed logins; try again in ${retryAfter} s`, retryAfter);
    }
  }

  recordFailure(key: string): void {
    if (this.failures.size > MAX_KEYS) this.prune();
    this.failures.set(key, [...this.recent(key), this.opts.now()]);
  }

  recordSuccess(key: string): void {
    this.failures.delete(key);
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
