import { describe, expect, it } from 'vitest';
import { parsePropertyUpdate } from './proppatch.js';
import { parseXml } from './xml-parse.js';

const parse = (xml: string) => parsePropertyUpdate(parseXml(xml));

describe('parsePropertyUpdate (RFC 4918 §9.2)', () => {
  it('keeps document order, values as self-contained XML, and properties without a namespace', () => {
    const changes = parse(
      '<D:propertyupdate xmlns:D="DAV:"><D:remove><D:prop><x:a xmlns:x="urn:x"/></D:prop></D:remove>' +
        '<D:set><D:prop><x:a xmlns:x="urn:x">one <b>&amp; two</b></x:a><plain xmlns="">v</plain></D:prop></D:set></D:propertyupdate>',
    );
    expect(changes).toEqual([
      { remove: { namespace: 'urn:x', name: 'a' } },
      { set: { namespace: 'urn:x', name: 'a', value: 'one <b xmlns="">&amp; two</b>' } },
      { set: { namespace: '', name: 'plain', value: 'v' } },
    ]);
  });

  it('refuses another root, or one that changes nothing', () => {
    expect(() => parse('<D:propfind xmlns:D="DAV:"/>')).toThrow(/DAV:propertyupdate/);
    expect(() => parse('<D:propertyupdate xmlns:D="DAV:"><D:set/></D:propertyupdate>')).toThrow(/at least one/);
  });
});
