/**
 * The network outlives its first gateway, across real processes. Founder A (admin, gateway), B
 * admitted as a gateway, C and D as nodes. Roles change by `kith role set`; once A is gone for good
 * a new node joins through B with an invite A issued, and once B is gone too, D finds the network
 * through C, a gateway it heard of only by gossip. A membership signed by a mere node is refused.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { multiaddr } from '@multiformats/multiaddr';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeInvite, encodeInvite, loadOrCreateNodeKey, signRecord } from '../src/identity/index.js';
import { freePort, kith, removeDir, startDaemon, type Daemon } from './helpers/daemon.js';
import { invite, status, untilConnected, untilLogged } from './helpers/network.js';
import { startStranger } from './helpers/stranger.js';

interface Member {
  daemon: Daemon;
  port: number;
  id: string;
}

interface NetworkJson {
  network: { role: string; gateways: { node: string }[]; peers: { node: string; role: string; requested?: string; connected: boolean }[] };
}

async function ok(member: Member, ...args: string[]): Promise<string> {
  const result = await kith(['--data', member.daemon.dataDir, ...args]);
  expect(result.code, `kith ${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout;
}

async function networkOf(member: Member): Promise<NetworkJson['network']> {
  return (JSON.parse(await ok(member, 'network', 'status', '--json')) as NetworkJson).network;
}

/** Polls (bounded: 20 s) until `check` passes; fails naming what it waited for and what it saw last. */
async function eventually<T>(what: string, read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  let last: T | undefined;
  for (let attempt = 0; attempt < 100; attempt++) {
    last = await read();
    if (check(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting until ${what}; last saw ${JSON.stringify(last)}`);
}

async function startMember(): Promise<Member> {
  const port = await freePort();
  const daemon = await startDaemon(undefined, { p2pPort: port });
  return { daemon, port, id: (await status(daemon)).nodeId };
}

// Several daemons per step, each a Node process: on a loaded two-core machine a step can take
// longer than the default minute.
const STEP_MS = 150_000;

describe('gateways and roles', { timeout: STEP_MS }, () => {
  const members: Member[] = [];
  let a: Member;
  let b: Member;
  let c: Member;
  let d: Member;
  let work: string;
  /** Issued by A while A and B were the gateways. */
  let oldInvite: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'kith-gw-'));
    for (let i = 0; i < 4; i++) members.push(await startMember());
    [a, b, c, d] = members as [Member, Member, Member, Member];
    await ok(a, 'network', 'create', 'family');
    await ok(b, 'join', await invite(a.daemon, '--role', 'gateway'));
    await eventually('A lists B as a gateway', () => networkOf(a), (net) => net.gateways.some((g) => g.node === b.id));
    await untilConnected(a.daemon, b.id);
    const issued = await ok(a, 'invite', '--role', 'node');
    expect(issued).toMatch(/published to 1 other gateway/);
    oldInvite = issued.trim().split('\n').at(-1)!;
    expect(decodeInvite(oldInvite).gateways.map((g) => g.node)).toEqual([a.id, b.id]);
    for (const node of [c, d]) await ok(node, 'join', await invite(a.daemon));
  }, STEP_MS);

  afterAll(async () => {
    for (const member of members) {
      await member.daemon.stop();
      await removeDir(member.daemon.dataDir);
    }
    if (work !== undefined) await removeDir(work);
  });

  it('shows a role change on other members: a node steps down and up by itself, up past its invite only with an admin, and learns an admin\'s change made while it was away', async () => {
    await untilConnected(a.daemon, c.id);
    const asked = await ok(c, 'role', 'set', 'gateway');
    expect(asked).toContain(`role of ${c.id}: node (unchanged)`);
    expect(asked).toMatch(/asked for gateway: pending until an admin allows it/);
    await eventually('A shows the pending request', () => ok(a, 'network', 'status'), (text) => new RegExp(`${c.id}\\s+node \\(asks gateway\\)`).test(text));

    const allowed = await ok(a, 'role', 'set', 'gateway', '--node', c.id);
    expect(allowed).toContain(`role of ${c.id}: node -> gateway`);
    // D heard of C's promotion only through what A and C pushed.
    const seenByD = await eventually('D sees C as a gateway', () => networkOf(d), (net) => net.peers.some((p) => p.node === c.id && p.role === 'gateway') && net.gateways.some((g) => g.node === c.id));
    expect(seenByD.gateways.map((g) => g.node)).toEqual([a.id, b.id, c.id]);
    expect((await networkOf(c)).role).toBe('gateway');

    await untilConnected(d.daemon, a.id);
    expect(await ok(d, 'role', 'set', 'client')).toContain(`role of ${d.id}: node -> client`);
    await eventually('A sees D as a client', () => networkOf(a), (net) => net.peers.some((p) => p.node === d.id && p.role === 'client'));
    expect(await ok(d, 'role', 'set', 'node')).toContain(`role of ${d.id}: client -> node`);
    await eventually('A sees D as a node again', () => networkOf(a), (net) => net.peers.some((p) => p.node === d.id && p.role === 'node' && p.requested === undefined));

    // An admin's decision reaches a member that was away when it was made.
    await d.daemon.stop();
    expect(await ok(a, 'role', 'set', 'client', '--node', d.id)).toContain(`role of ${d.id}: node -> client`);
    d.daemon = await startDaemon(d.daemon.dataDir, { p2pPort: d.port });
    await eventually('D learns it may only be a client now', () => networkOf(d), (net) => net.role === 'client');
  });

  it('admits a new node through a surviving gateway once the founder is gone for good, and it syncs with that gateway', async () => {
    await ok(b, 'pool', 'create', 'photos', '--copies', '2');
    const photo = join(work, 'photo.jpg');
    await writeFile(photo, 'a photo taken at the parents');
    await ok(b, 'put', photo, 'photos/photo.jpg');

    await a.daemon.kill9();
    await removeDir(a.daemon.dataDir);
    const e = await startMember();
    members.push(e);
    // A wrong secret: each gateway's answer is named, the dead one and the live one.
    const tampered = encodeInvite({ ...decodeInvite(oldInvite), secret: 'x'.repeat(43) });
    const refused = await kith(['--data', e.daemon.dataDir, 'join', tampered]);
    expect(refused.code).toBe(5);
    expect(refused.stderr).toContain(`gateway ${a.id} did not answer`);
    expect(refused.stderr).toContain(`gateway ${b.id} refused the invite: unknown invite or wrong secret`);

    expect(await ok(e, 'join', oldInvite)).toMatch(new RegExp(`joined network family .* as a node through gateway ${b.id}`));
    await untilConnected(e.daemon, b.id);
    await eventually('E learns of the pool', () => ok(e, 'pool', 'ls', '--network'), (text) => text.includes('photos'));
    await ok(e, 'pool', 'subscribe', 'photos');
    await eventually('the photo reaches E', () => ok(e, 'ls', 'photos', '--json'), (text) => text.includes('photo.jpg'));
    await ok(e, 'get', 'photos/photo.jpg', join(work, 'copy.jpg'));
    expect(await readFile(join(work, 'copy.jpg'), 'utf8')).toBe('a photo taken at the parents');
    // C, a gateway since after the invite was issued, got its record, and B told it of the
    // admission: the one-use invite is used up there too.
    const late = await startMember();
    members.push(late);
    const viaC = encodeInvite({ ...decodeInvite(oldInvite), gateways: [{ node: c.id, addrs: (await status(c.daemon)).p2p.listen }] });
    const usedUp = await kith(['--data', late.daemon.dataDir, 'join', viaC]);
    expect(usedUp.code).toBe(5);
    expect(usedUp.stderr).toContain(`gateway ${c.id} refused the invite: the invite has been used up`);
  });

  it('finds the network through a gateway learned only by gossip when the first two are gone', async () => {
    await b.daemon.stop();
    await removeDir(b.daemon.dataDir);
    await d.daemon.stop();
    d.daemon = await startDaemon(d.daemon.dataDir, { p2pPort: d.port });
    const seen = await untilConnected(d.daemon, c.id);
    expect(seen.network!.peers).toEqual(expect.arrayContaining([expect.objectContaining({ node: c.id, role: 'gateway', connected: true })]));
  });

  it('refuses at hello a membership signed by a node that is neither admin nor gateway, with a log line that says why', async () => {
    const stranger = await startStranger();
    try {
      const dKey = await loadOrCreateNodeKey(d.daemon.dataDir);
      const { network, grant } = storedNetwork(d.daemon.dataDir);
      const body = { network, node: stranger.key.nodeId, role: 'node', admin: false, issuedAt: Date.now(), expiresAt: 0 };
      const cAddr = multiaddr((await status(c.daemon)).p2p.listen[0]!);
      // D's key with the real, admin-signed gateway list as its grant: that list does not name D.
      expect(await stranger.sayHello(cAddr, { membership: { ...signRecord(dKey, 'membership', body), grant } })).toMatch(/neither an admin nor a gateway of the grant/);
      expect(await stranger.sayHello(cAddr, { membership: signRecord(dKey, 'membership', body) })).toMatch(/not an admin and shows no gateway grant/);
      await untilLogged(c.daemon, new RegExp(`refused peer: membership signed by ${d.id}, who is neither an admin nor a gateway of the grant`));
      expect((await status(c.daemon)).network!.peers.some((peer) => peer.node === stranger.key.nodeId)).toBe(false);
    } finally {
      await stranger.stop();
    }
  });
});

/** The network id and signed gateway list a node keeps, read from its database. */
function storedNetwork(dataDir: string): { network: string; grant: unknown } {
  const db = new Database(join(dataDir, 'kith.db'), { readonly: true });
  try {
    const row = db.prepare('SELECT network_id AS network, gateway_list AS grant FROM network').get() as { network: string; grant: string };
    return { network: row.network, grant: JSON.parse(row.grant) };
  } finally {
    db.close();
  }
}
