/**
 * Signed records pushed between members as they change: gateway lists, revocations, invites,
 * memberships and address records. Each arrives on its own short stream, is checked against the
 * network, and is stored only if it verifies and is newer than what this node holds. Members get
 * the same records in every hello too, so one that was away catches up on connect.
 */
import type { Stream } from '@libp2p/interface';
import type { z } from 'zod';
import type { Logger } from '../core/log.js';
import { checkRevocation, gatewayListSchema, membershipSchema, peerRecordSchema, revocationSchema, type NetworkView, type Revocation } from '../identity/index.js';
import type { Admission } from './admission.js';
import type { MemberHandler, StreamLimits } from './handshake.js';
import type { NetworkState } from './network-state.js';
import { GATEWAYS, INVITES, invitesMessage, MEMBERSHIPS, PEERS, REVOCATIONS } from './protocols.js';
import type { Roles } from './roles.js';
import { messageChannel } from './wire.js';

/** What gossip needs from the network service around it. */
export interface GossipParts {
  state: NetworkState;
  log: Logger;
  admission: () => Admission;
  roles: () => Roles;
  connectedMembers(): string[];
  isConnected(peer: string): boolean;
  openStream(peer: string, protocol: string): Promise<Stream>;
  disconnect(peer: string, reason: string): Promise<void>;
  handleMembers(protocol: string, handler: MemberHandler, limits: StreamLimits): Promise<void>;
}

const ONE_STREAM = { maxInboundStreams: 1, maxOutboundStreams: 1 };

export class RecordGossip {
  constructor(private readonly parts: GossipParts) {}

  async start(): Promise<void> {
    const { handleMembers } = this.parts;
    await handleMembers(GATEWAYS, (stream, peer) => this.onGateways(stream, peer), ONE_STREAM);
    await handleMembers(REVOCATIONS, (stream, peer) => this.onRevocation(stream, peer), ONE_STREAM);
    await handleMembers(INVITES, async (stream, peer) => this.parts.admission().receiveInvites(await readOnce(stream, invitesMessage), peer), ONE_STREAM);
    await handleMembers(MEMBERSHIPS, (stream, peer) => this.onMembership(stream, peer), ONE_STREAM);
    await handleMembers(PEERS, (stream, peer) => this.onPeerRecord(stream, peer), ONE_STREAM);
  }

  /** Sends a signed record to the connected members `to` selects (all by default); resolves with how many took it. */
  async spread(protocol: string, record: unknown, to: (peer: string) => boolean = () => true): Promise<number> {
    const sent = await Promise.all(
      this.parts
        .connectedMembers()
        .filter(to)
        .map(async (peer) => {
          try {
            const stream = await this.parts.openStream(peer, protocol);
            await messageChannel(stream).write(record);
            await stream.close();
            return true;
          } catch (err) {
            this.parts.log.debug({ peer, protocol, err: (err as Error).message }, 'could not send a record');
            return false;
          }
        }),
    );
    return sent.filter(Boolean).length;
  }

  /** Hands the invites this node holds to gateways (connected now), so they too can admit. */
  handOnInvites(gateways: string[]): void {
    const invites = this.parts.admission().liveInviteRecords();
    if (invites.length > 0 && gateways.length > 0) void this.spread(INVITES, invites, (member) => gateways.includes(member));
  }

  /** Stores the revocations that verify and are new, and hangs up on the members they revoke. */
  async storeRevocations(revocations: Revocation[], view: NetworkView, from: string): Promise<void> {
    const { meta } = this.parts.state;
    const fresh = revocations.filter((r) => meta.network.peer(r.body.node)?.revokedAt === undefined);
    const valid = fresh.filter((r) => {
      const reason = checkRevocation(r, view);
      if (reason !== undefined) this.parts.log.warn({ peer: from, node: r.body.node, reason }, `refused revocation: ${reason}`);
      return reason === undefined;
    });
    if (valid.length === 0) return;
    await meta.commit(() => {
      for (const r of valid) meta.network.revoke(r.body.node, r.body.at, JSON.stringify(r));
    });
    for (const r of valid) {
      if (r.body.node === this.parts.state.key.nodeId) this.parts.log.error('this node\'s membership was revoked by an admin');
      else if (this.parts.isConnected(r.body.node)) await this.parts.disconnect(r.body.node, 'its membership was revoked');
    }
  }

  private async onMembership(stream: Stream, peer: string): Promise<void> {
    const membership = await readOnce(stream, membershipSchema);
    if (membership.body.node === this.parts.state.key.nodeId) await this.parts.roles().adopt(membership, peer);
    else await this.parts.admission().receiveMembership(membership, peer);
    await this.parts.roles().reconcileGateways();
  }

  private async onPeerRecord(stream: Stream, peer: string): Promise<void> {
    const record = await readOnce(stream, peerRecordSchema);
    const { state } = this.parts;
    this.parts.log.debug({ peer, node: record.body.node, role: record.body.role }, 'received a peer record');
    await state.meta.commit(() => state.storePeerRecord(record, state.requireJoined().row.networkId));
    await this.parts.roles().reconcileGateways();
  }

  private async onRevocation(stream: Stream, peer: string): Promise<void> {
    const revocation = await readOnce(stream, revocationSchema);
    await this.storeRevocations([revocation], this.parts.state.view(), peer);
  }

  private async onGateways(stream: Stream, peer: string): Promise<void> {
    const list = await readOnce(stream, gatewayListSchema);
    const { state } = this.parts;
    const before = listedGateways(state);
    await state.meta.commit(() => state.storeGatewayList(list, state.view()));
    this.parts.log.info({ peer, seq: list.body.seq }, 'received a gateway list');
    this.handOnInvites(listedGateways(state).filter((node) => !before.includes(node)));
  }
}

function listedGateways(state: NetworkState): string[] {
  return state.gatewayList()?.body.gateways.map((g) => g.node) ?? [];
}

/** Reads the one message a pushed record's stream carries, and closes it. */
async function readOnce<T extends z.ZodTypeAny>(stream: Stream, schema: T): Promise<z.infer<T>> {
  const message = await messageChannel(stream).read(schema);
  await stream.close().catch(() => {});
  return message;
}
