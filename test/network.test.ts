/**
 * Networks across real processes: founding, inviting, joining, finding each other again after a
 * restart, and refusing whoever is not a member.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { multiaddr } from '@multiformats/multiaddr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRecord } from '../src/identity/index.js';
import { JOIN, joinReply } from '../src/net/protocols.js';
import { messageChannel } from '../src/net/wire.js';
import { freePort, kith, removeDir, startDaemon, type Daemon } from './helpers/daemon.js';
import { invite, status, untilConnected, untilLogged } from './helpers/network.js';
import { startStranger, type Stranger } from './helpers/stranger.js';

describe('networks', () => {
  let home: Daemon;
  let parents: Daemon;
  let homePort: number;
  let parentsPort: number;
  let stranger: Stranger;

  beforeAll(async () => {
    [homePort, parentsPort] = [await freePort(), await freePort()];
    home = await startDaemon(undefined, { p2pPort: homePort });
    parents = await startDaemon(undefined, { p2pPort: parentsPort });
    stranger = await startStranger();
  });

  afterAll(async () => {
    await stranger?.stop();
    for (const daemon of [home, parents]) {
      await daemon?.stop();
      if (daemon) await removeDir(daemon.dataDir);
    }
  });

  it('founds a network, invites a node that joins, and both see each other connected', async () => {
    const created = await kith(['--data', home.dataDir, 'network', 'create', 'family', '--json']);
    expect(created.code, created.stderr).toBe(0);
    const code = await invite(home, '--role', 'node', '--uses', '1');
    expect(code).toMatch(/^kith1[A-Za-z0-9_-]+$/);
    const joined = await kith(['--data', parents.dataDir, 'join', code]);
    expect(joined.code, joined.stderr).toBe(0);
    expect(joined.stdout).toMatch(/joined network family .* as a node/);
    const homeStatus = await untilConnected(home, (await status(parents)).nodeId);
    const parentsStatus = await untilConnected(parents, homeStatus.nodeId);
    expect(homeStatus.network).toMatchObject({ role: 'gateway', admin: true });
    expect(parentsStatus.network).toMatchObject({ id: homeStatus.network!.id, role: 'node', admin: false });
    expect(parentsStatus.network!.peers).toEqual([expect.objectContaining({ node: homeStatus.nodeId, role: 'gateway', connected: true })]);
  });

  it('refuses a used-up invite, a second join, and a damaged code, each with a clear message', async () => {
    const code = await invite(home, '--uses', '1');
    const thirdDir = await mkdtemp(join(tmpdir(), 'kith-third-'));
    const third = await startDaemon(thirdDir);
    try {
      expect((await kith(['--data', third.dataDir, 'join', code])).code).toBe(0);
      const again = await kith(['--data', parents.dataDir, 'join', code]);
      expect(again.code).toBe(4);
      expect(again.stderr).toMatch(/already belongs to a network/);
    } finally {
      await third.stop();
      await removeDir(thirdDir);
    }
    const fourthDir = await mkdtemp(join(tmpdir(), 'kith-fourth-'));
    const fourth = await startDaemon(fourthDir);
    try {
      const usedUp = await kith(['--data', fourth.dataDir, 'join', code]);
      expect(usedUp.code).toBe(5);
      expect(usedUp.stderr).toMatch(/refused the invite: the invite has been used up/);
      const damaged = await kith(['--data', fourth.dataDir, 'join', `${code.slice(0, 40)}x`]);
      expect(damaged.code).toBe(6);
      expect(damaged.stderr).toMatch(/invite code is damaged/);
    } finally {
      await fourth.stop();
      await removeDir(fourthDir);
    }
    await untilLogged(home, /refused peer: the invite has been used up/);
  });

  it('refuses a stranger: a self-signed membership, a stolen one, a wrong invite secret', async () => {
    const homeAddr = multiaddr((await status(home)).p2p.listen[0]!);
    const networkId = (await status(home)).network!.id;
    const selfSigned = signRecord(stranger.key, 'membership', { network: networkId, node: stranger.key.nodeId, role: 'gateway', admin: true, issuedAt: 1, expiresAt: 0 });
    expect(await stranger.sayHello(homeAddr, { membership: selfSigned })).toMatch(/who is not an admin/);
    const parentsMembership = JSON.parse((await kith(['--data', parents.dataDir, 'network', 'status', '--json'])).stdout) as { node: string };
    const stolen = signRecord(stranger.key, 'membership', { network: networkId, node: parentsMembership.node, role: 'node', admin: false, issuedAt: 1, expiresAt: 0 });
    expect(await stranger.sayHello(homeAddr, { membership: { ...stolen, signer: (await status(home)).nodeId } })).toMatch(/names .* not the connecting node/);

    const stream = await stranger.host.dialProtocol(homeAddr, JOIN);
    const channel = messageChannel(stream);
    await channel.write({ invite: 'AAAAAAAAAAAAAAAA', secret: randomBytes(32).toString('base64url'), addrs: [] });
    const reply = await channel.read(joinReply);
    expect(reply).toEqual({ error: { code: 'E_FORBIDDEN', message: 'unknown invite or wrong secret' } });
    await untilLogged(home, /refused peer: membership signed by .* who is not an admin/);
    await untilLogged(home, /refused peer: unknown invite or wrong secret/);
    expect((await status(home)).network!.peers.some((peer) => peer.node === stranger.key.nodeId)).toBe(false);
  });

  it('finds its members again after both restart, from the records it keeps', async () => {
    const parentsId = (await status(parents)).nodeId;
    const homeId = (await status(home)).nodeId;
    expect(await parents.stop()).toBe(0);
    expect(await home.stop()).toBe(0);
    home = await startDaemon(home.dataDir, { p2pPort: homePort });
    parents = await startDaemon(parents.dataDir, { p2pPort: parentsPort });
    await untilConnected(parents, homeId);
    await untilConnected(home, parentsId);
  });

  it('refuses a revoked member everywhere, with a log line that says why', async () => {
    const lodger = await startDaemon();
    try {
      expect((await kith(['--data', lodger.dataDir, 'join', await invite(home)])).code).toBe(0);
      const lodgerId = (await status(lodger)).nodeId;
      await untilConnected(home, lodgerId);
      await untilConnected(parents, lodgerId);
      const revoked = await kith(['--data', home.dataDir, 'network', 'revoke', lodgerId]);
      expect(revoked.code, revoked.stderr).toBe(0);
      // The revocation reaches the other member, which hangs up too.
      await untilLogged(parents, new RegExp(`disconnecting from ${lodgerId}: its membership was revoked`));
      for (let attempt = 0; attempt < 100 && (await status(lodger)).network!.peers.some((p) => p.connected); attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect((await status(lodger)).network!.peers.filter((p) => p.connected)).toEqual([]);
      // Calling again is refused before any protocol runs.
      await lodger.stop();
      const restarted = await startDaemon(lodger.dataDir);
      try {
        await untilLogged(home, /refused connection: that member was revoked/);
      } finally {
        await restarted.stop();
      }
    } finally {
      await lodger.stop();
      await removeDir(lodger.dataDir);
    }
  });

  it('finds the network through a gateway it learned of by gossip once the first gateway is gone', async () => {
    const cPort = await freePort();
    const gatewayC = await startDaemon(undefined, { p2pPort: cPort });
    try {
      const joined = await kith(['--data', gatewayC.dataDir, 'join', await invite(home, '--role', 'gateway')]);
      expect(joined.code, joined.stderr).toBe(0);
      const cId = (await status(gatewayC)).nodeId;
      // Parents joined before C existed: it hears of C through the signed gateway list home pushes.
      const gatewaysOfParents = async () =>
        (JSON.parse((await kith(['--data', parents.dataDir, 'network', 'status', '--json'])).stdout) as { network: { gateways: { node: string }[] } }).network.gateways.map((g) => g.node);
      for (let attempt = 0; attempt < 100 && !(await gatewaysOfParents()).includes(cId); attempt++) await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await gatewaysOfParents()).toEqual(expect.arrayContaining([(await status(home)).nodeId, cId]));
      expect(parents.output()).not.toMatch(/refused gateway list/);
      await home.stop();
      await parents.stop();
      parents = await startDaemon(parents.dataDir, { p2pPort: parentsPort });
      await untilConnected(parents, cId);
    } finally {
      await gatewayC.stop();
      await removeDir(gatewayC.dataDir);
    }
  });
});
