/**
 * Replication across real processes: two nodes on loopback ("home", the gateway, and "parents"),
 * one pool shared between them. Changes travel both ways, deletions land in the trash, concurrent
 * edits during a partition keep both versions identically on both nodes, a replica refuses local
 * writes, and every store checks clean.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, kith, removeDir, startDaemon, type Daemon } from './helpers/daemon.js';

interface Node {
  daemon: Daemon;
  port: number;
}

async function ok(node: Node, ...args: string[]): Promise<string> {
  const result = await kith(['--data', node.daemon.dataDir, ...args]);
  expect(result.code, `kith ${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout;
}

async function listing(node: Node, dir: string): Promise<string[]> {
  const items = JSON.parse(await ok(node, 'ls', dir, '--json')) as { name: string }[];
  return items.map((item) => item.name).sort();
}

/** Polls (bounded: 20 s) until `check` passes. */
async function eventually(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting until ${what}`);
}

/** Runs `body` with `count` fresh nodes (fixed peer-to-peer ports) and a scratch folder; stops and removes them all after. */
async function withNodes(count: number, body: (nodes: Node[], work: string) => Promise<void>): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'kith-repl-'));
  const nodes: Node[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const port = await freePort();
      nodes.push({ daemon: await startDaemon(undefined, { p2pPort: port }), port });
    }
    await body(nodes, work);
  } finally {
    for (const node of nodes) {
      await node.daemon.stop();
      await removeDir(node.daemon.dataDir);
    }
    await removeDir(work);
  }
}

/** `home` founds a network, the others join it, and `pool` is shared (2 copies), then held by `holder` if given. */
async function sharedPool(home: Node, others: Node[], pool: string, holder?: Node): Promise<void> {
  await ok(home, 'network', 'create', 'family');
  for (const node of others) await ok(node, 'join', (await ok(home, 'invite')).trim().split('\n').at(-1)!);
  await ok(home, 'pool', 'create', pool, '--copies', '2');
  if (holder === undefined) return;
  await eventually('the pool is known', async () => (await ok(holder, 'pool', 'ls', '--network')).includes(pool));
  await ok(holder, 'pool', 'subscribe', pool);
}

describe('replication between two nodes', () => {
  let home: Node;
  let parents: Node;
  let work: string;

  async function restart(node: Node): Promise<void> {
    node.daemon = await startDaemon(node.daemon.dataDir, { p2pPort: node.port });
  }

  async function file(name: string, content: Buffer | string): Promise<string> {
    const path = join(work, name);
    await writeFile(path, content);
    return path;
  }

  async function content(node: Node, remote: string): Promise<Buffer> {
    const local = join(work, `got-${randomBytes(4).toString('hex')}`);
    await ok(node, 'get', remote, local);
    return readFile(local);
  }

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'kith-repl-'));
    const ports = [await freePort(), await freePort()];
    home = { daemon: await startDaemon(undefined, { p2pPort: ports[0] }), port: ports[0]! };
    parents = { daemon: await startDaemon(undefined, { p2pPort: ports[1] }), port: ports[1]! };
    await ok(home, 'network', 'create', 'family');
    const code = (await ok(home, 'invite')).trim().split('\n').at(-1)!;
    await ok(parents, 'join', code);
    await ok(home, 'pool', 'create', 'photos', '--copies', '2');
    await eventually('parents learns of the pool', async () => (await ok(parents, 'pool', 'ls', '--network')).includes('photos'));
    await ok(parents, 'pool', 'subscribe', 'photos', '--mode', 'mirror');
  });

  afterAll(async () => {
    for (const node of [home, parents]) {
      if (node === undefined) continue;
      await node.daemon.stop();
      await removeDir(node.daemon.dataDir);
    }
    await removeDir(work);
  });

  it('carries a new file each way with identical bytes, and a deletion into the other trash', async () => {
    const big = randomBytes(3 * 1024 * 1024 + 17);
    await ok(home, 'put', await file('big.bin', big), 'photos/2026/big.bin');
    await ok(parents, 'put', await file('note.txt', 'from the parents'), 'photos/note.txt');
    await eventually('both files are on both nodes', async () => {
      const [a, b] = [await listing(home, 'photos'), await listing(parents, 'photos')];
      return a.includes('note.txt') && b.includes('2026');
    });
    expect((await content(parents, 'photos/2026/big.bin')).equals(big)).toBe(true);
    expect((await content(home, 'photos/note.txt')).toString()).toBe('from the parents');

    await ok(home, 'rm', 'photos/note.txt');
    await eventually('the deletion reaches the parents', async () => !(await listing(parents, 'photos')).includes('note.txt'));
    const trash = JSON.parse(await ok(parents, 'trash', 'ls', 'photos', '--json')) as { originalPath: string }[];
    expect(trash.map((item) => item.originalPath)).toContain('note.txt');
  });

  it('keeps both versions of a file edited on both sides of a partition, the same on both nodes', async () => {
    await ok(home, 'put', await file('plan-v1.txt', 'plan v1'), 'photos/plan.txt');
    await eventually('the first version reaches the parents', async () => (await listing(parents, 'photos')).includes('plan.txt'));
    // Partition: each side edits while the other is down.
    await parents.daemon.stop();
    await ok(home, 'put', await file('plan-home.txt', 'plan as home sees it'), 'photos/plan.txt');
    await home.daemon.stop();
    await restart(parents);
    await ok(parents, 'put', await file('plan-parents.txt', 'plan as the parents see it, later'), 'photos/plan.txt');
    await restart(home);
    const conflictCopy = (names: string[]) => names.find((name) => name.startsWith('plan.conflict-'));
    await eventually('both nodes hold the conflict copy', async () => {
      const [a, b] = [await listing(home, 'photos'), await listing(parents, 'photos')];
      return conflictCopy(a) !== undefined && conflictCopy(a) === conflictCopy(b);
    });
    const copy = conflictCopy(await listing(home, 'photos'))!;
    const versions = new Set<string>();
    for (const node of [home, parents]) {
      versions.add(`${(await content(node, 'photos/plan.txt')).toString()} | ${(await content(node, `photos/${copy}`)).toString()}`);
    }
    expect(versions.size, [...versions].join('\n')).toBe(1);
    const [kept, aside] = [...versions][0]!.split(' | ');
    expect(new Set([kept, aside])).toEqual(new Set(['plan as home sees it', 'plan as the parents see it, later']));
  });

  it('refuses local writes to a download-only replica, which still receives changes', async () => {
    await ok(home, 'pool', 'create', 'archive', '--copies', '2');
    await eventually('parents learns of the archive', async () => (await ok(parents, 'pool', 'ls', '--network')).includes('archive'));
    await ok(parents, 'pool', 'subscribe', 'archive', '--mode', 'replica');
    const refused = await kith(['--data', parents.daemon.dataDir, 'put', await file('x.txt', 'x'), 'archive/x.txt']);
    expect(refused.code).toBe(5);
    expect(refused.stderr).toMatch(/download-only replica/);
    await ok(home, 'put', await file('old.txt', 'kept for ever'), 'archive/old.txt');
    await eventually('the archive reaches the replica', async () => (await listing(parents, 'archive')).includes('old.txt'));
  });

  it('reports, per pool, which nodes hold a complete copy against the target', async () => {
    for (const node of [home, parents]) {
      await eventually('both copies are complete', async () => {
        const { pools } = JSON.parse(await ok(node, 'status', '--json')) as { pools: { pool: string; completeCopies: number; belowTarget: boolean; holders: unknown[] }[] };
        const photos = pools.find((p) => p.pool === 'photos');
        return photos?.completeCopies === 2 && !photos.belowTarget && photos.holders.length === 2;
      });
    }
    expect(await ok(home, 'status')).toMatch(/pool {6}photos: mirror, 2 of 2 complete copies, ok/);
  });

  it('leaves every store consistent', async () => {
    for (const node of [home, parents]) expect(await ok(node, 'check')).toMatch(/store is consistent/);
  });
});

describe('a node killed in the middle of a transfer', () => {
  it('converges after a restart, and both stores check clean', () =>
    withNodes(2, async (nodes, work) => {
      const [home, parents] = nodes as [Node, Node];
      await sharedPool(home, [parents], 'films');
      const film = randomBytes(96 * 1024 * 1024);
      await writeFile(join(work, 'film.mkv'), film);
      await ok(home, 'put', join(work, 'film.mkv'), 'films/film.mkv');
      await eventually('parents learns of the pool', async () => (await ok(parents, 'pool', 'ls', '--network')).includes('films'));
      await ok(parents, 'pool', 'subscribe', 'films');
      // Killed once chunks have started to arrive, before the file is complete.
      const chunks = join(parents.daemon.dataDir, 'chunks', 'tmp');
      await eventually('chunks start arriving', async () => (await readdir(chunks)).length > 0);
      await parents.daemon.kill9();
      parents.daemon = await startDaemon(parents.daemon.dataDir, { p2pPort: parents.port });
      await eventually('the file is complete on the parents', async () => (await listing(parents, 'films')).includes('film.mkv'));
      await ok(parents, 'get', 'films/film.mkv', join(work, 'back.mkv'));
      expect((await readFile(join(work, 'back.mkv'))).equals(film)).toBe(true);
      for (const node of [home, parents]) expect(await ok(node, 'check')).toMatch(/store is consistent/);
    }));
});

describe('rate limits', () => {
  it('with an upload cap of 1 MB/s, a 10 MB transfer takes at least 9 s; lifted, the next is fast', () =>
    withNodes(2, async (nodes, work) => {
      const [home, parents] = nodes as [Node, Node];
      await sharedPool(home, [parents], 'docs', parents);
      expect(await ok(home, 'limits', '--up', '1MB')).toMatch(/upload {4}976\.6 KiB\/s/);
      await writeFile(join(work, 'ten.bin'), randomBytes(10_000_000));
      await ok(home, 'put', join(work, 'ten.bin'), 'docs/ten.bin');
      const started = performance.now();
      await eventually('the capped transfer completes', async () => (await listing(parents, 'docs')).includes('ten.bin'));
      const seconds = (performance.now() - started) / 1000;
      expect(seconds).toBeGreaterThanOrEqual(9);
      expect(seconds).toBeLessThan(20);
      // The control panel's traffic figures saw those bytes leave one node and reach the other.
      const traffic = async (node: Node) => (JSON.parse(await ok(node, 'limits', '--json')) as { traffic: Record<'upload' | 'download', { totalBytes: number }> }).traffic;
      expect((await traffic(home)).upload.totalBytes).toBeGreaterThanOrEqual(10_000_000);
      expect((await traffic(parents)).download.totalBytes).toBeGreaterThanOrEqual(10_000_000);
      await ok(home, 'limits', '--up', 'unlimited');
      await writeFile(join(work, 'again.bin'), randomBytes(10_000_000));
      await ok(home, 'put', join(work, 'again.bin'), 'docs/again.bin');
      const again = performance.now();
      await eventually('the uncapped transfer completes', async () => (await listing(parents, 'docs')).includes('again.bin'));
      expect((performance.now() - again) / 1000).toBeLessThan(9);
    }));
});

describe('three homes: a gateway, a node and a client', () => {
  it('converge on edits made on the gateway and the node; the client receives all and writes nothing', () =>
    withNodes(3, async (nodes, work) => {
      const [home, parents, friend] = nodes as [Node, Node, Node];
      await ok(home, 'network', 'create', 'family');
      await ok(parents, 'join', (await ok(home, 'invite', '--role', 'node')).trim().split('\n').at(-1)!);
      await ok(friend, 'join', (await ok(home, 'invite', '--role', 'client')).trim().split('\n').at(-1)!);
      await ok(home, 'pool', 'create', 'recipes', '--copies', '2');
      for (const node of [parents, friend]) {
        await eventually('the pool is known', async () => (await ok(node, 'pool', 'ls', '--network')).includes('recipes'));
      }
      await ok(parents, 'pool', 'subscribe', 'recipes', '--mode', 'mirror');
      const mirror = await kith(['--data', friend.daemon.dataDir, 'pool', 'subscribe', 'recipes', '--mode', 'mirror']);
      expect(mirror.code).toBe(5);
      expect(mirror.stderr).toMatch(/client node holds pools only as download-only replicas/);
      await ok(friend, 'pool', 'subscribe', 'recipes', '--mode', 'replica');

      await writeFile(join(work, 'soup.txt'), 'soup from home');
      await writeFile(join(work, 'cake.txt'), 'cake from the parents');
      await ok(home, 'put', join(work, 'soup.txt'), 'recipes/soup.txt');
      await ok(parents, 'put', join(work, 'cake.txt'), 'recipes/cake.txt');
      for (const node of nodes) {
        await eventually('every node has both recipes', async () => {
          const names = await listing(node, 'recipes');
          return names.includes('soup.txt') && names.includes('cake.txt');
        });
      }
      const local = await kith(['--data', friend.daemon.dataDir, 'put', join(work, 'soup.txt'), 'recipes/mine.txt']);
      expect(local.code).toBe(5);
      expect(local.stderr).toMatch(/download-only replica/);
      for (const node of nodes) expect(await ok(node, 'check')).toMatch(/store is consistent/);
    }));
});
