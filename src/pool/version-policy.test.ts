import { describe, expect, it } from 'vitest';
import { versionsOverBudget, versionsToExpire } from './version-policy.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const NOW = 1_000 * DAY;

describe('versionsToExpire', () => {
  it('keeps every version of the last day', () => {
    const versions = Array.from({ length: 50 }, (_, i) => ({ id: i, mtime: NOW - i * 60_000 }));
    expect(versionsToExpire(versions, NOW)).toEqual([]);
  });

  it('keeps one per hour on the second day, the newest of each hour', () => {
    const base = NOW - DAY - 10 * HOUR;
    const slotStart = Math.floor(base / HOUR) * HOUR;
    const versions = [
      { id: 1, mtime: slotStart + 5 * 60_000 },
      { id: 2, mtime: slotStart + 30 * 60_000 },
      { id: 3, mtime: slotStart + HOUR + 60_000 },
    ];
    expect(versionsToExpire(versions, NOW)).toEqual([1]);
  });

  it('keeps one per day up to a month and one per week after', () => {
    const dayAgo10 = Math.floor((NOW - 10 * DAY) / DAY) * DAY;
    const weekSlot = Math.floor((NOW - 90 * DAY) / (7 * DAY)) * 7 * DAY;
    const versions = [
      { id: 1, mtime: dayAgo10 + HOUR },
      { id: 2, mtime: dayAgo10 + 5 * HOUR },
      { id: 3, mtime: weekSlot + DAY },
      { id: 4, mtime: weekSlot + 3 * DAY },
      { id: 5, mtime: weekSlot - DAY },
    ];
    expect(versionsToExpire(versions, NOW).sort()).toEqual([1, 3]);
  });
});

describe('versionsOverBudget', () => {
  it('drops the oldest until the rest fits', () => {
    const versions = [
      { id: 1, mtime: 1, size: 100 },
      { id: 2, mtime: 2, size: 100 },
      { id: 3, mtime: 3, size: 100 },
    ];
    expect(versionsOverBudget(versions, 150)).toEqual([1, 2]);
    expect(versionsOverBudget(versions, 300)).toEqual([]);
  });
});
