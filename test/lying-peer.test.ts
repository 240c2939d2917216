/**
 * A peer that lies: a member node that serves wrong bytes for every chunk. A fresh node fetching
 * a pool from it and from an honest node stores no corrupt byte, completes the file from the honest
 * node, stops asking the liar after a few faults and reports it to the gateway, which blocks it:
 * the network refuses the liar and no longer hands out its address, until an admin lifts the block.
 * Forged reports are refused.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multiaddr } from '@multiformats/multiaddr';
import { decodeInvite, loadOrCreateNodeKey, signRecord } from '../src/identity/index.js';
import { FAULTS } from '../src/net/index.js';
import { createHost } from '../src/net/host.js';
import { errorReply, JOIN, joinReply } from '../src/net/protocols.js';
import { messageChannel } from '../src/net/wire.js';
import { type Daemon, eventually, kith, kithOk, removeDir, startDaemon } from './helpers/daemon.js';
import { startTestNode, type TestNode } from './helpers/in-process-node.js';
import { LOOPBACK_HOST } from './helpers/loopback.js';

const has = async (dataDir: string, dir: string, name: string) => (await kithOk(dataDir, 'ls', dir)).includes(name);

interface NetworkJson {
  node: string;
  listen: string[];
  network: { id: string; peers: { node: string; connected: boolean }[] };
  blocked: { node: string; by: string; reporters: string[] }[];
}
const networkOf = async (dataDir: string) => JSON.parse(await kithOk(dataDir, 'network', 'status', '--json')) as NetworkJson;

async function untilLogged(daemon: Daemon, pattern: RegExp): Promise<void> {
  await eventually(`the log matches ${pattern}`, async () => pattern.test(daemon.output()));
}

describe('a lying peer', () => {
  let honest: Daemon;
  let liar: TestNode;
  let fresh: Daemon;
  let work: string;
  // Several content requests' worth (4 MiB each), so that the liar is asked for some.
  const content = randomBytes(16 * 1024 * 1024);

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'kith-liar-'));
    // One honest node besides the gateway is here to catch the liar: one report is enough to block.
    const honestDir = await mkdtemp(join(tmpdir(), 'kith-daemon-'));
    await writeFile(join(honestDir, 'kith.json'), JSON.stringify({ sync: { faultReportsToBlock: 1 } }));
    honest = await startDaemon(honestDir);
    await kithOk(honest.dataDir, 'network', 'create', 'club');
    await kithOk(honest.dataDir, 'pool', 'create', 'designs', '--copies', '3');
    await writeFile(join(work, 'model.stl'), content);
    await kithOk(honest.dataDir, 'put', join(work, 'model.stl'), 'designs/model.stl');
    // The liar stores honest bytes (it verified them) but serves every chunk with one byte flipped.
    liar = await startTestNode({}, { servedChunk: (_hash, stored) => Buffer.from(stored.map((b, i) => (i === 0 ? b ^ 0xff : b))) });
    const code = (await kithOk(honest.dataDir, 'invite')).trim().split('\n').at(-1)!;
    expect((await liar.api('/network/join', { method: 'POST', json: { code } })).status).toBe(200);
    await eventually('the liar knows the pool', async () => JSON.stringify(await (await liar.api('/network/pools')).json()).includes('designs'));
    expect((await liar.api('/network/pools/designs/subscribe', { method: 'POST', json: { mode: 'mirror' } })).status).toBe(201);
    await eventually('the liar holds the file', async () => (await liar.api('/pools/designs/files/model.stl')).status === 200);
  });

  afterAll(async () => {
    await fresh?.stop();
    await liar?.stop();
    await honest?.stop();
    for (const dir of [fresh?.dataDir, liar?.dataDir, honest?.dataDir, work]) if (dir) await removeDir(dir);
  });

  it('refuses a forged fault report, with a log line that says why', async () => {
    const { node: gateway, network } = await networkOf(honest.dataDir);
    const stranger = await loadOrCreateNodeKey(work);
    const report = (reporter: string, offender: string) =>
      signRecord(stranger, 'fault-report', {
        network: network.id,
        reporter,
        offender,
        at: Date.now(),
        faults: 1,
        evidence: [{ requested: 'a'.repeat(64), received: 'b'.repeat(64), size: 1 }],
      });
    // A member hands the gateway reports it did not make: one by a non-member, one whose signature is not the reporter's.
    const send = async (forged: unknown) => {
      const stream = await liar.node.network.openStream(gateway, FAULTS);
      const channel = messageChannel(stream);
      await channel.write(forged);
      return channel.read(errorReply);
    };
    expect((await send(report(stranger.nodeId, liar.node.nodeId))).error.message).toBe(`fault report by ${stranger.nodeId}, who is not a member`);
    expect((await send({ ...report(liar.node.nodeId, stranger.nodeId), signer: liar.node.nodeId })).error.message).toBe('fault report signature is invalid');
    await untilLogged(honest, /refused fault report: fault report by \S+, who is not a member/);
    await untilLogged(honest, /refused fault report: fault report signature is invalid/);
    expect((await networkOf(honest.dataDir)).blocked).toEqual([]);
  });

  it('stores no corrupt byte, completes the file from the honest node, and drops the liar', async () => {
    fresh = await startDaemon();
    await kithOk(fresh.dataDir, 'join', (await kithOk(honest.dataDir, 'invite')).trim().split('\n').at(-1)!);
    await eventually('the fresh node is connected to both', async () => {
      const status = JSON.parse(await kithOk(fresh.dataDir, 'network', 'status', '--json')) as { network: { peers: { connected: boolean }[] } };
      return status.network.peers.filter((peer) => peer.connected).length === 2;
    });
    await eventually('the fresh node knows the pool', async () => (await kithOk(fresh.dataDir, 'pool', 'ls', '--network')).includes('designs'));
    await kithOk(fresh.dataDir, 'pool', 'subscribe', 'designs');
    await eventually('the fresh node holds the file', () => has(fresh.dataDir, 'designs', 'model.stl'));
    await kithOk(fresh.dataDir, 'get', 'designs/model.stl', join(work, 'got.stl'));
    const got = await readFile(join(work, 'got.stl'));
    expect(createHash('sha256').update(got).digest('hex')).toBe(createHash('sha256').update(content).digest('hex'));
    expect(await kithOk(fresh.dataDir, 'check')).toMatch(/store is consistent/);
    const log = fresh.output();
    expect(log).toMatch(/sent bytes that do not match [0-9a-f]{64}; fetching them elsewhere/);
    expect(log).toMatch(/no longer asking it/);
  });

  it('reports the liar to the gateway, which blocks it: members refuse it and no one hands out its address', async () => {
    const liarId = liar.node.nodeId;
    const gateway = await networkOf(honest.dataDir);
    const freshId = (await networkOf(fresh.dataDir)).node;
    await untilLogged(fresh, new RegExp(`reporting ${liarId} to the gateways: it sent \\d+ items that do not match their hashes`));
    await untilLogged(honest, new RegExp(`fault report from ${freshId}: ${liarId} sent \\d+ items`));
    await eventually('the gateway blocked the liar', async () => (await networkOf(honest.dataDir)).blocked.length > 0);
    expect((await networkOf(honest.dataDir)).blocked).toEqual([expect.objectContaining({ node: liarId, by: gateway.node, reporters: [freshId] })]);
    // The gateway's notice reaches the fresh node, which refuses the liar when it calls again.
    await eventually('the fresh node holds the block', async () => (await networkOf(fresh.dataDir)).blocked.some((b) => b.node === liarId));
    await untilLogged(fresh, /refused connection: a gateway blocked that node for sending corrupt data/);
    await untilLogged(honest, /refused connection: a gateway blocked that node for sending corrupt data/);
    expect(await kithOk(fresh.dataDir, 'network', 'status')).toContain(`blocked   ${liarId} by gateway ${gateway.node}`);

    // A node joining now is handed the members' addresses, but not the liar's.
    const newcomer = await createHost({ key: await loadOrCreateNodeKey(work), ...LOOPBACK_HOST });
    await newcomer.start();
    try {
      const stream = await newcomer.dialProtocol(multiaddr(gateway.listen[0]!), JOIN);
      const channel = messageChannel(stream);
      const invite = decodeInvite((JSON.parse(await kithOk(honest.dataDir, 'invite', '--json')) as { code: string }).code);
      await channel.write({ invite: invite.id, secret: invite.secret, addrs: [] });
      const reply = await channel.read(joinReply);
      if ('error' in reply) throw new Error(`join refused: ${reply.error.message}`);
      const handedOut = reply.peerRecords.map((record) => record.body.node);
      expect(handedOut).toContain(freshId);
      expect(handedOut).not.toContain(liarId);
    } finally {
      await newcomer.stop();
    }
  });

  it('lets only an admin lift the block, and the lift reaches the members', async () => {
    const liarId = liar.node.nodeId;
    const refused = await kith(['--data', fresh.dataDir, 'network', 'unblock', liarId]);
    expect(refused.code).toBe(5);
    expect(refused.stderr).toMatch(/only an admin node can lift a block/);
    expect(await kithOk(honest.dataDir, 'network', 'unblock', liarId)).toMatch(`lifted the block on ${liarId}`);
    expect((await networkOf(honest.dataDir)).blocked).toEqual([]);
    await eventually('the lift reached the fresh node', async () => (await networkOf(fresh.dataDir)).blocked.length === 0);
  });
});
