/**
 * Resumable uploads (tus) with the tus project's own client, tus-js-client: an upload cut half-way
 * resumes from where the node's copy ends, lands in the pool byte for byte, and leaves nothing
 * staged; uploads belong to their creator; bad metadata is refused before any byte is stored.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import * as tus from 'tus-js-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, startWithAliceAndBob, type TestNode } from './helpers/in-process-node.js';

const CHUNK = 256 * 1024;
let t: TestNode;
let alice: string;
let bob: string;

beforeAll(async () => {
  ({ node: t, alice, bob } = await startWithAliceAndBob('drops'));
});
afterAll(() => t.stop());

const endpoint = () => `${t.url}/api/v1/uploads`;
const options = (token: string, metadata: Record<string, string>, extra: Partial<tus.UploadOptions> = {}): tus.UploadOptions => ({
  endpoint: endpoint(),
  chunkSize: CHUNK,
  metadata,
  headers: { authorization: `Bearer ${token}` },
  retryDelays: null,
  ...extra,
});
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/** Starts an upload and aborts it (as a dropped connection would) once `cutAt` bytes are through; resolves with its URL. */
function uploadUntil(data: Buffer, cutAt: number, opts: tus.UploadOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const upload: tus.Upload = new tus.Upload(data, {
      ...opts,
      onError: reject,
      onChunkComplete: (_size, accepted) => {
        if (accepted < cutAt) return;
        void upload.abort().then(() => resolve(upload.url!), reject);
      },
    });
    upload.start();
  });
}

function uploadWhole(data: Buffer, opts: tus.UploadOptions): Promise<tus.Upload> {
  return new Promise((resolve, reject) => {
    const upload: tus.Upload = new tus.Upload(data, { ...opts, onError: reject, onSuccess: () => resolve(upload) });
    upload.start();
  });
}

describe('resumable uploads (tus)', () => {
  it('resumes an upload cut half-way from where the node\'s copy ends', async () => {
    const data = randomBytes(3 * 1024 * 1024 + 123);
    const metadata = { pool: 'drops', path: 'big/resumed.bin' };
    const url = await uploadUntil(data, data.length / 2, options(alice, metadata));

    const head = await fetch(url, { method: 'HEAD', headers: { authorization: `Bearer ${alice}`, 'tus-resumable': '1.0.0' } });
    const offset = Number(head.headers.get('upload-offset'));
    expect(offset).toBeGreaterThanOrEqual(data.length / 2 - CHUNK);
    expect(offset).toBeLessThan(data.length);
    await expectError(await t.api('/pools/drops/files/big/resumed.bin', { token: alice }), 404, 'E_NOT_FOUND');
    // Nobody else can see or continue it.
    expect((await fetch(url, { method: 'HEAD', headers: { authorization: `Bearer ${bob}`, 'tus-resumable': '1.0.0' } })).status).toBe(404);

    let resent = 0;
    await uploadWhole(data, options(alice, metadata, { uploadUrl: url, onChunkComplete: (size) => (resent += size) }));
    expect(resent).toBe(data.length - offset);
    const back = await t.api('/pools/drops/content/big/resumed.bin', { token: alice });
    expect(sha256(Buffer.from(await back.arrayBuffer()))).toBe(sha256(data));
    // Once in the pool, nothing is left staged.
    expect(await readdir(join(t.dataDir, 'uploads'))).toEqual([]);
  });

  it('keeps the modification time the client gives', async () => {
    const mtime = Date.parse('2024-05-01T12:00:00Z');
    await uploadWhole(Buffer.from('dated'), options(alice, { pool: 'drops', path: 'dated.txt', mtime: String(mtime) }));
    const stat = (await (await t.api('/pools/drops/files/dated.txt', { token: alice })).json()) as { entry: { modifiedAt: string } };
    expect(stat.entry.modifiedAt).toBe('2024-05-01T12:00:00.000Z');
  });

  it('refuses bad metadata, pools the caller may not write, and strangers, before any byte is stored', async () => {
    const create = (token: string | undefined, metadata: string) =>
      fetch(endpoint(), { method: 'POST', headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'tus-resumable': '1.0.0', 'upload-length': '10', 'upload-metadata': metadata } });
    const b64 = (text: string) => Buffer.from(text).toString('base64');
    const cases: [string | undefined, string, number, string][] = [
      [alice, `pool ${b64('drops')}`, 400, 'E_INVALID'],
      [alice, `pool ${b64('drops')},path ${b64('../escape.txt')}`, 400, 'E_BAD_NAME'],
      [alice, `pool ${b64('drops')},path ${b64('/')}`, 400, 'E_INVALID'],
      [bob, `pool ${b64('drops')},path ${b64('mine.txt')}`, 404, 'E_NOT_FOUND'],
    ];
    for (const [token, metadata, status, code] of cases) {
      const res = await create(token, metadata);
      expect(res.status, metadata).toBe(status);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    }
    expect((await create(undefined, `pool ${b64('drops')},path ${b64('x.txt')}`)).status).toBe(401);
    expect(await readdir(join(t.dataDir, 'uploads'))).toEqual([]);
  });
});
