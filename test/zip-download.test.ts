/**
 * Folders and selections as one streamed zip, read back by another implementation (Python's
 * zipfile): every name (Unicode too), every byte, empty folders, and a share link's folder.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, startTestNode, type TestNode } from './helpers/in-process-node.js';
import { zipContents } from './helpers/zip.js';

let t: TestNode;
let work: string;

const files: Record<string, Buffer> = {
  'album/cover.jpg': randomBytes(3 * 1024 * 1024 + 5),
  'album/Ünïcode ✓ & 100%.txt': Buffer.from('names survive'),
  'album/deep/er/note.md': Buffer.from('# deep'),
  'loose.txt': Buffer.from('loose'),
};

beforeAll(async () => {
  t = await startTestNode();
  work = await mkdtemp(join(tmpdir(), 'kith-zip-'));
  expect((await t.api('/pools', { method: 'POST', json: { name: 'zips' } })).status).toBe(201);
  for (const [path, body] of Object.entries(files)) {
    const encoded = path.split('/').map(encodeURIComponent).join('/');
    expect((await t.api(`/pools/zips/content/${encoded}`, { method: 'PUT', body })).status).toBe(201);
  }
  expect((await t.api('/pools/zips/mkdir', { method: 'POST', json: { path: 'album/empty' } })).status).toBe(201);
});
afterAll(async () => {
  await t.stop();
  await rm(work, { recursive: true, force: true });
});

const sha = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/** Saves the zip and reads it back with Python: {name: sha256 or "dir"}, after its own CRC check. */
async function unzipped(res: Response): Promise<Record<string, string>> {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/zip');
  const file = join(work, `${randomBytes(4).toString('hex')}.zip`);
  await writeFile(file, Buffer.from(await res.arrayBuffer()));
  return zipContents(file);
}

describe('zip downloads', () => {
  it('streams a folder with every file, name and empty folder in it', async () => {
    const res = await t.api('/pools/zips/zip?path=album');
    expect(res.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''album.zip");
    expect(await unzipped(res)).toEqual({
      'album/': 'dir',
      'album/cover.jpg': sha(files['album/cover.jpg']!),
      'album/deep/': 'dir',
      'album/deep/er/': 'dir',
      'album/deep/er/note.md': sha(files['album/deep/er/note.md']!),
      'album/empty/': 'dir',
      'album/Ünïcode ✓ & 100%.txt': sha(files['album/Ünïcode ✓ & 100%.txt']!),
    });
  });

  it('zips a selection, each item under its own name', async () => {
    const res = await t.api(`/pools/zips/zip?path=loose.txt&path=${encodeURIComponent('album/deep')}&name=picked`);
    expect(res.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''picked.zip");
    expect(Object.keys(await unzipped(res)).sort()).toEqual(['deep/', 'deep/er/', 'deep/er/note.md', 'loose.txt']);
  });

  it('answers a missing item with a clean 404, before any byte of a zip', async () => {
    await expectError(await t.api('/pools/zips/zip?path=loose.txt&path=nothing-here'), 404, 'E_NOT_FOUND');
    await expectError(await t.api('/pools/zips/zip?path=..%2Fescape'), 400, 'E_BAD_NAME');
  });

  it("zips a share link's folder for a logged-out visitor, as one download", async () => {
    const created = await t.api('/pools/zips/links', { method: 'POST', json: { path: 'album/deep', maxDownloads: 1 } });
    const { link } = (await created.json()) as { link: { token: string } };
    const visit = (rest: string) => t.api(`/s/${link.token}${rest}`, { token: null });
    expect(Object.keys(await unzipped(await visit('/zip')))).toEqual(['deep/', 'deep/er/', 'deep/er/note.md']);
    await expectError(await visit('/zip'), 410, 'E_GONE');
  });
});
