import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kith, removeDir, startDaemon, type Daemon } from './helpers/daemon.js';

const MiB = 1024 * 1024;
let d: Daemon | undefined;
afterAll(async () => {
  if (d) {
    await d.stop();
    await removeDir(d.dataDir);
  }
});

async function localToken(dataDir: string): Promise<string> {
  return (JSON.parse(await readFile(join(dataDir, 'local.json'), 'utf8')) as { token: string }).token;
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Streams `total` bytes of fresh random data; calls `onProgress` after each MiB is accepted by the socket. */
function slowUpload(url: string, token: string, path: string, total: number, onProgress: (sent: number) => void): Promise<void> {
  return new Promise((resolve) => {
    const req = request(`${url}/api/v1/pools/${path}`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-length': total } });
    req.on('error', () => resolve());
    req.on('response', () => resolve());
    let sent = 0;
    const pump = () => {
      while (sent < total) {
        sent += MiB;
        const more = req.write(randomBytes(MiB));
        onProgress(sent);
        if (!more) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

describe('kill -9 in the middle of an upload', () => {
  it('leaves no partial file, keeps earlier files, and kith check is clean after restart', async () => {
    d = await startDaemon();
    const k = (...args: string[]) => kith(['--data', d!.dataDir, ...args]);
    expect((await k('pool', 'create', 'safe')).code).toBe(0);
    const token = await localToken(d.dataDir);
    const earlier = randomBytes(5 * MiB);
    const put = await fetch(`${d.url}/api/v1/pools/safe/content/earlier.bin`, { method: 'PUT', body: earlier, headers: { authorization: `Bearer ${token}` } });
    expect(put.status).toBe(201);

    const victim = d;
    let killed = false;
    await slowUpload(d.url, token, 'safe/content/big.bin', 200 * MiB, (sent) => {
      if (sent >= 100 * MiB && !killed) {
        killed = true;
        void victim.kill9();
      }
    });
    await victim.kill9();
    expect(killed).toBe(true);

    d = await startDaemon(victim.dataDir);
    const after = (...args: string[]) => kith(['--data', d!.dataDir, ...args]);
    const ls = JSON.parse((await after('ls', 'safe', '--json')).stdout) as { name: string }[];
    expect(ls.map((e) => e.name)).toEqual(['earlier.bin']);
    const headers = { authorization: `Bearer ${await localToken(d.dataDir)}` };
    const got = Buffer.from(await (await fetch(`${d.url}/api/v1/pools/safe/content/earlier.bin`, { headers })).arrayBuffer());
    expect(sha(got)).toBe(sha(earlier));
    const check = await after('check', '--json');
    expect(check.code, check.stdout).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({ ok: true, damagedChunks: [], manifestRefMismatches: [], chunkRefMismatches: [] });
    expect(await readdir(join(d.dataDir, 'chunks', 'tmp'))).toEqual([]);
  });
});
