import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bytesOf as text, openTestPools, type TestPools } from '../../test/helpers/pool-context.js';
import { LOCAL_ADMIN } from '../core/actor.js';
import type { PoolServices } from './index.js';

const DAY = 24 * 3600_000;
let pools: TestPools;
let services: PoolServices;
let now = 100 * DAY;

beforeEach(async () => {
  pools = await openTestPools(() => now, { gcGraceSeconds: 0, inlineMaxBytes: 8192 });
  ({ services } = pools);
  await services.pools.create('docs', LOCAL_ADMIN);
});
afterEach(() => pools.close());

describe('maintenance', () => {
  it('purges trash older than the retention, and only that', async () => {
    await services.files.put('docs', 'old.txt', text('old'), LOCAL_ADMIN);
    await services.tree.delete('docs', 'old.txt', LOCAL_ADMIN);
    now += 20 * DAY;
    await services.files.put('docs', 'new.txt', text('new'), LOCAL_ADMIN);
    await services.tree.delete('docs', 'new.txt', LOCAL_ADMIN);
    now += 11 * DAY;
    const report = await services.maintenance.runOnce();
    expect(report.trashPurged).toBe(1);
    expect(services.trash.list('docs', LOCAL_ADMIN).map((i) => i.originalPath)).toEqual(['new.txt']);
    expect(report.gc.chunksDeleted).toBe(1);
  });

  it('purges pools deleted longer ago than the retention', async () => {
    await services.pools.create('gone', LOCAL_ADMIN);
    await services.files.put('gone', 'x.txt', text('x'), LOCAL_ADMIN);
    await services.pools.delete('gone', LOCAL_ADMIN);
    now += 29 * DAY;
    expect((await services.maintenance.runOnce()).poolsPurged).toBe(0);
    now += 2 * DAY;
    expect((await services.maintenance.runOnce()).poolsPurged).toBe(1);
    expect(services.pools.listDeleted(LOCAL_ADMIN)).toEqual([]);
  });

  it('thins versions as they age into coarser bands', async () => {
    for (let i = 0; i < 10; i++) {
      await services.files.put('docs', 'draft.txt', text(`draft ${i}`), LOCAL_ADMIN, { mtime: now });
      now += 60_000;
    }
    expect(services.versions.list('docs', 'draft.txt', LOCAL_ADMIN)).toHaveLength(9);
    now += 3 * DAY;
    await services.maintenance.runOnce();
    // All nine were written within ten minutes of each other: one day-slot keeps one (or two at a day boundary).
    expect(services.versions.list('docs', 'draft.txt', LOCAL_ADMIN).length).toBeLessThanOrEqual(2);
    expect(await services.files.open('docs', 'draft.txt', LOCAL_ADMIN).stream.toArray().then((parts) => Buffer.concat(parts).toString())).toBe('draft 9');
  });
});
