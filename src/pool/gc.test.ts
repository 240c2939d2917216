import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bytesOf as bytes, openTestPools, type TestPools } from '../../test/helpers/pool-context.js';
import { LOCAL_ADMIN } from '../core/actor.js';
import type { DiskChunkStore } from '../store/index.js';
import type { PoolContext } from './context.js';
import { collectGarbage } from './gc.js';
import type { PoolServices } from './index.js';

let pools: TestPools;
let store: DiskChunkStore;
let ctx: PoolContext;
let services: PoolServices;
let now = 1_000_000;

beforeEach(async () => {
  // Small contents go to chunk files here (inline off): these tests are about chunk files.
  pools = await openTestPools(() => now, { gcGraceSeconds: 60, inlineMaxBytes: 0 });
  ({ ctx, disk: store, services } = pools);
  await services.pools.create('gcpool', LOCAL_ADMIN);
});
afterEach(() => pools.close());

async function chunkCount(): Promise<number> {
  let n = 0;
  for await (const _ of store.list()) n++;
  return n;
}

describe('garbage collection', () => {
  it('removes content only after trash purge and the grace period', async () => {
    await services.files.put('gcpool', 'a.txt', bytes('alpha'), LOCAL_ADMIN);
    const trashId = await services.tree.delete('gcpool', 'a.txt', LOCAL_ADMIN);
    expect((await collectGarbage(ctx)).chunksDeleted).toBe(0);
    await services.trash.purge('gcpool', trashId, LOCAL_ADMIN);
    expect((await collectGarbage(ctx)).chunksDeleted).toBe(0);
    now += 61_000;
    expect(await collectGarbage(ctx)).toMatchObject({ chunksDeleted: 1, bytesFreed: 5 });
    expect(await chunkCount()).toBe(0);
  });

  it('never deletes a chunk that an in-flight write has leased, and its commit keeps it', async () => {
    await services.files.put('gcpool', 'a.txt', bytes('shared content'), LOCAL_ADMIN);
    await services.trash.purge('gcpool', await services.tree.delete('gcpool', 'a.txt', LOCAL_ADMIN), LOCAL_ADMIN);
    now += 61_000;
    const lease = store.lease();
    const put = await store.put(lease, Buffer.from('shared content'));
    await store.commit(lease);
    expect(put.written).toBe(false);
    expect((await collectGarbage(ctx)).chunksDeleted).toBe(0);
    lease.release();
    await services.files.put('gcpool', 'b.txt', bytes('shared content'), LOCAL_ADMIN);
    expect((await collectGarbage(ctx)).chunksDeleted).toBe(0);
    expect(await chunkCount()).toBe(1);
    const check = await import('./check.js').then((m) => m.checkStore(ctx, { repair: false }));
    expect(check.ok).toBe(true);
  });

  it('removes orphan chunk files (a crash before commit) after the grace period', async () => {
    const lease = store.lease();
    await store.put(lease, Buffer.from('never committed'));
    await store.commit(lease);
    lease.release();
    expect((await collectGarbage(ctx)).orphansDeleted).toBe(0);
    now = Date.now() + 61_000;
    expect((await collectGarbage(ctx)).orphansDeleted).toBe(1);
  });
});
