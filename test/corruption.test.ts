import { randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeManifest } from '../src/store/index.js';
import { expectError, startTestNode, type TestNode } from './helpers/in-process-node.js';

let t: TestNode;
beforeAll(async () => {
  t = await startTestNode();
  await t.api('/pools', { method: 'POST', json: { name: 'vault' } });
});
afterAll(() => t.stop());

async function flipByte(hash: string, at: number): Promise<void> {
  const file = await open(join(t.dataDir, 'chunks', hash.slice(0, 2), hash.slice(2, 4), hash), 'r+');
  const b = Buffer.alloc(1);
  await file.read(b, 0, 1, at);
  b[0]! ^= 0x01;
  await file.write(b, 0, 1, at);
  await file.close();
}

async function chunksOf(path: string): Promise<string[]> {
  const { entry } = (await (await t.api(`/pools/vault/files/${path}`)).json()) as { entry: { etag: string } };
  return decodeManifest(t.node.meta.content.getManifest(entry.etag)!.chunks).map((c) => c.hash);
}

describe('a flipped byte on disk', () => {
  it('in the first chunk: the download fails cleanly with E_CORRUPT naming the chunk', async () => {
    await t.api('/pools/vault/content/photo.jpg', { method: 'PUT', body: randomBytes(1_500_000) });
    const [first] = await chunksOf('photo.jpg');
    await flipByte(first!, 100);
    const message = await expectError(await t.api('/pools/vault/content/photo.jpg'), 500, 'E_CORRUPT');
    expect(message).toContain(first);
  });

  it('in a later chunk: the stream is cut and what arrived is a strict prefix of the true content', async () => {
    const data = randomBytes(2_000_000);
    await t.api('/pools/vault/content/movie.mp4', { method: 'PUT', body: data });
    const chunks = await chunksOf('movie.mp4');
    await flipByte(chunks[chunks.length - 2]!, 10);
    const res = await t.api('/pools/vault/content/movie.mp4');
    expect(res.status).toBe(200);
    const received: Buffer[] = [];
    await expect(async () => {
      for await (const part of res.body as unknown as AsyncIterable<Uint8Array>) received.push(Buffer.from(part));
    }).rejects.toThrow();
    const got = Buffer.concat(received);
    expect(got.length).toBeLessThan(data.length);
    expect(got.equals(data.subarray(0, got.length))).toBe(true);
  });

  it('kith check names every damaged file and chunk; --repair quarantines and reports what it cannot fix', async () => {
    const report = (await (await t.api('/node/check', { method: 'POST', json: {} })).json()) as {
      ok: boolean;
      damagedChunks: { hash: string; problem: string; usedBy: { pool: string; path: string }[] }[];
    };
    expect(report.ok).toBe(false);
    const damaged = report.damagedChunks.map((d) => ({ problem: d.problem, files: d.usedBy.map((u) => `${u.pool}/${u.path}`) }));
    expect(damaged).toEqual(expect.arrayContaining([
      { problem: 'corrupt', files: ['vault/photo.jpg'] },
      { problem: 'corrupt', files: ['vault/movie.mp4'] },
    ]));
    const repaired = (await (await t.api('/node/check', { method: 'POST', json: { repair: true } })).json()) as { ok: boolean; unrepairable: string[]; repaired: string[] };
    expect(repaired.ok).toBe(false);
    expect(repaired.repaired.filter((r) => r.includes('quarantine'))).toHaveLength(2);
    expect(repaired.unrepairable.join('\n')).toMatch(/vault\/photo\.jpg/);
    const again = (await (await t.api('/node/check', { method: 'POST', json: {} })).json()) as { damagedChunks: { problem: string }[] };
    expect(again.damagedChunks.map((d) => d.problem)).toEqual(['missing', 'missing']);
    const missing = await expectError(await t.api('/pools/vault/content/photo.jpg'), 500, 'E_CORRUPT');
    expect(missing).toMatch(/missing/);
  });
});
