import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeChunkIo, type ChunkIo } from '../src/store/chunk-io.js';
import { expectError, startTestNode, type TestNode } from './helpers/in-process-node.js';

/** A disk that fills up on demand: every chunk write fails with ENOSPC while `full` is set. */
const disk = { full: false };
const fillableIo: ChunkIo = {
  ...nodeChunkIo,
  async open(path, flags) {
    const file = await nodeChunkIo.open(path, flags);
    return {
      write: (data, offset, length, position) => {
        if (disk.full) return Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
        return file.write(data, offset, length, position);
      },
      sync: () => file.sync(),
      close: () => file.close(),
    };
  },
};

let t: TestNode;
beforeAll(async () => {
  t = await startTestNode({ http: { jsonBodyLimitBytes: 4096 } }, { chunkIo: fillableIo });
  await t.api('/pools', { method: 'POST', json: { name: 'inbox' } });
});
afterAll(() => t.stop());

/** Sends a request exactly as written: fetch would normalise the path. */
function rawRequest(method: string, path: string, body?: string): Promise<{ status: number; body: string }> {
  const url = new URL(t.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path, headers: { authorization: `Bearer ${t.adminToken}` } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('names and paths', () => {
  it('refuses path traversal however it is spelled, and nothing lands outside the pool', async () => {
    for (const path of ['/api/v1/pools/inbox/content/../../etc/passwd', '/api/v1/pools/inbox/content/a/%2e%2e/%2e%2e/x', '/api/v1/pools/inbox/content/a/..%2F..%2Fx', '/api/v1/pools/inbox/content/%2Fetc%2Fpasswd']) {
      const res = await rawRequest('PUT', path, 'evil');
      expect([400, 404], `${path} → ${res.status} ${res.body}`).toContain(res.status);
      if (res.status === 400) expect(JSON.parse(res.body).error.code, path).toBe('E_BAD_NAME');
    }
    const root = (await (await t.api('/pools/inbox/files')).json()) as { children: { total: number } };
    expect(root.children.total).toBe(0);
  });

  it('refuses control characters, backslashes, over-long names and empty segments with E_BAD_NAME', async () => {
    const bad = ['a%00b', 'tab%09name', 'esc%1B[31m', 'back%5Cslash', 'x'.repeat(256), 'a//b', 'del%7F'];
    for (const name of bad) {
      const res = await t.api(`/pools/inbox/content/${name}`, { method: 'PUT', body: 'x' });
      const message = await expectError(res, 400, 'E_BAD_NAME');
      expect([...message].some((c) => c.charCodeAt(0) < 32), message).toBe(false);
    }
  });

  it('refuses bad pool names and reports a missing pool', async () => {
    await expectError(await t.api('/pools', { method: 'POST', json: { name: 'Bad Name' } }), 400, 'E_BAD_NAME');
    await expectError(await t.api('/pools', { method: 'POST', json: { name: '../x' } }), 400, 'E_BAD_NAME');
    await expectError(await t.api('/pools/nosuchpool/content/a.txt', { method: 'PUT', body: 'x' }), 404, 'E_NOT_FOUND');
    await expectError(await t.api('/pools/nosuchpool/files'), 404, 'E_NOT_FOUND');
  });

  it('keeps Unicode names in NFC and tells file from folder', async () => {
    const nfd = 'Mu\u0308nchen.txt';
    expect((await t.api(`/pools/inbox/content/${encodeURIComponent(nfd)}`, { method: 'PUT', body: 'x' })).status).toBe(201);
    const back = await t.api(`/pools/inbox/content/${encodeURIComponent(nfd.normalize('NFC'))}`);
    expect(await back.text()).toBe('x');
    await expectError(await t.api(`/pools/inbox/content/${encodeURIComponent(nfd)}/child`, { method: 'PUT', body: 'y' }), 409, 'E_CONFLICT');
  });
});

describe('malformed requests', () => {
  it('answers malformed JSON, wrong types and unknown routes with the one error format', async () => {
    await expectError(await t.api('/pools', { method: 'POST', body: '{"name": ', headers: { 'content-type': 'application/json' } }), 400, 'E_INVALID');
    await expectError(await t.api('/pools', { method: 'POST', json: { name: 42 } }), 400, 'E_INVALID');
    await expectError(await t.api('/pools/inbox/files?limit=-1'), 400, 'E_INVALID');
    await expectError(await t.api('/no/such/route'), 404, 'E_NOT_FOUND');
  });

  it('refuses an oversized JSON body with 413', async () => {
    await expectError(await t.api('/pools', { method: 'POST', json: { name: 'x'.repeat(10_000) } }), 413, 'E_TOO_LARGE');
  });

  it('refuses a wrong or malformed credential with 401', async () => {
    await expectError(await t.api('/pools', { token: 'kith_t_forged' }), 401, 'E_UNAUTHORIZED');
    await expectError(await t.api('/pools', { token: null, headers: { authorization: 'Basic !!!' } }), 401, 'E_UNAUTHORIZED');
    await expectError(await t.api('/pools', { token: null }), 401, 'E_UNAUTHORIZED');
  });
});

describe('a full disk', () => {
  it('fails the upload with E_DISK_FULL, leaves no file, no temp file, and the old content intact', async () => {
    const original = randomBytes(300_000);
    expect((await t.api('/pools/inbox/content/keep.bin', { method: 'PUT', body: original })).status).toBe(201);
    disk.full = true;
    try {
      await expectError(await t.api('/pools/inbox/content/new.bin', { method: 'PUT', body: randomBytes(1_000_000) }), 507, 'E_DISK_FULL');
      await expectError(await t.api('/pools/inbox/content/keep.bin', { method: 'PUT', body: randomBytes(1_000_000) }), 507, 'E_DISK_FULL');
    } finally {
      disk.full = false;
    }
        await expectError(await t.api('/pools/inbox/files/new.bin'), 404, 'E_NOT_FOUND');
    const kept = Buffer.from(await (await t.api('/pools/inbox/content/keep.bin')).arrayBuffer());
    expect(kept.equals(original)).toBe(true);
        expect(await readdir(join(t.dataDir, 'chunks', 'tmp'))).toEqual([]);
    const versions = (await (await t.api('/pools/inbox/versions/keep.bin')).json()) as { versions: unknown[] };
    expect(versions.versions).toHaveLength(0);
        const check = (await (await t.api('/node/check', { method: 'POST', json: {} })).json()) as { ok: boolean };
    expect(check.ok).toBe(true);
  });
});
