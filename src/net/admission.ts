/**
 * Admission through any gateway. An admin publishes each invite as a signed record (the hash of
 * its secret, its role, expiry and uses) that reaches every gateway; a gateway that holds the
 * record checks a joiner's secret against it and signs the membership itself, attaching the
 * admin-signed gateway list that names it as the admin's grant. Each gateway tells the others of
 * every admission, so all of them count the invite's uses.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../core/errors.js';
import {
  checkInviteRecord,
  checkMembership,
  inviteRecordSchema,
  membershipSchema,
  newInvite,
  newInviteId,
  registerNetworkPassword,
  signRecord,
  type Invite,
  type InviteRecord,
  type Membership,
  type NetworkPassword,
  type PeerRecord,
  type Role,
} from '../identity/index.js';
import type { InviteRow } from '../meta/index.js';
import { parseJson, type Joined, type NetworkState } from './network-state.js';
import { INVITES, MEMBERSHIPS, type JoinAnswer, type JoinRequest } from './protocols.js';

export interface InviteOptions {
  role: Role;
  /** 0: never expires. */
  expiresInSeconds: number;
  uses: number;
}

/** An invite as the control panel lists it; its secret is never held, only its hash. */
export interface InviteSummary {
  id: string;
  role: Role;
  createdAt: number;
  /** 0: never. */
  expiresAt: number;
  uses: number;
  usesLeft: number;
  revokedAt: number | undefined;
  state: 'open' | 'used up' | 'expired' | 'revoked';
}

/** Invites listed at most: far more than an admin issues by hand. */
const MAX_LISTED_INVITES = 500;

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
    const joined = this.requireAdmin('issue invites');
    const invite = newInvite(joined.descriptor, gateways, options.role);
    const { expiresAt, publishedTo } = await this.publish(invite.id, sha256(invite.secret), options);
    return { invite, expiresAt, publishedTo };
  }

  /**
   * Sets the network's password (admins only): anyone who knows the network's name and this
   * password can then join through any gateway, as `options` allow. It replaces the one before.
   */
  async setPassword(password: string, options: InviteOptions): Promise<{ expiresAt: number; publishedTo: number }> {
    const joined = this.requireAdmin('set the network password');
    const registration = await registerNetworkPassword(password, joined.row.networkId);
    // No secret matches this hash: a password invite admits only through the password login.
    return this.publish(newInviteId(), sha256(randomBytes(32).toString('hex')), options, registration);
  }

  /** The invites this node holds, newest first (network passwords are not invites a person hands over). */
  list(): InviteSummary[] {
    const now = Date.now();
    return this.deps.state.meta.network.invites(MAX_LISTED_INVITES).flatMap((row) => {
      const record = parseJson(inviteRecordSchema, row.record);
      if (record?.body.password !== undefined) return [];
      const state = row.revokedAt !== undefined ? 'revoked' : row.expiresAt !== 0 && row.expiresAt <= now ? 'expired' : row.usesLeft === 0 ? 'used up' : 'open';
      const { id, createdAt, expiresAt, usesLeft, revokedAt } = row;
      return [{ id, role: row.role as Role, createdAt, expiresAt, uses: record?.body.uses ?? usesLeft, usesLeft, revokedAt, state }];
    });
  }

  /**
   * Takes an invite back (admins only): this node refuses it at once, and the signed revocation
   * goes to the connected gateways now and to the others when they connect (with the invites).
   */
  async revoke(id: string): Promise<{ publishedTo: number }> {
    this.requireAdmin('revoke invites');
    const { state } = this.deps;
    const row = state.meta.network.invite(id);
    const held = parseJson(inviteRecordSchema, row?.record);
    if (row === undefined || held === undefined || held.body.password !== undefined) throw new NotFoundError(`no invite ${id}`);
    if (row.revokedAt !== undefined) return { publishedTo: 0 };
    const record = signRecord(state.key, 'invite', { ...held.body, revokedAt: Date.now() });
    await state.meta.commit(() => state.meta.network.addInvite(inviteRow(record)));
    state.log.info({ invite: id }, 'revoked an invite');
    return { publishedTo: await this.deps.spread(INVITES, [record], (peer) => state.memberRole(peer) === 'gateway') };
  }

  /** The newest network password the gateways can admit with, if one is live. */
  currentPassword(): { inviteId: string; password: NetworkPassword } | undefined {
    const { state } = this.deps;
    const records = state.meta.network.liveInviteRecords(Date.now()).flatMap((json) => parseJson(inviteRecordSchema, json) ?? []);
    const newest = records.filter((r) => r.body.password !== undefined).sort((a, b) => b.body.password!.issuedAt - a.body.password!.issuedAt)[0];
    return newest === undefined ? undefined : { inviteId: newest.body.id, password: newest.body.password! };
  }

  private requireAdmin(what: string): Joined {
    const joined = this.deps.state.requireJoined();
    if (!joined.membership.body.admin) throw new ForbiddenError(`only an admin node can ${what}`);
    return joined;
  }

  /** Signs an invite record, keeps it, and hands it to the connected gateways. */
  private async publish(id: string, secretHash: string, options: InviteOptions, password?: NetworkPassword): Promise<{ expiresAt: number; publishedTo: number }> {
    const { state } = this.deps;
    if (!Number.isInteger(options.uses) || options.uses < 1) throw new InvalidInputError('uses must be a whole number of at least 1');
    const expiresAt = options.expiresInSeconds === 0 ? 0 : Date.now() + options.expiresInSeconds * 1000;
    const body = { network: state.requireJoined().row.networkId, id, secretHash, role: options.role, expiresAt, uses: options.uses, password };
    const record = signRecord(state.key, 'invite', body);
    await state.meta.commit(() => state.meta.network.addInvite(inviteRow(record)));
    const publishedTo = await this.deps.spread(INVITES, [record], (peer) => state.memberRole(peer) === 'gateway');
    return { expiresAt, publishedTo };
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
    const invite = this.deps.state.meta.network.invite(request.invite);
    if (invite === undefined || !safeEqual(invite.secretHash, sha256(request.secret))) return this.refusalToAdmit() ?? 'unknown invite or wrong secret';
    return this.admitWith(peer, invite);
  }

  /** Issues the membership for a joiner that proved it knows the network's password. */
  async admitByPassword(peer: string, inviteId: string): Promise<JoinAnswer | string> {
    const invite = this.deps.state.meta.network.invite(inviteId);
    if (invite === undefined) return 'the network password was just replaced; try again';
    return this.admitWith(peer, invite);
  }

  /** Why this node cannot admit anyone now, if it cannot. */
  refusalToAdmit(): string | undefined {
    const { state } = this.deps;
    if (state.joined() === undefined) return 'this node belongs to no network';
    if (state.gatewayList() === undefined) return 'this gateway has no gateway list';
    if (!state.isAdmin() && !(state.ownRole() === 'gateway' && state.isListedGateway())) return 'this node is not a gateway of the network, so it cannot admit';
    return undefined;
  }

  private async admitWith(peer: string, invite: InviteRow): Promise<JoinAnswer | string> {
    const refusal = this.refusalToAdmit();
    if (refusal !== undefined) return refusal;
    if (invite.revokedAt !== undefined) return 'the invite was revoked';
    if (invite.expiresAt !== 0 && invite.expiresAt <= Date.now()) return 'the invite has expired';
    const { state } = this.deps;
    const joined = state.requireJoined();
    const gatewayList = state.gatewayList()!;
    const admin = joined.membership.body.admin;
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
  const { id, secretHash, role, expiresAt, uses, revokedAt } = record.body;
  return { id, secretHash, role, expiresAt, usesLeft: uses, createdAt: Date.now(), record: JSON.stringify(record), revokedAt };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function safeEqual(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
