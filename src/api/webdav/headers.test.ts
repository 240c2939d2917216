import { describe, expect, it } from 'vitest';
import { parseDepth, parseLockToken, parseOverwrite, parseTimeout } from './headers.js';

describe('WebDAV headers (RFC 4918 §10)', () => {
  it('Depth: 0, 1, infinity, default when absent, 400 otherwise', () => {
    expect(parseDepth('0', 'infinity')).toBe(0);
    expect(parseDepth(' 1 ', 0)).toBe(1);
    expect(parseDepth('Infinity', 0)).toBe('infinity');
    expect(parseDepth(undefined, 'infinity')).toBe('infinity');
    for (const bad of ['2', '', 'inf', '-1']) expect(() => parseDepth(bad, 0)).toThrow(/invalid Depth/);
  });

  it('Overwrite: T by default, F, nothing else', () => {
    expect(parseOverwrite(undefined)).toBe(true);
    expect(parseOverwrite('F')).toBe(false);
    expect(parseOverwrite('t')).toBe(true);
    expect(() => parseOverwrite('yes')).toThrow(/invalid Overwrite/);
  });

  it('Timeout: the first understood value, capped; Infinite and nonsense get the cap', () => {
    expect(parseTimeout('Second-60', 3600)).toBe(60);
    expect(parseTimeout('Second-99999999', 3600)).toBe(3600);
    expect(parseTimeout('Infinite, Second-60', 3600)).toBe(3600);
    expect(parseTimeout('Minute-5, Second-30', 3600)).toBe(30);
    expect(parseTimeout(undefined, 3600)).toBe(3600);
  });

  it('Lock-Token: a coded URL', () => {
    expect(parseLockToken(' <urn:x:1> ')).toBe('urn:x:1');
    for (const bad of [undefined, 'urn:x:1', '<>', '<a b>']) expect(() => parseLockToken(bad)).toThrow(/Lock-Token/);
  });
});
