/** listPage over an in-memory key set, with the examples of "Organizing objects using prefixes". */
import { describe, expect, it } from 'vitest';
import { listPage, type FetchFiles, type ListRequest } from './listing.js';

const KEYS = ['sample.jpg', 'photos/2006/January/sample.jpg', 'photos/2006/February/sample2.jpg', 'photos/2006/February/sample3.jpg', 'photos/2006/February/sample4.jpg'];

function fetchFrom(keys: string[]): FetchFiles {
  const sorted = [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return (from, after, limit) =>
    sorted.filter((k) => k >= from && k > after).slice(0, limit).map((path) => ({ path, fileUid: path, size: 1, mtime: 0, manifest: undefined }));
}

const list = (req: Partial<ListRequest>, keys = KEYS) => {
  const page = listPage(fetchFrom(keys), { prefix: '', delimiter: undefined, after: '', maxKeys: 1000, ...req });
  return { keys: page.contents.map((c) => c.path), prefixes: page.commonPrefixes, truncated: page.truncated, last: page.last };
};

describe('listPage', () => {
  it('rolls up by delimiter at the top and under a prefix', () => {
    expect(list({ delimiter: '/' })).toMatchObject({ keys: ['sample.jpg'], prefixes: ['photos/'] });
    expect(list({ prefix: 'photos/2006/', delimiter: '/' })).toMatchObject({ keys: [], prefixes: ['photos/2006/February/', 'photos/2006/January/'] });
  });

  it('pages by max-keys, counting keys and prefixes alike, and resumes after the last one', () => {
    const first = list({ prefix: 'photos/2006/', delimiter: '/', maxKeys: 1 });
    expect(first).toEqual({ keys: [], prefixes: ['photos/2006/February/'], truncated: true, last: 'photos/2006/February/' });
    expect(list({ prefix: 'photos/2006/', delimiter: '/', maxKeys: 1, after: first.last })).toMatchObject({ prefixes: ['photos/2006/January/'], truncated: false });
  });

  it('does not report truncation when the page ends exactly at the last key', () => {
    expect(list({ prefix: 'photos/2006/February/', maxKeys: 3 })).toMatchObject({ truncated: false });
  });

  it('walks past many keys inside one common prefix in few fetches', () => {
    const keys = [...Array.from({ length: 5000 }, (_, i) => `big/${i}`), 'z'];
    expect(list({ delimiter: '/' }, keys)).toMatchObject({ keys: ['z'], prefixes: ['big/'] });
  });

  it('orders keys by their UTF-8 bytes', () => {
    expect(list({}, ['é', 'z', 'Z', '日']).keys).toEqual(['Z', 'z', 'é', '日']);
  });

  it('answers nothing for max-keys 0', () => {
    expect(list({ maxKeys: 0 })).toEqual({ keys: [], prefixes: [], truncated: false, last: undefined });
  });
});
