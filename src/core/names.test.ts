import { describe, expect, it } from 'vitest';
import { BadNameError } from './errors.js';
import { ancestorsOf, normalizePath, normalizePoolName, normalizeUserName, splitPoolPath } from './names.js';

describe('normalizePath', () => {
  it('returns the canonical form', () => {
    expect(normalizePath('')).toBe('');
    expect(normalizePath('a/b/c.txt')).toBe('a/b/c.txt');
    expect(normalizePath('a/b/')).toBe('a/b');
    expect(normalizePath('Cafe\u0301/x')).toBe('Caf\u00e9/x');
  });

  it.each([
    ['/etc/passwd', /absolute/],
    ['a/../b', /"\.\."/],
    ['..', /"\.\."/],
    ['./a', /"\."/],
    ['a//b', /empty/],
    ['a\u0000b', /control/],
    ['a\nb', /control/],
    ['a\u009bb', /control/],
    ['a\\b', /\\/],
    ['x'.repeat(256), /255 bytes/],
    [`${'d/'.repeat(2100)}f`, /4096 bytes/],
  ])('rejects %j', (input, message) => {
    expect(() => normalizePath(input)).toThrow(BadNameError);
    expect(() => normalizePath(input)).toThrow(message);
  });

  it('counts the 255-byte limit in UTF-8 bytes, not characters', () => {
    expect(normalizePath('é'.repeat(127))).toHaveLength(127);
    expect(() => normalizePath('é'.repeat(128))).toThrow(/255 bytes/);
  });

  it('escapes control characters in its messages', () => {
    try {
      normalizePath('evil\u001b[2J');
    } catch (err) {
      expect((err as Error).message).not.toContain(String.fromCharCode(27));
      expect((err as Error).message).toContain('\\u001b');
    }
    expect.assertions(2);
  });
});

describe('other names', () => {
  it('lists ancestors outermost first', () => {
    expect(ancestorsOf('a/b/c')).toEqual(['a', 'a/b']);
    expect(ancestorsOf('a')).toEqual([]);
  });

  it('accepts S3-compatible pool names only', () => {
    expect(normalizePoolName('photos-2026.raw')).toBe('photos-2026.raw');
    for (const bad of ['ab', 'Photos', '-x-y', 'a..b', 'a_b', 'x'.repeat(64)]) expect(() => normalizePoolName(bad), bad).toThrow(BadNameError);
  });

  it('accepts lowercase user names', () => {
    expect(normalizeUserName('ada.lovelace_1')).toBe('ada.lovelace_1');
    for (const bad of ['', 'Ada', '.x', 'a b', 'x'.repeat(33)]) expect(() => normalizeUserName(bad), bad).toThrow(BadNameError);
  });

  it('splits POOL/PATH', () => {
    expect(splitPoolPath('photos')).toEqual({ pool: 'photos', path: '' });
    expect(splitPoolPath('photos/2026/a.jpg')).toEqual({ pool: 'photos', path: '2026/a.jpg' });
    expect(() => splitPoolPath('photos/../x')).toThrow(BadNameError);
  });
});
