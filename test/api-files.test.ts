import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeManifest } from '../src/store/index.js';
import { expectError, startTestNode, type TestNode } from './helpers/in-process-node.js';

let t: TestNode;
beforeAll(async () => {
  t = await startTestNode();
  expect((await t.api('/pools', { method: 'POST', json: { name: 'files' } })).status).toBe(201);
});
afterAll(() => t.stop());

const put = (path: string, body: Uint8Array | string, headers: Record<string, string> = {}) =>
  t.api(`/pools/files/content/${path}`, { method: 'PUT', body, headers });
const get = (path: string, headers: Record<string, string> = {}) => t.api(`/pools/files/content/${path}`, { headers });
const bytesOf = async (res: Response) => Buffer.from(await res.arrayBuffer());

describe('round trips through the REST API', () => {
  const sizes: [string, number][] = [
    ['empty', 0],
    ['one byte', 1],
    ['exactly the 64 KiB tier minimum chunk', 16 * 1024],
    ['exactly one maximal chunk', 256 * 1024],
    ['several chunks', 3 * 1024 * 1024 + 17],
  ];
  for (const [label, size] of sizes) {
    it(`${label} (${size} bytes)`, async () => {
      const data = randomBytes(size);
      const res = await put(`rt/${size}.bin`, data);
      expect(res.status).toBe(201);
      const { entry } = (await res.json()) as { entry: { size: number; etag: string } };
      expect(entry.size).toBe(size);
      const back = await get(`rt/${size}.bin`);
      expect(back.status).toBe(200);
      expect(back.headers.get('etag')).toBe(`"${entry.etag}"`);
      expect(back.headers.get('content-length')).toBe(String(size));
      const body = await bytesOf(back);
      expect(body.equals(data)).toBe(true);
    });
  }
});

describe('inline or attachment', () => {
  it('serves inline unless a download is asked for, whichever way the flag is written', async () => {
    expect((await put('disposition/page.txt', 'text')).status).toBe(201);
    const disposition = async (query: string) => (await get(`disposition/page.txt${query}`)).headers.get('content-disposition')?.split(';')[0];
    for (const query of ['', '?download=false', '?download=0', '?download=no']) expect(await disposition(query), query).toBe('inline');
    for (const query of ['?download=true', '?download=1', '?download=yes']) expect(await disposition(query), query).toBe('attachment');
    expect((await get('disposition/page.txt?download=maybe')).status).toBe(400);
  });
});

describe('byte ranges at chunk boundaries', () => {
  const data = randomBytes(2 * 1024 * 1024 + 333);
  let boundaries: number[] = [];

  beforeAll(async () => {
    const res = await put('ranges/data.bin', data);
    const { entry } = (await res.json()) as { entry: { etag: string } };
    const chunks = decodeManifest(t.node.meta.content.getManifest(entry.etag)!.chunks);
    let offset = 0;
    boundaries = chunks.slice(0, -1).map((c) => (offset += c.size));
    expect(boundaries.length).toBeGreaterThan(3);
  });

  it('serves every range that starts or ends at, before or after a boundary', async () => {
    for (const b of boundaries.slice(0, 4)) {
      for (const [start, end] of [[b, b], [b - 1, b], [b - 1, b + 1], [b - 100, b + 100], [b, b + 70_000]] as const) {
        const res = await get('ranges/data.bin', { range: `bytes=${start}-${end}` });
        expect(res.status, `range ${start}-${end}`).toBe(206);
        expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end}/${data.length}`);
        expect((await bytesOf(res)).equals(data.subarray(start, end + 1)), `bytes ${start}-${end}`).toBe(true);
      }
    }
  });

  it('serves open-ended, suffix and last-byte ranges', async () => {
    const last = await get('ranges/data.bin', { range: `bytes=${data.length - 1}-` });
    expect((await bytesOf(last)).equals(data.subarray(-1))).toBe(true);
    const suffix = await get('ranges/data.bin', { range: 'bytes=-500' });
    expect(suffix.headers.get('content-range')).toBe(`bytes ${data.length - 500}-${data.length - 1}/${data.length}`);
    expect((await bytesOf(suffix)).equals(data.subarray(-500))).toBe(true);
    const clamped = await get('ranges/data.bin', { range: `bytes=${data.length - 10}-${data.length + 1000}` });
    expect((await bytesOf(clamped)).equals(data.subarray(-10))).toBe(true);
  });

  it('answers 416 for a range past the end, and the whole file for multiple ranges', async () => {
    const past = await get('ranges/data.bin', { range: `bytes=${data.length}-` });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${data.length}`);
    await expectError(past, 416, 'E_RANGE');
    const multi = await get('ranges/data.bin', { range: 'bytes=0-1,5-6' });
    expect(multi.status).toBe(200);
    expect((await bytesOf(multi)).length).toBe(data.length);
  });

  it('honours If-None-Match and If-Range', async () => {
    const etag = (await get('ranges/data.bin', { range: 'bytes=0-0' })).headers.get('etag')!;
    expect((await get('ranges/data.bin', { 'if-none-match': etag })).status).toBe(304);
    const stale = await get('ranges/data.bin', { range: 'bytes=0-9', 'if-range': '"0000"' });
    expect(stale.status).toBe(200);
    const fresh = await get('ranges/data.bin', { range: 'bytes=0-9', 'if-range': etag });
    expect(fresh.status).toBe(206);
  });
});

describe('folders, listing, move, copy, trash and versions', () => {
  it('lists folders first, sorted and paginated', async () => {
    for (const name of ['b.txt', 'a.txt', 'c.txt']) await put(`list/${name}`, name.repeat(name === 'a.txt' ? 10 : 1));
    await t.api('/pools/files/mkdir', { method: 'POST', json: { path: 'list/zdir' } });
    const page = await t.api('/pools/files/files/list?limit=2&offset=1&sort=name');
    const body = (await page.json()) as { children: { items: { name: string }[]; total: number } };
    expect(body.children.total).toBe(4);
    expect(body.children.items.map((e) => e.name)).toEqual(['a.txt', 'b.txt']);
    const bySize = (await (await t.api('/pools/files/files/list?sort=size&order=desc')).json()) as typeof body;
    expect(bySize.children.items.map((e) => e.name)).toEqual(['zdir', 'a.txt', 'b.txt', 'c.txt']);
  });

  it('moves a folder with its content, keeping file ids, and copies without new chunk bytes', async () => {
    await put('mv/src/deep/f.txt', 'hello');
    const before = (await (await t.api('/pools/files/files/mv/src/deep/f.txt')).json()) as { entry: { fileId: string; etag: string } };
    const moved = await t.api('/pools/files/move', { method: 'POST', json: { from: 'mv/src', to: 'mv/dst' } });
    expect(moved.status).toBe(200);
    const after = (await (await t.api('/pools/files/files/mv/dst/deep/f.txt')).json()) as { entry: { fileId: string; etag: string } };
    expect(after.entry.fileId).toBe(before.entry.fileId);
    expect((await t.api('/pools/files/files/mv/src')).status).toBe(404);
    const copied = await t.api('/pools/files/copy', { method: 'POST', json: { from: 'mv/dst', to: 'mv/copy' } });
    expect(copied.status).toBe(201);
    const copy = (await (await t.api('/pools/files/files/mv/copy/deep/f.txt')).json()) as { entry: { fileId: string; etag: string } };
    expect(copy.entry.etag).toBe(before.entry.etag);
    expect(copy.entry.fileId).not.toBe(before.entry.fileId);
    await expectError(await t.api('/pools/files/move', { method: 'POST', json: { from: 'mv/dst', to: 'mv/dst/inner' } }), 400, 'E_INVALID');
    await expectError(await t.api('/pools/files/copy', { method: 'POST', json: { from: 'mv/dst', to: 'mv/copy' } }), 409, 'E_EXISTS');
  });

  it('keeps versions on overwrite and restores one', async () => {
    await put('v/doc.txt', 'one');
    await put('v/doc.txt', 'two');
    const third = await put('v/doc.txt', 'three');
    expect(third.status).toBe(200);
    const { versions } = (await (await t.api('/pools/files/versions/v/doc.txt')).json()) as { versions: { id: number; size: number }[] };
    expect(versions.map((v) => v.size)).toEqual([3, 3]);
    const oldest = versions[1]!;
    const content = await t.api(`/pools/files/version-content/v/doc.txt?id=${oldest.id}`);
    expect(await content.text()).toBe('one');
    const restored = await t.api('/pools/files/versions/restore', { method: 'POST', json: { path: 'v/doc.txt', id: oldest.id } });
    expect(restored.status).toBe(200);
    expect(await (await get('v/doc.txt')).text()).toBe('one');
    const after = (await (await t.api('/pools/files/versions/v/doc.txt')).json()) as { versions: { id: number }[] };
    expect(after.versions).toHaveLength(2);
    expect((await t.api(`/pools/files/versions/v/doc.txt?id=${after.versions[0]!.id}`, { method: 'DELETE' })).status).toBe(204);
    expect(((await (await t.api('/pools/files/versions/v/doc.txt')).json()) as { versions: unknown[] }).versions).toHaveLength(1);
  });

  it('deletes to the trash and restores beside a path that was taken meanwhile', async () => {
    await put('t/report.pdf', 'original');
    const del = await t.api('/pools/files/files/t/report.pdf', { method: 'DELETE' });
    const { trashId } = (await del.json()) as { trashId: number };
    expect((await get('t/report.pdf')).status).toBe(404);
    await put('t/report.pdf', 'newer');
    const restored = await t.api(`/pools/files/trash/${trashId}/restore`, { method: 'POST' });
    const { entry } = (await restored.json()) as { entry: { path: string } };
    expect(entry.path).toBe('t/report (restored).pdf');
    expect(await (await get('t/report%20(restored).pdf')).text()).toBe('original');
    expect(await (await get('t/report.pdf')).text()).toBe('newer');
  });

  it('purges a trashed folder and empties the trash', async () => {
    await put('p/a/1.txt', 'x');
    await put('p/a/2.txt', 'y');
    await t.api('/pools/files/files/p/a', { method: 'DELETE' });
    const { items } = (await (await t.api('/pools/files/trash')).json()) as { items: { id: number; originalPath: string; size: number }[] };
    const item = items.find((i) => i.originalPath === 'p/a')!;
    expect(item.size).toBe(2);
    expect((await t.api(`/pools/files/trash/${item.id}`, { method: 'DELETE' })).status).toBe(204);
    await expectError(await t.api(`/pools/files/trash/${item.id}/restore`, { method: 'POST' }), 404, 'E_NOT_FOUND');
    const emptied = (await (await t.api('/pools/files/trash', { method: 'DELETE' })).json()) as { purged: number };
    expect(emptied.purged).toBeGreaterThanOrEqual(0);
    expect(((await (await t.api('/pools/files/trash')).json()) as { items: unknown[] }).items).toHaveLength(0);
  });

  it('finds files by name, Unicode-normalised', async () => {
    await put(encodeURIComponent('café-menu.txt'.normalize('NFD')), 'menu');
    const res = (await (await t.api(`/pools/files/search?q=${encodeURIComponent('café'.normalize('NFC'))}`)).json()) as { items: { path: string }[] };
    expect(res.items.map((i) => i.path)).toContain('café-menu.txt'.normalize('NFC'));
  });

  it('rejects a stale If-Match and an If-None-Match: * on an existing file', async () => {
    await put('cond.txt', 'a');
    await expectError(await put('cond.txt', 'b', { 'if-match': '"deadbeef"' }), 409, 'E_CONFLICT');
    await expectError(await put('cond.txt', 'b', { 'if-none-match': '*' }), 409, 'E_EXISTS');
    expect(await (await get('cond.txt')).text()).toBe('a');
    const etag = (await get('cond.txt')).headers.get('etag')!;
    expect((await put('cond.txt', 'c', { 'if-match': etag })).status).toBe(200);
  });

  it('streams a content hash identical to the upload for a file spanning many chunks', async () => {
    const data = randomBytes(20 * 1024 * 1024);
    await put('big/20m.bin', data);
    const res = await get('big/20m.bin');
    const hash = createHash('sha256');
    for await (const part of res.body as unknown as AsyncIterable<Uint8Array>) hash.update(part);
    expect(hash.digest('hex')).toBe(createHash('sha256').update(data).digest('hex'));
  });
});
