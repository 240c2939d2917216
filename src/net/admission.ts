/**
 * Admission through any gateway. An admin publishes each invite as a signed record (the hash of
 * its secret, its role, expiry and uses) that reaches every gateway; a gateway that holds the
 * record checks a joiner's secret against it and signs the membership itself, attaching the
 * admin-signed gateway list that names it as the admin's grant. Each gateway tells the others of
 * every admission, so all of them count the invite's uses.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { ForbiddenError, InvalidInputError } from '../core/errors.js';
import {
  checkInviteRecord,
  checkMembership,
  membershipSchema,
  newInvite,
  signRecord,
  type Invite,
  type InviteRecord,
  type Membership,
  type PeerRecord,
  type Role,
} from '../identity/index.js';
import type { InviteRow } from '../meta/index.js';
import { parseJson, type NetworkState } from './network-state.js';
import { INVITES, MEMBERSHIPS, type JoinAnswer, type JoinRequest } from './protocols.js';

export interface InviteOptions {
  role: Role;
  /** 0: never expires. */
  expiresInSeconds: number;
  uses: number;
}

export interface AdmissionDeps {
  state: NetworkState;
  /** The signed address records to hand a new member, this node's own first. */
  peerRecords(): PeerRecord[];
  /** Sends a record to the connected members that `to` selects. */
  spread(protocol: string, record: unknown, to: (peer: string) => boolean): Promise<number>;
}

export class Admission {
  constructor(private readonly deps: AdmissionDeps) {}

  /** Issues an invite (admins only) and publishes its record to the connected gateways (counted). */
  async issue(gateways: Invite['gateways'], options: InviteOptions): Promise<{ invite: Invite; expiresAt: number; publishedTo: number }> {
    const { state } = this.deps;
    const joined = state.requireJoined();
    if (!joined.membership.body.admin) throw new ForbiddenError('only an admin node can issue invites');
    if (!Number.isInteger(options.uses) || options.uses < 1) throw new InvalidInputError('uses must be a whole number of at least 1');
    const invite = newInvite(joined.descriptor, gateways, options.role);
    const expiresAt = options.expiresInSeconds === 0 ? 0 : Date.now() + options.expiresInSeconds * 1000;
    const body = { network: joined.row.networkId, id: invite.id, secretHash: sha256(invite.secret), role: invite.role, expiresAt, uses: options.uses };
    const record = signRecord(state.key, 'invite', body);
    await state.meta.commit(() => state.meta.network.addInvite(inviteRow(record)));
    const publishedTo = await this.deps.spread(INVITES, [record], (peer) => state.memberRole(peer) === 'gateway');
    return { invite, expiresAt, publishedTo };
  }

  /** The invites that can still admit, for a gateway that just connected. */
  liveInviteRecords(): unknown[] {
    return this.deps.state.meta.network.liveInviteRecords(Date.now()).map((json) => JSON.parse(json) as unknown);
  }

  /** Stores the invite records that verify; the uses counted so far are kept. */
  async receiveInvites(records: InviteRecord[], from: string): Promise<void> {
    const { state } = this.deps;
    const view = state.view();
    const valid = records.filter((record) => {
      const reason = checkInviteRecord(record, view);
      if (reason !== undefined) state.log.warn({ peer: from, invite: record.body.id, reason }, `refused invite record: ${reason}`);
      return reason === undefined;
    });
    if (valid.length === 0) return;
    await state.meta.commit(() => {
      for (const record of valid) state.meta.network.addInvite(inviteRow(record));
    });
    state.log.info({ peer: from, invites: valid.length }, 'received invite records');
  }

  /** Checks an invite and issues the membership; a string is the reason for refusing. */
  async admit(peer: string, request: JoinRequest): Promise<JoinAnswer | string> {
    const { state } = this.deps;
    const joined = state.joined();
    if (joined === undefined) return 'this node belongs to no network';
    const admin = joined.membership.body.admin;
    const gatewayList = state.gatewayList();
    if (gatewayList === undefined) return 'this gateway has no gateway list';
    if (!admin && !(state.ownRole() === 'gateway' && state.isListedGateway())) return 'this node is not a gateway of the network, so it cannot admit';
    const invite = state.meta.network.invite(request.invite);
    if (invite === undefined || !safeEqual(invite.secretHash, sha256(request.secret))) return 'unknown invite or wrong secret';
    if (invite.expiresAt !== 0 && invite.expiresAt <= Date.now()) return 'the invite has expired';
    const body = { network: joined.row.networkId, node: peer, role: invite.role as Role, admin: false, issuedAt: Date.now(), expiresAt: 0, invite: invite.id };
    // A gateway's signature needs the admin's grant beside it; an admin's stands alone.
    const membership: Membership = admin ? signRecord(state.key, 'membership', body) : { ...signRecord(state.key, 'membership', body), grant: gatewayList };
    const { meta } = state;
    // A joiner whose answer was lost may ask again: that takes no second use. Only while the
    // membership held for it is still the one from this invite, so a member whose role an admin
    // changed since cannot undo that by joining again.
    const held = parseJson(membershipSchema, meta.network.peer(peer)?.membership);
    const retried = held?.body.invite === invite.id && meta.network.hasInviteUse(invite.id, peer);
    const admitted = await meta.commit(() => {
      if (!retried && !meta.network.takeInviteUse(invite.id, peer, body.issuedAt)) return false;
      meta.network.recordMember(peer, JSON.stringify(membership), Date.now());
      return true;
    });
    if (!admitted) return 'the invite has been used up';
    state.log.info({ peer, role: body.role, invite: invite.id }, 'admitted a new member');
    void this.deps.spread(MEMBERSHIPS, membership, (member) => member !== peer);
    return { descriptor: joined.descriptor, membership, gatewayList, peerRecords: this.deps.peerRecords() };
  }

  /** A membership another member signed or passed on: kept if it verifies and is newer. */
  async receiveMembership(membership: Membership, from: string): Promise<void> {
    const { state } = this.deps;
    const reason = checkMembership(membership, membership.body.node, state.view());
    if (reason !== undefined) {
      state.log.warn({ peer: from, node: membership.body.node, reason }, `refused membership: ${reason}`);
      return;
    }
    const { meta } = state;
    await meta.commit(() => {
      if (membership.body.invite !== undefined) meta.network.noteInviteUse(membership.body.invite, membership.body.node, membership.body.issuedAt);
      state.recordNewerMembership(membership);
    });
  }
}

function inviteRow(record: InviteRecord): InviteRow {
  const { id, secretHash, role, expiresAt, uses } = record.body;
  return { id, secretHash, role, expiresAt, usesLeft: uses, createdAt: Date.now(), record: JSON.stringify(record) };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function safeEqual(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
