import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiskChunkStore } from '../src/store/index.js';
import { startTestNode, type TestNode } from './helpers/in-process-node.js';
import { join } from 'node:path';

let t: TestNode;
beforeAll(async () => {
  t = await startTestNode();
  await t.api('/pools', { method: 'POST', json: { name: 'shared' } });
});
afterAll(() => t.stop());

async function storedChunkBytes(): Promise<number> {
  const store = new DiskChunkStore({ dir: join(t.dataDir, 'chunks') });
  let total = 0;
  for await (const chunk of store.list()) total += chunk.size;
  return total;
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('concurrency', () => {
  it('20 parallel uploads to one folder all land, each exactly once', async () => {
    const files = Array.from({ length: 20 }, (_, i) => ({ name: `f${String(i).padStart(2, '0')}.bin`, data: randomBytes(50_000 + i * 7919) }));
    const results = await Promise.all(files.map((f) => t.api(`/pools/shared/content/inbox/${f.name}`, { method: 'PUT', body: f.data })));
    expect(results.map((r) => r.status)).toEqual(files.map(() => 201));
    const listing = (await (await t.api('/pools/shared/files/inbox?limit=100')).json()) as { children: { items: { name: string; size: number }[]; total: number } };
    expect(listing.children.total).toBe(20);
    expect(listing.children.items.map((e) => e.name)).toEqual(files.map((f) => f.name));
    for (const f of files) {
      const body = Buffer.from(await (await t.api(`/pools/shared/content/inbox/${f.name}`)).arrayBuffer());
      expect(sha(body), f.name).toBe(sha(f.data));
    }
    const events = (await (await t.api('/events?limit=1000')).json()) as { events: { type: string; path: string }[] };
    const written = events.events.filter((e) => e.type === 'file.written' && e.path.startsWith('inbox/'));
    expect(written).toHaveLength(20);
  });

  it('parallel overwrites of one path keep every content: one current, the rest as versions', async () => {
    const contents = Array.from({ length: 8 }, () => randomBytes(10_000));
    await Promise.all(contents.map((c) => t.api('/pools/shared/content/race.bin', { method: 'PUT', body: c })));
    const current = Buffer.from(await (await t.api('/pools/shared/content/race.bin')).arrayBuffer());
    const { versions } = (await (await t.api('/pools/shared/versions/race.bin')).json()) as { versions: { etag: string }[] };
    expect(versions).toHaveLength(7);
    const all = new Set([sha(current), ...(await Promise.all(versions.map(async (_v, i) => {
      const id = ((await (await t.api('/pools/shared/versions/race.bin')).json()) as { versions: { id: number }[] }).versions[i]!.id;
      return sha(Buffer.from(await (await t.api(`/pools/shared/version-content/race.bin?id=${id}`)).arrayBuffer()));
    })))]);
    expect(all).toEqual(new Set(contents.map(sha)));
  });
});

describe('a pool deleted during an upload', () => {
  it('refuses the upload at commit, and nothing lands in the deleted pool', async () => {
    await t.api('/pools', { method: 'POST', json: { name: 'doomed' } });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    async function* body() {
      yield randomBytes(300_000);
      await gate;
      yield randomBytes(300_000);
    }
    const upload = t.api('/pools/doomed/content/late.bin', { method: 'PUT', body: Readable.from(body()) as unknown as RequestInit['body'] });
    await new Promise((r) => setTimeout(r, 200));
    const { pool } = (await (await t.api('/pools/doomed', { method: 'DELETE' })).json()) as { pool: { id: string } };
    release();
    const res = await upload;
    expect(res.status).toBe(404);
    await t.api(`/deleted-pools/${pool.id}/restore`, { method: 'POST' });
    const listing = (await (await t.api('/pools/doomed/files')).json()) as { children: { total: number } };
    expect(listing.children.total).toBe(0);
  });
});

describe('deduplication', () => {
  it('the same 100 MiB under two names adds less than 1% chunk bytes', async () => {
    const data = randomBytes(100 * 1024 * 1024);
    expect((await t.api('/pools/shared/content/dedup/one.bin', { method: 'PUT', body: data })).status).toBe(201);
    const afterFirst = await storedChunkBytes();
    expect((await t.api('/pools/shared/content/dedup/two.bin', { method: 'PUT', body: data })).status).toBe(201);
    const added = (await storedChunkBytes()) - afterFirst;
    expect(added).toBeLessThan(data.length / 100);
    const copy = Buffer.from(await (await t.api('/pools/shared/content/dedup/two.bin')).arrayBuffer());
    expect(sha(copy)).toBe(sha(data));
  });
});
