import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCAL_ADMIN } from '../core/actor.js';
import { createLogger } from '../core/log.js';
import { openMeta, type Meta } from '../meta/index.js';
import { DiskChunkStore } from '../store/index.js';
import type { PoolContext } from './context.js';
import { collectGarbage } from './gc.js';
import { createPoolServices, type PoolServices } from './index.js';

let dir: string;
let meta: Meta;
let store: DiskChunkStore;
let ctx: PoolContext;
let services: PoolServices;
let now = 1_000_000;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kith-gc-'));
  meta = openMeta(join(dir, 'kith.db'));
  store = await DiskChunkStore.open({ dir: join(dir, 'chunks') });
  ctx = { meta, store, nodeId: 'node-a', policy: { trashRetentionDays: 30, versionsMaxQuotaShare: 0.5, gcGraceSeconds: 60, inlineMaxBytes: 0 }, log: createLogger({ level: 'silent' }), now: () => now };
  services = createPoolServices(ctx, 3600_000);
  await services.pools.create('gcpool', LOCAL_ADMIN);
});
afterEach(async () => {
  await meta.close();
  await rm(dir, { recursive: true, force: true });
});

async function* bytes(text: string) {
  yield Buffer.from(text);
}

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
