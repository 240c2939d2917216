/**
 * What the node checks when a tus upload is created, before any byte is sent or staged: one that
 * cannot fit in its owner's quota is refused (507 E_QUOTA), one that replaces a file counts only
 * the bytes it adds, and one onto a folder is a clash (409 E_CONFLICT).
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, expectError, startTestNode, type TestNode } from './helpers/in-process-node.js';

const QUOTA = 1000;
let t: TestNode;
let carol: string;

beforeAll(async () => {
  t = await startTestNode();
  carol = await addUser(t, 'carol', { quotaBytes: QUOTA });
});
afterAll(() => t.stop());

/** Creates a tus upload of `length` bytes (the POST only, as tus-js-client starts one). */
function create(path: string, length: number): Promise<Response> {
  const metadata = `pool ${Buffer.from('home-carol').toString('base64')},path ${Buffer.from(path).toString('base64')}`;
  return fetch(`${t.url}/api/v1/uploads`, {
    method: 'POST',
    headers: { authorization: `Bearer ${carol}`, 'tus-resumable': '1.0.0', 'upload-length': String(length), 'upload-metadata': metadata },
  });
}

describe('checks when a resumable upload is created', () => {
  it('refuses an upload bigger than what is left, before any byte is staged', async () => {
    const message = await expectError(await create('big.bin', QUOTA + 1), 507, 'E_QUOTA');
    expect(message).toMatch(/quota exceeded/);
    expect(await readdir(join(t.dataDir, 'uploads'))).toEqual([]);
  });

  it('admits one that fits, and one that replaces a file with no more than what is left', async () => {
    expect((await create('fits.bin', QUOTA)).status).toBe(201);
    const put = await t.api('/pools/home-carol/content/kept.bin', { method: 'PUT', body: Buffer.alloc(600), token: carol });
    expect(put.status).toBe(201);
    // 600 used, 400 left: 900 bytes in place of the 600 add 300.
    expect((await create('kept.bin', 900)).status).toBe(201);
    await expectError(await create('other.bin', 900), 507, 'E_QUOTA');
  });

  it('refuses an upload onto a folder, as a clash', async () => {
    expect((await t.api('/pools/home-carol/mkdir', { method: 'POST', json: { path: 'Photos' }, token: carol })).status).toBe(201);
    const message = await expectError(await create('Photos', 10), 409, 'E_CONFLICT');
    expect(message).toBe('"Photos" is a folder');
  });
});
