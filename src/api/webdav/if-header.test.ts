import { describe, expect, it } from 'vitest';
import { evaluateIf, parseIfHeader, submittedTokens, type ResourceState } from './if-header.js';

const state = (etag: string | undefined, ...tokens: string[]): ResourceState => ({ etag, lockTokens: new Set(tokens) });

describe('parseIfHeader (RFC 4918 §10.4)', () => {
  it('reads untagged lists with tokens, entity tags and Not', () => {
    expect(parseIfHeader('(<urn:x:1> ["e1"]) (Not <DAV:no-lock> ["e1"])')).toEqual([
      { resource: undefined, conditions: [{ not: false, token: 'urn:x:1' }, { not: false, etag: '"e1"' }] },
      { resource: undefined, conditions: [{ not: true, token: 'DAV:no-lock' }, { not: false, etag: '"e1"' }] },
    ]);
  });

  it('reads tagged lists, the tag applying to every list after it', () => {
    expect(parseIfHeader('<http://h/dav/a> (<urn:x:1>) (["e"]) <http://h/dav/b> (Not ["f"])')).toEqual([
      { resource: 'http://h/dav/a', conditions: [{ not: false, token: 'urn:x:1' }] },
      { resource: 'http://h/dav/a', conditions: [{ not: false, etag: '"e"' }] },
      { resource: 'http://h/dav/b', conditions: [{ not: true, etag: '"f"' }] },
    ]);
  });

  it('accepts "not" in any case and no spaces between conditions', () => {
    expect(parseIfHeader('(not<a:b>[W/"x"])')[0]!.conditions).toEqual([{ not: true, token: 'a:b' }, { not: false, etag: 'W/"x"' }]);
  });

  for (const bad of ['', '()', '(<a:b>', '<a:b>', '(<a:b>) <http://h/x> (<c:d>)', '(foo)', '(["e")', 'junk (<a:b>)']) {
    it(`refuses ${JSON.stringify(bad)}`, () => expect(() => parseIfHeader(bad)).toThrow(/invalid If header/));
  }
});

describe('evaluateIf', () => {
  const current = state('"e1"', 'urn:x:1');
  const on = (header: string, s = current) => evaluateIf(parseIfHeader(header), () => s);

  it('holds when any list holds, and a list holds when all its conditions do', () => {
    expect(on('(<urn:x:1> ["e1"])')).toBe(true);
    expect(on('(<urn:x:1> ["e2"])')).toBe(false);
    expect(on('(<urn:x:2>) (["e1"])')).toBe(true);
    expect(on('(<DAV:no-lock>)')).toBe(false);
    expect(on('(Not <DAV:no-lock>)')).toBe(true);
  });

  it('compares entity tags strongly: a weak tag or a missing resource never matches', () => {
    expect(on('([W/"e1"])')).toBe(false);
    expect(on('(["e1"])', state(undefined))).toBe(false);
    expect(on('(Not ["e1"])', state(undefined))).toBe(true);
  });

  it('evaluates a tagged list against the state of its own resource', () => {
    const states: Record<string, ResourceState> = { '/a': state('"a"'), '/b': state('"b"') };
    expect(evaluateIf(parseIfHeader('</b> (["a"])'), (r) => states[r!]!)).toBe(false);
    expect(evaluateIf(parseIfHeader('</a> (["a"])'), (r) => states[r!]!)).toBe(true);
  });

  it('counts only tokens that are not negated as submitted', () => {
    expect([...submittedTokens(parseIfHeader('(<a:1> Not <a:2>) (["e"] <a:3>)'))]).toEqual(['a:1', 'a:3']);
  });
});
