/**
 * Limits failed attempts per key (a user name, a client address) in a sliding window, so that a
 * password cannot be guessed online (user logins, and joining a network by its password). Kept in memory: a restart resets it, which costs an attacker
 * a restart they cannot cause.
 */
import { RateLimitedError } from '../core/errors.js';

export interface LimiterOptions {
  attempts: number;
  windowMs: number;
  now: () => number;
}

const MAX_KEYS = 10_000;

export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly opts: LimiterOptions) {}

  /** Throws RateLimitedError if the key has used up its attempts. */
  assertAllowed(key: string): void {
    const retryAfter = this.retryAfterSeconds(key);
    if (retryAfter !== undefined) throw new RateLimitedError(`too many failed logins; try again in ${retryAfter} s`, retryAfter);
  }

  /** How long the key must wait before its next attempt, if it used up its attempts. */
  retryAfterSeconds(key: string): number | undefined {
    const recent = this.recent(key);
    if (recent.length < this.opts.attempts) return undefined;
    return Math.max(1, Math.ceil((recent[0]! + this.opts.windowMs - this.opts.now()) / 1000));
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
