/**
 * Pool policies across real nodes on loopback: "home" (a daemon, the founder and creator of the
 * pools), "parents" (a node in the test process, so the test can make it misbehave: it writes
 * records and announcements of its own straight into its database) and "friend" (a daemon).
 * An owner-only pool takes changes from its owner only; a members pool from everyone; a hidden
 * pool is listed nowhere and found only with its name and secret; a member's record in an
 * owner-only pool, an anonymous record and a forged announcement are each refused with a log line.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateNodeKey, signFileRecord, type NodeKey, type PoolDescriptor } from '../src/identity/index.js';
import { remoteWrite } from '../src/pool/replica.js';
import { type Daemon, eventually, freePort, kith, kithOk, removeDir, startDaemon } from './helpers/daemon.js';
import { expectError, startTestNode, type TestNode } from './helpers/in-process-node.js';

interface NetworkPoolJson {
  name: string;
  visibility: string;
  upload: string;
  subscription?: string;
}

const networkPools = async (dataDir: string) => JSON.parse(await kithOk(dataDir, 'pool', 'ls', '--network', '--json')) as NetworkPoolJson[];
const names = async (dataDir: string, dir: string) => (JSON.parse(await kithOk(dataDir, 'ls', dir, '--json')) as { name: string }[]).map((item) => item.name);

describe('pool policies', () => {
  let home: Daemon;
  let parents: TestNode;
  let friend: Daemon;
  let work: string;

  async function file(name: string, content: string): Promise<string> {
    const path = join(work, name);
    await writeFile(path, content);
    return path;
  }

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'kith-policy-'));
    home = await startDaemon(undefined, { p2pPort: await freePort() });
    friend = await startDaemon(undefined, { p2pPort: await freePort() });
    parents = await startTestNode();
    await kithOk(home.dataDir, 'network', 'create', 'family');
    const code = (await kithOk(home.dataDir, 'invite')).trim().split('\n').at(-1)!;
    expect((await parents.api('/network/join', { method: 'POST', json: { code } })).status).toBe(200);
    // The friend joins last, so the parents' address comes with the join and the two connect directly.
    await kithOk(friend.dataDir, 'join', (await kithOk(home.dataDir, 'invite')).trim().split('\n').at(-1)!);
    await kithOk(home.dataDir, 'pool', 'create', 'vault', '--copies', '3', '--upload', 'owner');
    await kithOk(home.dataDir, 'pool', 'create', 'shared', '--copies', '2', '--upload', 'members');
    await eventually('the friend knows both pools', async () => (await networkPools(friend.dataDir)).length === 2);
    await eventually('the parents know the vault', async () => JSON.stringify(await (await parents.api('/network/pools')).json()).includes('vault'));
    expect((await parents.api('/network/pools/vault/subscribe', { method: 'POST', json: { mode: 'mirror' } })).status).toBe(201);
    await kithOk(friend.dataDir, 'pool', 'subscribe', 'vault');
    await kithOk(friend.dataDir, 'pool', 'subscribe', 'shared');
  });

  afterAll(async () => {
    await parents?.stop();
    for (const daemon of [home, friend]) {
      await daemon?.stop();
      if (daemon) await removeDir(daemon.dataDir);
    }
    if (work) await removeDir(work);
  });

  it('lists each pool with its policies', async () => {
    const pools = await networkPools(friend.dataDir);
    expect(pools.map(({ name, visibility, upload, subscription }) => ({ name, visibility, upload, subscription }))).toEqual([
      { name: 'shared', visibility: 'private', upload: 'members', subscription: 'mirror' },
      { name: 'vault', visibility: 'private', upload: 'owner', subscription: 'mirror' },
    ]);
    expect(await kithOk(friend.dataDir, 'pool', 'ls', '--network')).toMatch(/vault\s+3\s+private\s+owner\s+mirror/);
  });

  it('carries the owner\'s changes to an owner-only pool, and refuses local writes on other nodes', async () => {
    await kithOk(home.dataDir, 'put', await file('deed.txt', 'the deed'), 'vault/deed.txt');
    await eventually('the deed reaches the friend', async () => (await names(friend.dataDir, 'vault')).includes('deed.txt'));
    await eventually('the deed reaches the parents', async () => (await parents.api('/pools/vault/files/deed.txt')).status === 200);
    const refused = await kith(['--data', friend.dataDir, 'put', await file('mine.txt', 'mine'), 'vault/mine.txt']);
    expect(refused.code).toBe(5);
    expect(refused.stderr).toMatch(/pool "vault" accepts uploads from its owner only/);
    const viaApi = await parents.api('/pools/vault/content/mine.txt', { method: 'PUT', body: 'mine' });
    expect(await expectError(viaApi, 403, 'E_FORBIDDEN')).toMatch(/accepts uploads from its owner only/);
  });

  it('takes changes to a members pool from every member, both ways', async () => {
    await kithOk(home.dataDir, 'put', await file('from-home.txt', 'from home'), 'shared/from-home.txt');
    await kithOk(friend.dataDir, 'put', await file('from-friend.txt', 'from the friend'), 'shared/from-friend.txt');
    for (const node of [home, friend]) {
      await eventually('both files are on both nodes', async () => {
        const listed = await names(node.dataDir, 'shared');
        return listed.includes('from-home.txt') && listed.includes('from-friend.txt');
      });
    }
    await kithOk(home.dataDir, 'get', 'shared/from-friend.txt', join(work, 'back.txt'));
    expect(await readFile(join(work, 'back.txt'), 'utf8')).toBe('from the friend');
  });

  it('lists a hidden pool nowhere and finds it only with its name and secret', async () => {
    const secret = (await kithOk(home.dataDir, 'pool', 'create', 'diary', '--copies', '2', '--visibility', 'hidden')).trim().split('\n').at(-1)!;
    // Announcements travel together: once the friend knows the next pool, it has the diary's too.
    await kithOk(home.dataDir, 'pool', 'create', 'marker', '--copies', '2');
    await eventually('the friend knows the marker pool', async () => (await networkPools(friend.dataDir)).some((p) => p.name === 'marker'));
    expect((await networkPools(friend.dataDir)).map((p) => p.name).sort()).toEqual(['marker', 'shared', 'vault']);

    const unnamed = await kith(['--data', friend.dataDir, 'pool', 'subscribe', 'diary']);
    expect(unnamed.code).toBe(3);
    const wrong = await kith(['--data', friend.dataDir, 'pool', 'subscribe', 'diary', '--secret', 'not-the-secret']);
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toMatch(/no hidden pool named "diary" with that secret/);

    await kithOk(friend.dataDir, 'pool', 'subscribe', 'diary', '--secret', secret);
    expect(await networkPools(friend.dataDir)).toContainEqual(expect.objectContaining({ name: 'diary', visibility: 'hidden', subscription: 'mirror' }));
    await kithOk(home.dataDir, 'put', await file('page.txt', 'dear diary'), 'diary/page.txt');
    await eventually('the page reaches the friend', async () => (await names(friend.dataDir, 'diary')).includes('page.txt'));
  });

  // Last: the records made up here move the vault's progress far ahead for every node.
  it('refuses a member\'s record in an owner-only pool, an anonymous record and a forged announcement, each with a log line', async () => {
    const parentsKey = await loadOrCreateNodeKey(parents.dataDir);
    const homeKey = await loadOrCreateNodeKey(home.dataDir);
    const { meta } = parents.node;
    const vault = meta.pools.byName('vault')!;
    const seq = (Date.now() + 60_000) * 1000;
    const folder = (key: NodeKey, path: string, authorUser: string | null) =>
      signFileRecord(key, { pool: vault.uid, path, fileUid: `uid-${path}`, kind: 'dir', size: 0, mtime: Date.now(), manifest: null, vv: { [key.nodeId]: 1 }, deleted: false, origin: key.nodeId, seq, authorUser, at: Date.now() });
    const real = JSON.parse(meta.sync.networkPoolByName('vault')!.descriptor) as PoolDescriptor;
    const forged = { ...real, body: { ...real.body, uid: 'forged-vault', name: 'open-vault', upload: 'anyone' as const } };
    await meta.commit(() => {
      meta.entries.upsert(remoteWrite(vault, folder(parentsKey, 'intruder', 'mallory')));
      meta.entries.upsert(remoteWrite(vault, folder(homeKey, 'dropped', null)));
      meta.sync.recordNetworkPool(forged.body.uid, forged.body.name, JSON.stringify(forged));
      // The parents announce the change as after any other.
      meta.events.append({ at: Date.now(), poolId: vault.id, type: 'dir.created', path: 'intruder', actor: 'test', detail: {} });
    });

    const refusals = [
      new RegExp(`refused record intruder: pool vault accepts uploads from its owner only, signer ${parentsKey.nodeId}`),
      /refused record dropped: pool vault accepts uploads from its owner only, and the record is anonymous/,
      /refused pool announcement: pool announcement signature is invalid/,
    ];
    for (const pattern of refusals) await eventually(`the friend logs ${pattern}`, () => pattern.test(friend.output()));
    await eventually('the owner refuses the intruder too', () => refusals[0]!.test(home.output()));
    for (const node of [home, friend]) {
      const listed = await names(node.dataDir, 'vault');
      expect(listed).not.toContain('intruder');
      expect(listed).not.toContain('dropped');
      expect((await networkPools(node.dataDir)).map((p) => p.name)).not.toContain('open-vault');
    }
  });
});
