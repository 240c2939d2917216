/**
 * The control panel's API on two nodes in one process: this node's figures, rate limits changed
 * live, invites listed and revoked (and the revoked one refused), members online then offline with
 * a last-seen time, the redundancy health summary as a pool replicates, and the activity across
 * the pools a user reads. Non-administrators get 403; bad input gets 400 or 404.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, expectError, startTestNode, type TestNode } from './helpers/in-process-node.js';

let home: TestNode;
let parents: TestNode | undefined;
let alice: string;
let bob: string;

interface InviteJson {
  id: string;
  role: string;
  uses: number;
  usesLeft: number;
  expiresAt?: string;
  state: string;
}

interface NetworkJson {
  network: { peers: { node: string; connected: boolean; lastSeen?: number }[]; gateways: { node: string; addrs: string[] }[] };
  pools: { pool: string; files: number; filesByHomes: { homes: number; files: number }[]; holders: { node: string; progress: number }[] }[];
  health: { files: number; minHomes: number; singleHomeFiles: number; summary: string };
}

const json = async <T>(res: Response): Promise<T> => {
  if (!res.ok) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
};
const network = async (): Promise<NetworkJson> => json<NetworkJson>(await home.api('/network'));
const invites = async (): Promise<InviteJson[]> => (await json<{ items: InviteJson[] }>(await home.api('/network/invites'))).items;

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 150; attempt++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting until ${what}`);
}

beforeAll(async () => {
  home = await startTestNode();
  alice = await addUser(home, 'alice');
  bob = await addUser(home, 'bob');
  expect((await home.api('/network', { method: 'POST', json: { name: 'family' } })).status).toBe(201);
});
afterAll(async () => {
  await parents?.stop();
  await home?.stop();
});

describe('this node', () => {
  it('says its id, version, uptime, data directory and disk figures', async () => {
    const info = await json<{ nodeId: string; version: string; uptimeSeconds: number; dataDir: string; disk: { totalBytes: number; freeBytes: number } }>(await home.api('/node'));
    expect(info.nodeId).toBe(home.node.nodeId);
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(info.uptimeSeconds).toBeGreaterThanOrEqual(0);
    expect(info.dataDir).toBe(home.dataDir);
    expect(info.disk.totalBytes).toBeGreaterThan(0);
    expect(info.disk.freeBytes).toBeGreaterThan(0);
    expect(info.disk.freeBytes).toBeLessThanOrEqual(info.disk.totalBytes);
  });

  it('changes the rate limits at once, and refuses bad ones with 400', async () => {
    const changed = await json<{ uploadBytesPerSecond: number }>(await home.api('/network/limits', { method: 'PATCH', json: { uploadBytesPerSecond: 250_000 } }));
    expect(changed.uploadBytesPerSecond).toBe(250_000);
    expect(await json(await home.api('/network/limits'))).toEqual({ uploadBytesPerSecond: 250_000, downloadBytesPerSecond: 0 });
    await expectError(await home.api('/network/limits', { method: 'PATCH', json: { uploadBytesPerSecond: -1 } }), 400, 'E_INVALID');
    await expectError(await home.api('/network/limits', { method: 'PATCH', json: { downloadBytesPerSecond: 'fast' } }), 400, 'E_INVALID');
    await home.api('/network/limits', { method: 'PATCH', json: { uploadBytesPerSecond: 0 } });
  });

  it('keeps the control panel from users who are not administrators (403)', async () => {
    for (const [method, path] of [['GET', '/node'], ['GET', '/network'], ['GET', '/network/invites'], ['DELETE', '/network/invites/abc'], ['GET', '/network/limits'], ['GET', '/network/traffic']] as const) {
      await expectError(await home.api(path, { method, token: alice }), 403, 'E_FORBIDDEN');
    }
    await expectError(await home.api('/network/limits', { method: 'PATCH', json: { uploadBytesPerSecond: 1 }, token: alice }), 403, 'E_FORBIDDEN');
  });
});

describe('invites and members', () => {
  it('lists an invite with its role, uses and expiry; revokes it; refuses a join with it; 404 for an unknown one', async () => {
    const { code } = await json<{ code: string }>(await home.api('/network/invites', { method: 'POST', json: { role: 'node', uses: 3, expiresInSeconds: 3600 } }));
    const listed = (await invites())[0]!;
    expect(listed).toMatchObject({ role: 'node', uses: 3, usesLeft: 3, state: 'open' });
    expect(Date.parse(listed.expiresAt!) - Date.now()).toBeGreaterThan(3500_000);
    expect(await json(await home.api(`/network/invites/${listed.id}`, { method: 'DELETE' }))).toEqual({ publishedTo: 0 });
    expect((await invites()).find((i) => i.id === listed.id)?.state).toBe('revoked');
    await expectError(await home.api('/network/invites/no-such-invite', { method: 'DELETE' }), 404, 'E_NOT_FOUND');

    const stranger = await startTestNode();
    try {
      const refused = await expectError(await stranger.api('/network/join', { method: 'POST', json: { code } }), 403, 'E_FORBIDDEN');
      expect(refused).toMatch(/the invite was revoked/);
    } finally {
      await stranger.stop();
    }
  });

  it('shows a joined member online, then offline with the time it was last seen', async () => {
    const { code } = await json<{ code: string }>(await home.api('/network/invites', { method: 'POST', json: {} }));
    parents = await startTestNode();
    await json(await parents.api('/network/join', { method: 'POST', json: { code } }));
    const parentsId = parents.node.nodeId;
    await until('parents is online', async () => (await network()).network.peers.some((p) => p.node === parentsId && p.connected));
    expect((await invites())[0]).toMatchObject({ usesLeft: 0, state: 'used up' });
    expect((await network()).network.gateways.map((g) => g.node)).toEqual([home.node.nodeId]);

    // The health summary: a file only here, then on both homes once parents holds the pool.
    expect((await home.api('/pools', { method: 'POST', json: { name: 'photos', copies: 2 } })).status).toBe(201);
    expect((await home.api('/pools/photos/content/beach.jpg', { method: 'PUT', body: 'sand' })).status).toBe(201);
    const before = await network();
    expect(before.health).toMatchObject({ files: 1, minHomes: 1, singleHomeFiles: 1, summary: '1 file is only at one home.' });
    expect(before.pools.find((p) => p.pool === 'photos')?.filesByHomes).toEqual([{ homes: 1, files: 1 }]);
    await until('the pool is known to parents', async () => (await json<{ pools: { name: string }[] }>(await parents!.api('/network/pools'))).pools.some((p) => p.name === 'photos'));
    expect((await parents!.api('/network/pools/photos/subscribe', { method: 'POST', json: {} })).status).toBe(201);
    await until('every file is on 2 homes', async () => (await network()).health.summary === 'Every file is on 2 homes.');
    const photos = (await network()).pools.find((p) => p.pool === 'photos')!;
    expect(photos.holders.map((h) => [h.node, h.progress]).sort()).toEqual([[home.node.nodeId, 1], [parentsId, 1]].sort());

    const stoppedAt = Date.now();
    await parents!.stop();
    parents = undefined;
    await until('parents is offline', async () => (await network()).network.peers.some((p) => p.node === parentsId && !p.connected));
    const seen = (await network()).network.peers.find((p) => p.node === parentsId)!.lastSeen!;
    expect(seen).toBeGreaterThanOrEqual(stoppedAt - 1000);
    expect(seen).toBeLessThanOrEqual(Date.now());
  });
});

describe('activity', () => {
  it('lists the changes in the pools a user reads, newest first, with who, what and where', async () => {
    expect((await home.api('/pools', { method: 'POST', json: { name: 'alices' }, token: alice })).status).toBe(201);
    expect((await home.api('/pools/alices/content/notes/todo.txt', { method: 'PUT', body: 'milk', token: alice })).status).toBe(201);
    type Change = { seq: number; pool: string; type: string; path?: string; actor?: string };
    const mine = (await json<{ items: Change[] }>(await home.api('/activity', { token: alice }))).items;
    expect(mine[0]).toMatchObject({ pool: 'alices', type: 'file.written', verb: 'wrote', path: 'notes/todo.txt', actor: 'alice' });
    expect(mine.every((c) => c.pool === 'alices' || c.pool.startsWith('home-'))).toBe(true);
    const bobs = (await json<{ items: Change[] }>(await home.api('/activity', { token: bob }))).items;
    expect(bobs.some((c) => c.pool === 'alices')).toBe(false);
    const admin = (await json<{ items: Change[] }>(await home.api('/activity?limit=500'))).items;
    expect(admin.map((c) => c.pool)).toEqual(expect.arrayContaining(['alices', 'photos']));
    const older = (await json<{ items: Change[] }>(await home.api(`/activity?limit=1&before=${admin[0]!.seq}`))).items;
    expect(older).toEqual([admin[1]]);
    await expectError(await home.api('/activity?limit=0'), 400, 'E_INVALID');
    await expectError(await home.api('/activity?before=soon'), 400, 'E_INVALID');
    await expectError(await home.api('/activity', { token: null }), 401, 'E_UNAUTHORIZED');
  });
});

describe('a revoked invite on the other gateways', () => {
  it('reaches a second gateway, which lists it as revoked and refuses it too', async () => {
    const relay = await startTestNode();
    const late = await startTestNode();
    try {
      const { code: gatewayCode } = await json<{ code: string }>(await home.api('/network/invites', { method: 'POST', json: { role: 'gateway' } }));
      await json(await relay.api('/network/join', { method: 'POST', json: { code: gatewayCode } }));
      await until('relay is a listed, connected gateway', async () => {
        const { network: net } = await network();
        return net.gateways.some((g) => g.node === relay.node.nodeId) && net.peers.some((p) => p.node === relay.node.nodeId && p.connected);
      });
      const issued = await json<{ code: string; publishedTo: number }>(await home.api('/network/invites', { method: 'POST', json: { uses: 5 } }));
      expect(issued.publishedTo).toBe(1);
      const { id } = (await invites())[0]!;
      expect(await json(await home.api(`/network/invites/${id}`, { method: 'DELETE' }))).toEqual({ publishedTo: 1 });
      await until('relay holds the revocation', async () => (await json<{ items: InviteJson[] }>(await relay.api('/network/invites'))).items.some((i) => i.id === id && i.state === 'revoked'));
      const refused = await expectError(await late.api('/network/join', { method: 'POST', json: { code: issued.code } }), 403, 'E_FORBIDDEN');
      expect(refused.match(/the invite was revoked/g)).toHaveLength(2);
    } finally {
      await late.stop();
      await relay.stop();
    }
  });
});
