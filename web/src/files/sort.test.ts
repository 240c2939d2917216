import { describe, expect, it } from 'vitest';
import type { Entry } from '../api/types';
import { sortEntries } from './sort';
import { visibleRows } from './virtual-rows';

const entry = (name: string, type: Entry['type'], size: number, modifiedAt: string): Entry => ({ path: name, name, type, size, modifiedAt });
const entries = [
  entry('file10.txt', 'file', 5, '2026-01-03T00:00:00Z'),
  entry('File2.txt', 'file', 50, '2026-01-01T00:00:00Z'),
  entry('docs', 'dir', 0, '2026-01-02T00:00:00Z'),
  entry('a.txt', 'file', 20, '2026-01-02T00:00:00Z'),
];
const names = (list: Entry[]) => list.map((e) => e.name);

describe('sorting a folder', () => {
  it('puts folders first, then names in natural order, ignoring case', () => {
    expect(names(sortEntries(entries, { key: 'name', descending: false }))).toEqual(['docs', 'a.txt', 'File2.txt', 'file10.txt']);
  });

  it('sorts by size and by date, either way, folders still first', () => {
    expect(names(sortEntries(entries, { key: 'size', descending: true }))).toEqual(['docs', 'File2.txt', 'a.txt', 'file10.txt']);
    expect(names(sortEntries(entries, { key: 'date', descending: false }))).toEqual(['docs', 'File2.txt', 'a.txt', 'file10.txt']);
  });
});

describe('the rows in view', () => {
  it('renders the rows on screen and a margin, never past either end', () => {
    expect(visibleRows(0, 440, 44, 10_000)).toEqual({ first: 0, end: 18, perPage: 10 });
    expect(visibleRows(44_000, 440, 44, 10_000)).toEqual({ first: 992, end: 1018, perPage: 10 });
    expect(visibleRows(439_560, 440, 44, 10_000).end).toBe(10_000);
  });
});
