import { describe, expect, it } from 'vitest';
import { parseRange } from './http-range.js';

describe('parseRange (RFC 9110 §14.2)', () => {
  it('parses the three forms', () => {
    expect(parseRange('bytes=0-99')).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=100-')).toEqual({ start: 100, end: undefined });
    expect(parseRange('bytes=-500')).toEqual({ start: undefined, end: 500 });
  });

  it('ignores what it cannot serve as one range', () => {
    for (const h of [undefined, '', 'bytes=-', 'bytes=5-1', 'bytes=0-1,3-4', 'items=0-1', 'bytes=a-b']) expect(parseRange(h), String(h)).toBeUndefined();
  });
});
