import { describe, expect, it } from 'vitest';
import { RateLimitedError } from '../core/errors.js';
import { FailureLimiter } from './failure-limiter.js';

describe('FailureLimiter', () => {
  it('blocks after the allowed failures and lets go when the window slides', () => {
    let now = 0;
    const limiter = new FailureLimiter({ attempts: 2, windowMs: 60_000, now: () => now });
    limiter.recordFailure('alice');
    now = 10_000;
    limiter.recordFailure('alice');
    expect(() => limiter.assertAllowed('alice')).toThrow(RateLimitedError);
    expect(() => limiter.assertAllowed('bob')).not.toThrow();
    try {
      limiter.assertAllowed('alice');
    } catch (err) {
      expect((err as RateLimitedError).retryAfterSeconds).toBe(50);
    }
    now = 60_001;
    expect(() => limiter.assertAllowed('alice')).not.toThrow();
  });

  it('forgets failures after a success', () => {
    const limiter = new FailureLimiter({ attempts: 1, windowMs: 60_000, now: () => 0 });
    limiter.recordFailure('carol');
    limiter.recordSuccess('carol');
    expect(() => limiter.assertAllowed('carol')).not.toThrow();
  });
});
