import { describe, expect, it } from 'vitest';
import { childElements, parseXml } from './xml-parse.js';
import { serializeNodes } from './xml-write.js';

describe('parseXml', () => {
  it('resolves namespaces, default and prefixed', () => {
    const root = parseXml('<?xml version="1.0"?><propfind xmlns="DAV:"><prop><x:a xmlns:x="urn:x"/><b xmlns=""/></prop></propfind>');
    expect([root.ns, root.local]).toEqual(['DAV:', 'propfind']);
    const names = childElements(childElements(root)[0]!).map((e) => `{${e.ns}}${e.local}`);
    expect(names).toEqual(['{urn:x}a', '{}b']);
  });

  it('keeps text, CDATA and characters beyond the BMP', () => {
    const root = parseXml('<a>x &amp; &#65536;<![CDATA[<y>]]></a>');
    expect(root.children.join('')).toBe('x & \u{10000}<y>');
  });

  for (const [what, xml] of [
    ['an unclosed element', '<a>'],
    ['text only', 'hello'],
    ['an empty document', ''],
    ['an undeclared prefix', '<x:a/>'],
    ['an emptied prefix (litmus propfind_invalid2)', '<D:a xmlns:D="DAV:"><b:c xmlns:b=""/></D:a>'],
    ['an unknown entity', '<a>&nope;</a>'],
    ['two roots', '<a/><b/>'],
  ] as const) {
    it(`refuses ${what}`, () => expect(() => parseXml(xml)).toThrow(/malformed XML/));
  }

  it('refuses any document type declaration before expanding anything in it', () => {
    const bomb = '<!DOCTYPE a [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><a>&b;</a>';
    expect(() => parseXml(bomb)).toThrow(/document type declarations are not accepted/);
    expect(() => parseXml('<!DOCTYPE a SYSTEM "file:///etc/passwd"><a/>')).toThrow(/document type declarations/);
  });
});

describe('serializeNodes', () => {
  it('writes every element with its own namespace, so the fragment is valid anywhere', () => {
    const root = parseXml('<p xmlns:t="urn:t"><t:v a="1" xml:lang="en"><foo xmlns="http://bar">x &lt; y</foo></t:v></p>');
    expect(serializeNodes(root.children)).toBe('<v xmlns="urn:t" a="1" xml:lang="en"><foo xmlns="http://bar">x &lt; y</foo></v>');
  });
});
