/**
 * Roles by configuration. A member's role is the lower of what it asks for (`kith role set`, in
 * its own signed peer record) and what an admin allows (its membership). So any member can step
 * down by itself at once, and steps up only as far as an admin agreed: at the invite, or later
 * with `kith role set ROLE --node NODE` on an admin, which signs it a new membership. An admin
 * keeps the signed gateway list naming exactly the members whose role is gateway.
 */
import { ForbiddenError, NotFoundError } from '../core/errors.js';
import { canonicalJson, checkMembership, isAbove, membershipSchema, signRecord, type Gateways, type Membership, type Role } from '../identity/index.js';
import { parseJson, peerRecordOf, type NetworkState } from './network-state.js';
import { GATEWAYS, MEMBERSHIPS } from './protocols.js';

export interface RoleChange {
  node: string;
  /** The role before and after the change. */
  was: Role;
  role: Role;
  /** Set when the node asks for more than its membership allows: an admin must agree. */
  pending: Role | undefined;
}

export interface RolesDeps {
  state: NetworkState;
  /** The addresses this node advertises (its public address first, when it has one). */
  ownAddrs(): string[];
  /** Sends a record to every connected member. */
  spread(protocol: string, record: unknown): Promise<number>;
  /** Tells connected members this node's new peer record. */
  announceOwnRecord(): void;
  /** Members the gateway list now names that it did not before. */
  gatewaysAdded(nodes: string[]): void;
}

export class Roles {
  private reconciling: Promise<void> = Promise.resolve();

  constructor(private readonly deps: RolesDeps) {}

  /** `kith role set ROLE`: the role this node asks for, and where it can be reached. */
  async request(role: Role, publicAddrs: string[] | undefined): Promise<RoleChange> {
    const { state } = this.deps;
    const joined = state.requireJoined();
    const was = state.ownRole()!;
    await state.meta.commit(() => state.meta.network.setRequest(role, publicAddrs === undefined ? undefined : JSON.stringify(publicAddrs)));
    state.forget();
    const now = state.ownRole()!;
    const pending = isAbove(role, joined.membership.body.role) ? role : undefined;
    state.log.info({ was, role: now, pending }, pending === undefined ? 'role changed' : `asked for the ${pending} role; an admin must allow it`);
    this.deps.announceOwnRecord();
    await this.reconcileGateways();
    return { node: state.key.nodeId, was, role: now, pending };
  }

  /** `kith role set ROLE --node NODE` on an admin: signs the member a membership for that role. */
  async grant(node: string, role: Role): Promise<RoleChange> {
    const { state } = this.deps;
    const joined = state.requireJoined();
    if (!joined.membership.body.admin) throw new ForbiddenError('only an admin node can set the role of another node');
    const peer = state.meta.network.peer(node);
    if (peer?.membership === undefined || peer.revokedAt !== undefined) throw new NotFoundError(`${node} is not a member`);
    const was = state.memberRole(node)!;
    const body = { network: joined.row.networkId, node, role, admin: false, issuedAt: Date.now(), expiresAt: 0 };
    const membership = signRecord(state.key, 'membership', body);
    await state.meta.commit(() => state.recordNewerMembership(membership));
    void this.deps.spread(MEMBERSHIPS, membership);
    const now = state.memberRole(node)!;
    const asked = peerRecordOf(state.meta.network.peer(node))?.body.role;
    state.log.info({ node, was, role: now }, `allowed ${node} the ${role} role`);
    await this.reconcileGateways();
    return { node, was, role: now, pending: asked !== undefined && isAbove(asked, role) ? asked : undefined };
  }

  /** A membership for this node itself, pushed by an admin: what it may be has changed. */
  async adopt(membership: Membership, from: string): Promise<void> {
    const { state } = this.deps;
    const joined = state.requireJoined();
    const reason = checkMembership(membership, state.key.nodeId, state.view()) ?? (membership.body.admin !== joined.membership.body.admin ? 'it would change whether this node is an admin' : undefined);
    if (reason !== undefined) {
      state.log.warn({ peer: from, reason }, `refused a new membership for this node: ${reason}`);
      return;
    }
    if (membership.body.issuedAt <= joined.membership.body.issuedAt) return;
    await state.meta.commit(() => state.meta.network.setMembership(JSON.stringify(membership)));
    state.forget();
    state.log.info({ by: membership.signer, allows: membership.body.role, role: state.ownRole() }, `an admin now allows this node the ${membership.body.role} role`);
  }

  /** The role this node asks for beyond what it is allowed, if any (shown as pending). */
  pendingOf(node: string): Role | undefined {
    const { state } = this.deps;
    const row = state.meta.network.peer(node);
    const membership = parseJson(membershipSchema, row?.membership);
    const asked = peerRecordOf(row)?.body.role;
    return membership !== undefined && asked !== undefined && isAbove(asked, membership.body.role) ? asked : undefined;
  }

  /**
   * On an admin: signs and pushes a new gateway list when the members whose role is gateway, or
   * their addresses, changed. One at a time, so two changes never sign two lists of one seq.
   */
  reconcileGateways(): Promise<void> {
    this.reconciling = this.reconciling.then(() => this.reconcileOnce()).catch((err: unknown) => this.deps.state.log.error({ err }, 'could not update the gateway list'));
    return this.reconciling;
  }

  private async reconcileOnce(): Promise<void> {
    const { state } = this.deps;
    const current = state.gatewayList();
    if (!state.isAdmin() || current === undefined) return;
    const gateways = this.wantedGateways(current.body.gateways);
    if (canonicalJson(gateways) === canonicalJson(current.body.gateways)) return;
    const list = signRecord(state.key, 'gateway-list', { network: current.body.network, seq: current.body.seq + 1, gateways });
    await state.meta.commit(() => state.meta.network.setGatewayList(JSON.stringify(list)));
    state.log.info({ seq: list.body.seq, gateways: gateways.map((g) => g.node) }, 'gateway list changed');
    void this.deps.spread(GATEWAYS, list);
    this.deps.gatewaysAdded(gateways.map((g) => g.node).filter((node) => !current.body.gateways.some((g) => g.node === node)));
  }

  /** Every member whose role is gateway, with its addresses; in the current list's order first. */
  private wantedGateways(current: Gateways): Gateways {
    const { state } = this.deps;
    const wanted = new Map<string, string[]>();
    if (state.ownRole() === 'gateway') wanted.set(state.key.nodeId, this.deps.ownAddrs());
    for (const row of state.meta.network.peers()) {
      const addrs = peerRecordOf(row)?.body.addrs ?? [];
      if (row.nodeId === state.key.nodeId || row.revokedAt !== undefined || addrs.length === 0) continue;
      if (state.memberRole(row.nodeId) === 'gateway') wanted.set(row.nodeId, addrs);
    }
    const order = (node: string) => {
      const index = current.findIndex((g) => g.node === node);
      return index === -1 ? current.length : index;
    };
    return [...wanted].sort(([a], [b]) => order(a) - order(b)).map(([node, addrs]) => ({ node, addrs: addrs.slice(0, 16) }));
  }
}

