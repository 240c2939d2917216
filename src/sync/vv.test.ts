import { describe, expect, it } from 'vitest';
import { compareVv, mergeVv } from './vv.js';

describe('version vectors', () => {
  it('orders histories, and tells concurrent edits apart', () => {
    expect(compareVv({ a: 1 }, { a: 1 })).toBe('equal');
    expect(compareVv({ a: 1 }, { a: 2 })).toBe('before');
    expect(compareVv({ a: 2, b: 1 }, { a: 2 })).toBe('after');
    expect(compareVv({}, { b: 1 })).toBe('before');
    expect(compareVv({ a: 2 }, { a: 1, b: 1 })).toBe('concurrent');
  });

  it('merges to the newest count of every node', () => {
    expect(mergeVv({ a: 2, b: 1 }, { b: 3, c: 1 })).toEqual({ a: 2, b: 3, c: 1 });
  });
});
