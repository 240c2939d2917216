import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../core/errors.js';
import {
  checkGatewayList,
  checkInviteRecord,
  checkMembership,
  effectiveRole,
  checkPeerRecord,
  decodeInvite,
  encodeInvite,
  inviteUrl,
  loadOrCreateNodeKey,
  networkIdOf,
  newInvite,
  signRecord,
  type NetworkView,
  type NodeKey,
} from './index.js';

describe('network records', () => {
  const dirs: string[] = [];
  let founder: NodeKey;
  let alice: NodeKey;
  let mallory: NodeKey;
  let network: NetworkView;

  async function key(): Promise<NodeKey> {
    const dir = await mkdtemp(join(tmpdir(), 'kith-id-'));
    dirs.push(dir);
    return loadOrCreateNodeKey(dir);
  }

  beforeAll(async () => {
    [founder, alice, mallory] = [await key(), await key(), await key()];
    const id = networkIdOf({ name: 'family', founder: founder.nodeId, createdAt: 1 });
    network = { id, founder: founder.nodeId, isAdmin: () => false, isRevoked: () => false, now: () => 1000 };
  });
  afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

  const membershipOf = (signer: NodeKey, node: string, overrides = {}) =>
    signRecord(signer, 'membership', { network: network.id, node, role: 'node' as 'node' | 'gateway', admin: false, issuedAt: 1, expiresAt: 0, ...overrides });

  it('binds the network id to the founder: another founder gives another id', () => {
    expect(networkIdOf({ name: 'family', founder: mallory.nodeId, createdAt: 1 })).not.toBe(network.id);
  });

  it('accepts a membership signed by the founder for the connecting node', () => {
    expect(checkMembership(membershipOf(founder, alice.nodeId), alice.nodeId, network)).toBeUndefined();
  });

  it('refuses a membership signed by a non-admin, a tampered one, one for another node, an expired or revoked one', () => {
    expect(checkMembership(membershipOf(mallory, mallory.nodeId), mallory.nodeId, network)).toMatch(/not an admin/);
    const tampered = membershipOf(founder, alice.nodeId);
    tampered.body.role = 'gateway';
    expect(checkMembership(tampered, alice.nodeId, network)).toMatch(/signature is invalid/);
    const forgedSigner = { ...membershipOf(mallory, mallory.nodeId), signer: founder.nodeId };
    expect(checkMembership(forgedSigner, mallory.nodeId, network)).toMatch(/signature is invalid/);
    expect(checkMembership(membershipOf(founder, alice.nodeId), mallory.nodeId, network)).toMatch(/not the connecting node/);
    expect(checkMembership(membershipOf(founder, alice.nodeId, { expiresAt: 999 }), alice.nodeId, network)).toMatch(/expired/);
    expect(checkMembership(membershipOf(founder, alice.nodeId), alice.nodeId, { ...network, isRevoked: () => true })).toMatch(/revoked/);
  });

  it('accepts a membership signed by a gateway only with an admin-signed list naming it', () => {
    const gatewayList = (signer: NodeKey, gateway: string) => signRecord(signer, 'gateway-list', { network: network.id, seq: 2, gateways: [{ node: gateway, addrs: ['/ip4/127.0.0.1/tcp/4100'] }] });
    const byAlice = (grant?: ReturnType<typeof gatewayList>, overrides = {}) => ({ ...membershipOf(alice, mallory.nodeId, overrides), grant });
    expect(checkMembership(byAlice(gatewayList(founder, alice.nodeId)), mallory.nodeId, network)).toBeUndefined();
    expect(checkMembership(byAlice(), mallory.nodeId, network)).toMatch(/not an admin and shows no gateway grant/);
    expect(checkMembership(byAlice(gatewayList(founder, founder.nodeId)), mallory.nodeId, network)).toMatch(/neither an admin nor a gateway of the grant/);
    expect(checkMembership(byAlice(gatewayList(alice, alice.nodeId)), mallory.nodeId, network)).toMatch(/grant does not verify/);
    expect(checkMembership(byAlice(gatewayList(founder, alice.nodeId), { admin: true }), mallory.nodeId, network)).toMatch(/cannot make an admin/);
    const aliceRevoked = { ...network, isRevoked: (node: string) => node === alice.nodeId };
    expect(checkMembership(byAlice(gatewayList(founder, alice.nodeId)), mallory.nodeId, aliceRevoked)).toMatch(/whose own membership was revoked/);
  });

  it('gives a member the lower of the role it asks for and the role its membership allows', () => {
    const asNode = membershipOf(founder, alice.nodeId);
    expect(effectiveRole(asNode, undefined)).toBe('node');
    expect(effectiveRole(asNode, 'client')).toBe('client');
    expect(effectiveRole(asNode, 'gateway')).toBe('node');
    expect(effectiveRole(membershipOf(founder, alice.nodeId, { role: 'gateway' }), 'gateway')).toBe('gateway');
  });

  it('accepts an invite record only from an admin, for this network', () => {
    const body = { network: network.id, id: 'AAAAAAAAAAAAAAAA', secretHash: 'a'.repeat(64), role: 'node' as const, expiresAt: 0, uses: 1 };
    expect(checkInviteRecord(signRecord(founder, 'invite', body), network)).toBeUndefined();
    expect(checkInviteRecord(signRecord(alice, 'invite', body), network)).toMatch(/not an admin/);
    expect(checkInviteRecord(signRecord(founder, 'invite', { ...body, network: 'f'.repeat(32) }), network)).toMatch(/another network/);
    expect(checkInviteRecord({ ...signRecord(founder, 'invite', body), body: { ...body, uses: 100 } }, network)).toMatch(/signature is invalid/);
  });

  it('lets only a node sign its own addresses, and only a newer record replace an older one', () => {
    const record = (signer: NodeKey, seq: number) => signRecord(signer, 'peer-record', { network: network.id, node: alice.nodeId, seq, addrs: ['/ip4/127.0.0.1/tcp/4100'] });
    expect(checkPeerRecord(record(alice, 2), network.id, 1)).toBeUndefined();
    expect(checkPeerRecord(record(alice, 2), network.id, undefined)).toBeUndefined();
    expect(checkPeerRecord(record(alice, 1), network.id, 1)).toMatch(/not newer/);
    expect(checkPeerRecord(record(mallory, 5), network.id, 1)).toMatch(/signed by/);
    expect(checkPeerRecord(record(alice, 2), 'f'.repeat(32), 1)).toMatch(/another network/);
  });

  it('accepts a gateway list only from an admin, and only a newer one', () => {
    const list = (signer: NodeKey, seq: number) => signRecord(signer, 'gateway-list', { network: network.id, seq, gateways: [{ node: founder.nodeId, addrs: ['/ip4/127.0.0.1/tcp/4100'] }] });
    expect(checkGatewayList(list(founder, 3), network, 2)).toBeUndefined();
    expect(checkGatewayList(list(founder, 2), network, 2)).toMatch(/not newer/);
    expect(checkGatewayList(list(mallory, 9), network, 2)).toMatch(/not an admin/);
  });

  it('never lets a signature of one kind of record pass as another', () => {
    const asRecord = signRecord(founder, 'peer-record', { network: network.id, node: alice.nodeId, role: 'node', admin: false, issuedAt: 1, expiresAt: 0 });
    expect(checkMembership(asRecord as never, alice.nodeId, network)).toMatch(/signature is invalid/);
  });

  it('round-trips an invite code and its URL, and refuses damaged or foreign codes', () => {
    const descriptor = { name: 'family', founder: founder.nodeId, createdAt: 1 };
    const invite = newInvite(descriptor, [{ node: founder.nodeId, addrs: ['/ip4/127.0.0.1/tcp/4100'] }], 'node');
    const code = encodeInvite(invite);
    expect(decodeInvite(code)).toEqual({ ...invite, networkId: network.id });
    expect(decodeInvite(inviteUrl(code))).toEqual({ ...invite, networkId: network.id });
    expect(() => decodeInvite('hello')).toThrow(InvalidInputError);
    expect(() => decodeInvite(`${code.slice(0, -8)}AAAAAAAA`)).toThrow(/damaged/);
    expect(() => decodeInvite(encodeInvite({ ...invite, gateways: [] }))).toThrow(/damaged/);
  });
});
