/**
 * A peer that lies: a member node that serves wrong bytes for every chunk. A fresh node fetching
 * a pool from it and from an honest node stores no corrupt byte, completes the file from the honest
 * node, and stops asking the liar after a few faults.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kith, removeDir, startDaemon, type Daemon } from './helpers/daemon.js';
import { startTestNode, type TestNode } from './helpers/in-process-node.js';

async function ok(dataDir: string, ...args: string[]): Promise<string> {
  const result = await kith(['--data', dataDir, ...args]);
  expect(result.code, `kith ${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout;
}

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 150; attempt++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting until ${what}`);
}

const has = async (dataDir: string, dir: string, name: string) => (await ok(dataDir, 'ls', dir)).includes(name);

describe('a lying peer', () => {
  let honest: Daemon;
  let liar: TestNode;
  let fresh: Daemon;
  let work: string;
  // Several content requests' worth (4 MiB each), so that the liar is asked for some.
  const content = randomBytes(16 * 1024 * 1024);

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'kith-liar-'));
    honest = await startDaemon();
    await ok(honest.dataDir, 'network', 'create', 'club');
    await ok(honest.dataDir, 'pool', 'create', 'designs', '--copies', '3');
    await writeFile(join(work, 'model.stl'), content);
    await ok(honest.dataDir, 'put', join(work, 'model.stl'), 'designs/model.stl');
    // The liar stores honest bytes (it verified them) but serves every chunk with one byte flipped.
    liar = await startTestNode({}, { servedChunk: (_hash, stored) => Buffer.from(stored.map((b, i) => (i === 0 ? b ^ 0xff : b))) });
    const code = (await ok(honest.dataDir, 'invite')).trim().split('\n').at(-1)!;
    expect((await liar.api('/network/join', { method: 'POST', json: { code } })).status).toBe(200);
    await until('the liar knows the pool', async () => JSON.stringify(await (await liar.api('/network/pools')).json()).includes('designs'));
    expect((await liar.api('/network/pools/designs/subscribe', { method: 'POST', json: { mode: 'mirror' } })).status).toBe(201);
    await until('the liar holds the file', async () => (await liar.api('/pools/designs/files/model.stl')).status === 200);
  });

  afterAll(async () => {
    await fresh?.stop();
    await liar?.stop();
    await honest?.stop();
    for (const dir of [fresh?.dataDir, liar?.dataDir, honest?.dataDir, work]) if (dir) await removeDir(dir);
  });

  it('stores no corrupt byte, completes the file from the honest node, and drops the liar', async () => {
    fresh = await startDaemon();
    await ok(fresh.dataDir, 'join', (await ok(honest.dataDir, 'invite')).trim().split('\n').at(-1)!);
    await until('the fresh node is connected to both', async () => {
      const status = JSON.parse(await ok(fresh.dataDir, 'network', 'status', '--json')) as { network: { peers: { connected: boolean }[] } };
      return status.network.peers.filter((peer) => peer.connected).length === 2;
    });
    await until('the fresh node knows the pool', async () => (await ok(fresh.dataDir, 'pool', 'ls', '--network')).includes('designs'));
    await ok(fresh.dataDir, 'pool', 'subscribe', 'designs');
    await until('the fresh node holds the file', () => has(fresh.dataDir, 'designs', 'model.stl'));
    await ok(fresh.dataDir, 'get', 'designs/model.stl', join(work, 'got.stl'));
    const got = await readFile(join(work, 'got.stl'));
    expect(createHash('sha256').update(got).digest('hex')).toBe(createHash('sha256').update(content).digest('hex'));
    expect(await ok(fresh.dataDir, 'check')).toMatch(/store is consistent/);
    const log = fresh.output();
    expect(log).toMatch(/sent bytes that do not match [0-9a-f]{64}; fetching them elsewhere/);
    expect(log).toMatch(/no longer asking it/);
  });
});
