import { describe, expect, it } from 'vitest';
import { filesByHomes, progressOf, summarizeHealth, type PoolReplication, type Vector } from './replication-health.js';

/** Live files as (origin, seq) of their current records. */
const FILES: [string, number][] = [
  ['a', 1],
  ['a', 2],
  ['a', 5],
  ['b', 3],
];
const upTo = (origin: string, seq: number): number => FILES.filter(([o, s]) => o === origin && s <= seq).length;

const pool = (filesByHomes: PoolReplication['filesByHomes'], belowTarget = false): PoolReplication => ({
  pool: 'p',
  uid: 'u',
  subscription: 'mirror',
  copies: 2,
  completeCopies: 1,
  belowTarget,
  syncing: false,
  files: filesByHomes.reduce((sum, g) => sum + g.files, 0),
  filesByHomes,
  holders: [],
});

describe('files by number of homes', () => {
  it('counts each file on every holder whose vector reaches its record', () => {
    const here: Vector = { a: 5, b: 3 };
    const behind: Vector = { a: 2 };
    const further: Vector = { a: 5, b: 1 };
    expect(filesByHomes([here], upTo)).toEqual([{ homes: 1, files: 4 }]);
    expect(filesByHomes([here, behind], upTo)).toEqual([
      { homes: 1, files: 2 },
      { homes: 2, files: 2 },
    ]);
    expect(filesByHomes([here, behind, further], upTo)).toEqual([
      { homes: 1, files: 1 },
      { homes: 2, files: 1 },
      { homes: 3, files: 2 },
    ]);
  });

  it('gives each holder the share of the known records it has', () => {
    expect(progressOf({ a: 5, b: 3 }, { a: 5, b: 3 })).toBe(1);
    expect(progressOf({ a: 2 }, { a: 5, b: 3 })).toBe(2 / 8);
    expect(progressOf({}, {})).toBe(1);
  });
});

describe('the health summary', () => {
  it('says how many files are at one home only, or on how many homes every file is', () => {
    expect(summarizeHealth([]).summary).toBe('No files yet.');
    expect(summarizeHealth([pool([{ homes: 1, files: 1 }])]).summary).toBe('1 file is only at one home.');
    expect(summarizeHealth([pool([{ homes: 1, files: 12 }, { homes: 3, files: 4 }])])).toMatchObject({ files: 16, minHomes: 1, singleHomeFiles: 12, summary: '12 files are only at one home.' });
    expect(summarizeHealth([pool([{ homes: 3, files: 7 }]), pool([{ homes: 3, files: 2 }])]).summary).toBe('Every file is on 3 homes.');
    expect(summarizeHealth([pool([{ homes: 2, files: 1 }], true), pool([{ homes: 3, files: 2 }])])).toMatchObject({ minHomes: 2, poolsBelowTarget: 1, summary: 'Every file is on at least 2 homes.' });
  });
});
