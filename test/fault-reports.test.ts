/**
 * Fault reports between two real network services in this process (real libp2p on loopback, real
 * SQLite): a report made while no gateway is reachable waits in the reporter's database, survives a
 * restart of both nodes, and reaches the gateway when it connects; the gateway's block then reaches
 * the reporter, and an admin's lift reaches it too.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/core/log.js';
import { loadOrCreateNodeKey, type NodeKey } from '../src/identity/index.js';
import { openMeta, type Meta } from '../src/meta/index.js';
import { BlockNotices, FaultReports, NetworkService } from '../src/net/index.js';
import { freePort } from './helpers/daemon.js';
import { LOOPBACK_P2P } from './helpers/loopback.js';

interface Parts {
  key: NodeKey;
  meta: Meta;
  network: NetworkService;
  notices: BlockNotices;
  reports: FaultReports;
  stop(): Promise<void>;
}

async function startParts(dir: string, port: number): Promise<Parts> {
  const log = createLogger({ level: process.env.KITH_TEST_LOG ?? 'silent' });
  const key = await loadOrCreateNodeKey(dir);
  const meta = openMeta(join(dir, 'kith.db'));
  const network = await NetworkService.start({ key, meta, log, ...LOOPBACK_P2P, port });
  const notices = new BlockNotices({ network, meta, key, log });
  await notices.start();
  const reports = new FaultReports({ network, notices, meta, key, log, reportsToBlock: 1 });
  await reports.start();
  return {
    key,
    meta,
    network,
    notices,
    reports,
    async stop() {
      await network.stop();
      await meta.close();
    },
  };
}

async function until(what: string, check: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 150 && !check(); attempt++) await new Promise((resolve) => setTimeout(resolve, 200));
  if (!check()) throw new Error(`timed out waiting until ${what}`);
}

describe('fault reports', () => {
  const dirs: string[] = [];
  const running: Parts[] = [];

  async function start(dir: string, port: number): Promise<Parts> {
    const parts = await startParts(dir, port);
    running.push(parts);
    return parts;
  }

  async function stop(parts: Parts): Promise<void> {
    running.splice(running.indexOf(parts), 1);
    await parts.stop();
  }

  afterAll(async () => {
    for (const parts of running) await parts.stop();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('keeps a report until a gateway takes it, across restarts, and spreads the block and its lift', async () => {
    const [gatewayDir, reporterDir, offenderDir] = await Promise.all(['gw', 'rep', 'off'].map((name) => mkdtemp(join(tmpdir(), `kith-faults-${name}-`))));
    dirs.push(gatewayDir!, reporterDir!, offenderDir!);
    const [gatewayPort, reporterPort] = [await freePort(), await freePort()];
    const offender = (await loadOrCreateNodeKey(offenderDir!)).nodeId;
    let gateway = await start(gatewayDir!, gatewayPort);
    let reporter = await start(reporterDir!, reporterPort);
    await gateway.network.create('club', `127.0.0.1:${gatewayPort}`);
    await reporter.network.join((await gateway.network.invite({ role: 'node', expiresInSeconds: 0, uses: 1 })).code);
    await until('the reporter is connected to the gateway', () => reporter.network.connectedMembers().includes(gateway.key.nodeId));

    await stop(gateway);
    await until('the reporter sees the gateway gone', () => !reporter.network.connectedMembers().includes(gateway.key.nodeId));
    reporter.reports.reportFaults(offender, [{ requested: 'a'.repeat(64), received: 'b'.repeat(64), size: 4096 }]);
    await until('the report is kept for later', () => reporter.meta.faults.pending().length === 1);
    await stop(reporter);

    gateway = await start(gatewayDir!, gatewayPort);
    expect(gateway.meta.faults.reportersOf(offender)).toEqual([]);
    reporter = await start(reporterDir!, reporterPort);
    await until('the gateway holds the report', () => gateway.meta.faults.reportersOf(offender).length === 1);
    expect(gateway.meta.faults.reportersOf(offender)).toEqual([reporter.key.nodeId]);
    await until('the reporter no longer keeps it', () => reporter.meta.faults.pending().length === 0);
    expect(gateway.notices.blocked()).toEqual([expect.objectContaining({ node: offender, by: gateway.key.nodeId, reporters: [reporter.key.nodeId] })]);
    await until('the block reached the reporter', () => reporter.meta.faults.isBlocked(offender));

    await gateway.notices.unblock(offender);
    await until('the lift reached the reporter', () => !reporter.meta.faults.isBlocked(offender));
    expect(gateway.meta.faults.reportersOf(offender)).toEqual([]);
    await expect(reporter.notices.unblock(offender)).rejects.toThrow(/only an admin node can lift a block/);
  });
});
