import { describe, expect, it } from 'vitest';
import { parsePropfind } from './propfind.js';
import { parseXml } from './xml-parse.js';

const parse = (xml: string) => parsePropfind(parseXml(xml));

describe('parsePropfind (RFC 4918 §9.1)', () => {
  it('reads an empty body as allprop', () => expect(parsePropfind(undefined)).toEqual({ kind: 'allprop', include: [] }));

  it('reads named properties in any namespace', () => {
    expect(parse('<propfind xmlns="DAV:"><prop><getetag/><x:colour xmlns:x="urn:x"/></prop></propfind>')).toEqual({
      kind: 'prop',
      names: [{ ns: 'DAV:', local: 'getetag' }, { ns: 'urn:x', local: 'colour' }],
    });
  });

  it('reads allprop with include, ignoring elements it does not know (litmus propextended)', () => {
    expect(parse('<propfind xmlns="DAV:"><foobar/><allprop/><include><quota-used-bytes/></include></propfind>')).toEqual({
      kind: 'allprop',
      include: [{ ns: 'DAV:', local: 'quota-used-bytes' }],
    });
    expect(parse('<propfind xmlns="DAV:"><propname/></propfind>')).toEqual({ kind: 'propname' });
  });

  it('refuses another root or an empty propfind', () => {
    expect(() => parse('<x xmlns="DAV:"/>')).toThrow(/DAV:propfind/);
    expect(() => parse('<propfind xmlns="DAV:"/>')).toThrow(/needs prop, allprop or propname/);
  });
});
