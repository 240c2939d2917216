import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBlockNotice, checkFaultReport, faultReportSchema, loadOrCreateNodeKey, networkIdOf, signRecord, type NetworkView, type NodeKey } from './index.js';

const hash = (text: string) => createHash('sha256').update(text).digest('hex');
const evidence = [{ requested: hash('asked'), received: hash('got'), size: 3 }];

describe('fault reports and block notices', () => {
  const dirs: string[] = [];
  let [founder, gateway, reporter, liar] = [] as NodeKey[];
  let network: NetworkView;
  const members = new Set<string>();
  const isMember = (node: string) => members.has(node);

  async function key(): Promise<NodeKey> {
    const dir = await mkdtemp(join(tmpdir(), 'kith-id-'));
    dirs.push(dir);
    return loadOrCreateNodeKey(dir);
  }

  beforeAll(async () => {
    [founder, gateway, reporter, liar] = [await key(), await key(), await key(), await key()];
    for (const k of [founder, gateway, reporter, liar]) members.add(k.nodeId);
    network = { id: networkIdOf({ name: 'club', founder: founder.nodeId, createdAt: 1 }), founder: founder.nodeId, isAdmin: () => false, isRevoked: () => false, now: () => 1000 };
  });
  afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

  const report = (signer: NodeKey, body: Partial<{ reporter: string; offender: string; evidence: typeof evidence }> = {}) =>
    signRecord(signer, 'fault-report', { network: network.id, reporter: signer.nodeId, offender: liar.nodeId, at: 5, faults: 3, evidence, ...body });

  it('accepts a report signed by a member about another member', () => {
    expect(checkFaultReport(report(reporter), network, isMember)).toBeUndefined();
    expect(faultReportSchema.safeParse(report(reporter)).success).toBe(true);
  });

  it('refuses a forged signature, a non-member reporter, a self-report and evidence that matches', () => {
    expect(checkFaultReport({ ...report(reporter), signature: report(gateway).signature }, network, isMember)).toBe('fault report signature is invalid');
    expect(checkFaultReport(report(liar, { reporter: reporter.nodeId }), network, isMember)).toMatch(/signed by/);
    expect(checkFaultReport(report(reporter), network, (node) => node !== reporter.nodeId)).toMatch(/who is not a member/);
    expect(checkFaultReport(report(reporter), { ...network, isRevoked: (node) => node === reporter.nodeId }, isMember)).toMatch(/who is not a member/);
    expect(checkFaultReport(report(reporter, { offender: reporter.nodeId }), network, isMember)).toMatch(/its own reporter/);
    const honest = [{ requested: hash('a'), received: hash('a'), size: 1 }];
    expect(checkFaultReport(report(reporter, { evidence: honest }), network, isMember)).toMatch(/match what was asked for/);
    expect(checkFaultReport(report(reporter), { ...network, id: 'f'.repeat(32) }, isMember)).toMatch(/another network/);
  });

  it('accepts a block from a gateway and a lift from an admin only, each newer than the one held', () => {
    const notice = (signer: NodeKey, blocked: boolean, at = 10) => signRecord(signer, 'block-notice', { network: network.id, node: liar.nodeId, blocked, at, reporters: [] });
    const isGateway = (node: string) => node === gateway.nodeId;
    expect(checkBlockNotice(notice(gateway, true), network, isGateway, undefined)).toBeUndefined();
    expect(checkBlockNotice(notice(reporter, true), network, isGateway, undefined)).toMatch(/who is not a gateway/);
    expect(checkBlockNotice(notice(gateway, false), network, isGateway, undefined)).toMatch(/who is not an admin/);
    expect(checkBlockNotice(notice(founder, false), network, isGateway, undefined)).toBeUndefined();
    expect(checkBlockNotice(notice(gateway, true, 10), network, isGateway, 10)).toMatch(/not newer/);
    expect(checkBlockNotice({ ...notice(gateway, true), signature: notice(founder, true).signature, signer: gateway.nodeId }, network, isGateway, undefined)).toMatch(/signature is invalid/);
  });
});
