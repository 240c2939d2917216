import { describe, expect, it } from 'vitest';
import { hrefOf, isWithin, targetOfReference, targetOfUri } from './resource-path.js';

describe('targetOfUri', () => {
  it('maps /dav/ to the root and /dav/<pool>/<path> into a pool', () => {
    expect(targetOfUri('/dav')).toEqual({ pool: undefined, path: '' });
    expect(targetOfUri('/dav/')).toEqual({ pool: undefined, path: '' });
    expect(targetOfUri('/dav/docs/')).toEqual({ pool: 'docs', path: '' });
    expect(targetOfUri('/dav/docs/a/b.txt?x=1')).toEqual({ pool: 'docs', path: 'a/b.txt' });
  });

  it('decodes each segment, and normalizes to NFC', () => {
    expect(targetOfUri('/dav/docs/a%20b/100%25%2Bc.txt').path).toBe('a b/100%+c.txt');
    expect(targetOfUri('/dav/docs/e%CC%81.txt').path).toBe('\u00e9.txt');
    expect(targetOfUri('/dav/docs/a+b').path).toBe('a+b');
  });

  for (const bad of ['/dav/docs/../x', '/dav/docs/%2e%2e/x', '/dav/docs/%2E%2E', '/dav/docs/.', '/dav/docs/a%2Fb', '/dav/docs/a%2fb', '/dav/docs/%zz', '/dav/docs//a', '/dav/Docs/a', '/dav/docs/a%00']) {
    it(`refuses ${bad}`, () => expect(() => targetOfUri(bad)).toThrow());
  }

  it('answers 404 outside the tree', () => expect(() => targetOfUri('/davx/a')).toThrow(/outside the WebDAV tree/));
});

describe('targetOfReference (Destination, If resource tags)', () => {
  it('accepts an absolute URI on this host, or an absolute path', () => {
    expect(targetOfReference('http://127.0.0.1:8080/dav/docs/a%20b', '127.0.0.1:8080')).toEqual({ pool: 'docs', path: 'a b' });
    expect(targetOfReference('/dav/docs/x', '127.0.0.1:8080')).toEqual({ pool: 'docs', path: 'x' });
  });

  it('does not resolve dot segments as a URL parser would: they are refused', () => {
    expect(() => targetOfReference('http://h/dav/docs/a/%2e%2e/b', 'h')).toThrow(/not allowed/);
  });

  it('refuses another server with 502, and a relative reference', () => {
    expect(() => targetOfReference('http://elsewhere/dav/docs/x', 'h')).toThrow(expect.objectContaining({ code: 'E_UNREACHABLE' }));
    expect(() => targetOfReference('docs/x', 'h')).toThrow(/neither an absolute URI/);
  });
});

describe('hrefOf and isWithin', () => {
  it('encodes each segment and marks collections with a slash', () => {
    expect(hrefOf({ pool: 'docs', path: 'a b/c+d%.txt' }, false)).toBe('/dav/docs/a%20b/c%2Bd%25.txt');
    expect(hrefOf({ pool: 'docs', path: '' }, true)).toBe('/dav/docs/');
    expect(hrefOf({ pool: undefined, path: '' }, true)).toBe('/dav/');
  });

  it('knows what lies inside what', () => {
    expect(isWithin({ pool: 'p', path: 'a/b' }, { pool: 'p', path: 'a' })).toBe(true);
    expect(isWithin({ pool: 'p', path: 'ab' }, { pool: 'p', path: 'a' })).toBe(false);
    expect(isWithin({ pool: 'p', path: 'a' }, { pool: 'p', path: '' })).toBe(true);
    expect(isWithin({ pool: 'q', path: 'a' }, { pool: 'p', path: '' })).toBe(false);
  });
});
