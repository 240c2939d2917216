/**
 * The node's place in a network: creating one (this node becomes founder, admin and first
 * gateway), issuing invites, joining with one, revoking members, and the face the layers above
 * see (verified members, their roles, member-only protocols). The parts live beside it: the hello
 * handshake (handshake.ts), pushed records (record-gossip.ts), dialling members
 * (member-dialer.ts), joining (joining.ts), admission (admission.ts) and roles (roles.ts), all
 * reading what this node holds about its network from NetworkState.
 */
import type { PeerId, Stream } from '@libp2p/interface';
import { z } from 'zod';
import { AlreadyExistsError, ForbiddenError, InvalidInputError, NotFoundError, UnreachableError } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import {
  encodeInvite,
  inviteUrl,
  membershipSchema,
  networkDescriptorSchema,
  networkIdOf,
  revocationSchema,
  signRecord,
  type GatewayList,
  type Membership,
  type NetworkView,
  type NodeKey,
  type PeerRecord,
  type Role,
} from '../identity/index.js';
import type { Meta } from '../meta/index.js';
import { publicMultiaddr } from './addresses.js';
import { Admission, type InviteOptions, type InviteSummary } from './admission.js';
import { Handshake, type MemberHandler, type StreamLimits } from './handshake.js';
import { createHost, type Host } from './host.js';
import { joinWithInvite, serveJoins, type JoinParts } from './joining.js';
import { MemberDialer } from './member-dialer.js';
import { joinWithPassword, servePasswordJoins } from './password-join.js';
import { NetworkState, parseJson, peerRecordOf, type Joined } from './network-state.js';
import { MEMBERSHIPS, PEERS, REVOCATIONS, type HelloMessage } from './protocols.js';
import { RecordGossip } from './record-gossip.js';
import { Roles, type RoleChange } from './roles.js';

export type { MemberHandler } from './handshake.js';
export { publicMultiaddr } from './addresses.js';

export interface NetworkServiceOptions {
  key: NodeKey;
  meta: Meta;
  log: Logger;
  host: string;
  port: number;
  mdns: boolean;
  upnp: boolean;
  listen: boolean;
  relayed: boolean;
}

export interface NetworkPeerStatus {
  node: string;
  role: Role | undefined;
  /** A role it asked for that an admin has not allowed yet. */
  requested: Role | undefined;
  connected: boolean;
  /** When this node last had a verified connection to it (ms since epoch; now while connected). */
  lastSeen: number | undefined;
  addrs: string[];
}

export interface NetworkStatus {
  node: string;
  listen: string[];
  network:
    | {
        id: string;
        name: string;
        founder: string;
        role: Role;
        /** A role this node asked for that an admin has not allowed yet. */
        requested: Role | undefined;
        admin: boolean;
        gateways: { node: string; addrs: string[] }[];
        peers: NetworkPeerStatus[];
      }
    | undefined;
}

export class NetworkService {
  private readonly state: NetworkState;
  private readonly handshake: Handshake;
  private readonly gossip: RecordGossip;
  private readonly dialer: MemberDialer;
  private readonly admission: Admission;
  private readonly roles: Roles;
  private readonly memberListeners: ((node: string) => void)[] = [];
  /** Set once stop() begins: events libp2p raises while it shuts down are not passed on. */
  private stopping = false;
  private peerRecordSeq = Date.now();

  private constructor(
    private readonly options: NetworkServiceOptions,
    private readonly host: Host,
  ) {
    const { log } = options;
    const state = new NetworkState(options.key, options.meta, log);
    this.state = state;
    this.handshake = new Handshake({
      host,
      state,
      log,
      hello: () => this.helloMessage(),
      takeRecords: (peer, hello, view) => this.takeRecords(peer, hello, view),
      welcomed: (peer, presented) => this.welcomed(peer, presented),
      departed: (peer) => this.noteSeen(peer),
    });
    this.gossip = new RecordGossip({
      state,
      log,
      admission: () => this.admission,
      roles: () => this.roles,
      connectedMembers: () => this.connectedMembers(),
      isConnected: (peer) => this.handshake.isVerified(peer),
      openStream: (peer, protocol) => this.openStream(peer, protocol),
      disconnect: (peer, reason) => this.disconnect(peer, reason),
      handleMembers: (protocol, handler, limits) => this.handleMembers(protocol, handler, limits),
    });
    this.dialer = new MemberDialer(host, state, this.handshake);
    this.admission = new Admission({
      state,
      peerRecords: () => [this.ownPeerRecord(state.requireJoined().row.networkId), ...state.memberPeerRecords()],
      spread: (protocol, record, to) => this.gossip.spread(protocol, record, to),
    });
    this.roles = new Roles({
      state,
      ownAddrs: () => this.ownAddrs(),
      spread: (protocol, record) => this.gossip.spread(protocol, record),
      announceOwnRecord: () => void this.gossip.spread(PEERS, this.ownPeerRecord(state.requireJoined().row.networkId)),
      gatewaysAdded: (nodes) => this.gossip.handOnInvites(nodes),
    });
  }

  static async start(options: NetworkServiceOptions): Promise<NetworkService> {
    const { meta } = options;
    // The host exists before the service that knows this node's role.
    const late: { service?: NetworkService } = {};
    const isMember = (peer: PeerId) => {
      const known = meta.network.peer(peer.toString());
      return known?.membership !== undefined && known.revokedAt === undefined;
    };
    const host = await createHost({
      ...options,
      // A gateway relays for members, so that a member without an open port still takes part.
      relaysFor: (peer) => late.service?.role() === 'gateway' && isMember(peer),
      isDenied: (peer) => {
        const revoked = meta.network.peer(peer.toString())?.revokedAt !== undefined;
        if (revoked) options.log.warn({ peer: peer.toString() }, 'refused connection: that member was revoked');
        const blocked = !revoked && meta.faults.isBlocked(peer.toString());
        if (blocked) options.log.warn({ peer: peer.toString() }, 'refused connection: a gateway blocked that node for sending corrupt data');
        return revoked || blocked;
      },
    });
    const service = new NetworkService(options, host);
    late.service = service;
    await service.handshake.start();
    await serveJoins(host, service.admission, service.state);
    await servePasswordJoins(host, service.admission, service.state);
    await service.gossip.start();
    await host.start();
    service.dialer.start();
    return service;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.dialer.stop();
    await this.host.stop();
  }

  get nodeId(): string {
    return this.options.key.nodeId;
  }

  get log(): Logger {
    return this.options.log;
  }

  listenAddrs(): string[] {
    return this.host.getMultiaddrs().map(String);
  }

  status(): NetworkStatus {
    const joined = this.joined();
    const base = { node: this.options.key.nodeId, listen: this.listenAddrs() };
    if (joined === undefined) return { ...base, network: undefined };
    const gateways = this.gatewayList()?.body.gateways ?? [];
    const peers = this.options.meta.network
      .peers()
      .filter((peer) => peer.nodeId !== this.options.key.nodeId && peer.membership !== undefined)
      .map((peer) => ({
        node: peer.nodeId,
        role: this.state.memberRole(peer.nodeId),
        requested: this.roles.pendingOf(peer.nodeId),
        connected: this.handshake.isVerified(peer.nodeId),
        lastSeen: this.handshake.isVerified(peer.nodeId) ? Date.now() : peer.lastSeen,
        addrs: peerRecordOf(peer)?.body.addrs ?? [],
      }));
    const requested = joined.row.requestedRole as Role | undefined;
    return {
      ...base,
      network: {
        id: joined.row.networkId,
        name: joined.descriptor.name,
        founder: joined.descriptor.founder,
        role: this.state.ownRole()!,
        requested: requested !== undefined && requested !== this.state.ownRole() ? requested : undefined,
        admin: joined.membership.body.admin,
        gateways,
        peers,
      },
    };
  }

  /** Founds a network: this node becomes its founder, an admin and its first gateway. */
  async create(name: string, publicAddress: string | undefined): Promise<NetworkStatus> {
    if (this.joined() !== undefined) throw new AlreadyExistsError('this node already belongs to a network');
    const { key, meta } = this.options;
    const descriptor = networkDescriptorSchema.parse({ name, founder: key.nodeId, createdAt: Date.now() });
    const networkId = networkIdOf(descriptor);
    const membership = signRecord(key, 'membership', { network: networkId, node: key.nodeId, role: 'gateway' as Role, admin: true, issuedAt: Date.now(), expiresAt: 0 });
    const publicAddrs = publicAddress === undefined ? undefined : [publicMultiaddr(publicAddress, key.nodeId)];
    const gatewayList = signRecord(key, 'gateway-list', { network: networkId, seq: 1, gateways: [{ node: key.nodeId, addrs: this.ownAddrs(publicAddrs) }] });
    await meta.commit(() => {
      meta.network.create({
        networkId,
        descriptor: JSON.stringify(descriptor),
        membership: JSON.stringify(membership),
        gatewayList: JSON.stringify(gatewayList),
        joinedAt: Date.now(),
        publicAddrs: publicAddrs === undefined ? undefined : JSON.stringify(publicAddrs),
      });
      meta.network.recordMember(key.nodeId, JSON.stringify(membership), Date.now());
    });
    this.log.info({ network: networkId, name }, 'founded network');
    return this.status();
  }

  /**
   * An invite code for the current gateway list; only an admin node can issue one. Its record
   * goes to every gateway, so any of them can admit with it.
   */
  async invite(options: InviteOptions): Promise<{ code: string; url: string; expiresAt: number; publishedTo: number }> {
    const { invite, expiresAt, publishedTo } = await this.admission.issue(this.gatewayList()?.body.gateways ?? [], options);
    const code = encodeInvite(invite);
    return { code, url: inviteUrl(code), expiresAt, publishedTo };
  }

  /** The invites this node holds, newest first, with what is left of each. */
  invites(): InviteSummary[] {
    this.requireJoined();
    return this.admission.list();
  }

  /** Takes an invite back (admins only): refused here at once, and by every gateway the revocation reaches. */
  async revokeInvite(id: string): Promise<{ publishedTo: number }> {
    return this.admission.revoke(id);
  }

  /**
   * Sets the network's password (admins only): a node that knows the network's name and this
   * password can join through any gateway, as `options` allow. It replaces the one before.
   */
  async setPassword(password: string, options: InviteOptions): Promise<{ expiresAt: number; publishedTo: number }> {
    return this.admission.setPassword(password, options);
  }

  /** Joins the network of an invite through any of its gateways that admits this node. */
  async join(code: string): Promise<NetworkStatus & { via: string }> {
    return this.joinWith((parts) => joinWithInvite(parts, code));
  }

  /** Joins a network by its name and password, through the gateway at `gateway` (host:port). */
  async joinByPassword(name: string, gateway: string, password: string): Promise<NetworkStatus & { via: string }> {
    return this.joinWith((parts) => joinWithPassword(parts, name, gateway, password));
  }

  private async joinWith(join: (parts: JoinParts) => Promise<string>): Promise<NetworkStatus & { via: string }> {
    if (this.joined() !== undefined) throw new AlreadyExistsError('this node already belongs to a network');
    const via = await join({ host: this.host, state: this.state, listenAddrs: () => this.listenAddrs() });
    // The join connection is still open: greet over it, so both sides see each other at once.
    for (const connection of this.host.getConnections()) void this.handshake.greet(connection);
    this.dialer.connectToKnownMembers();
    return { ...this.status(), via };
  }

  // -------------------------------------------------------------------------------------------
  // Hello: what this node says, and what it does with what a verified member says.

  private helloMessage(): HelloMessage {
    const joined = this.requireJoined();
    const revocations = this.options.meta.network.revocations().flatMap((json) => parseJson(revocationSchema, json) ?? []);
    return { membership: joined.membership, peerRecord: this.ownPeerRecord(joined.row.networkId), gatewayList: this.gatewayList(), revocations };
  }

  /** Best effort: a record that does not verify is logged and ignored, the peer stays a member. */
  private async takeRecords(peer: string, hello: HelloMessage, view: NetworkView): Promise<void> {
    const { state } = this;
    await this.options.meta.commit(() => {
      state.recordNewerMembership(hello.membership);
      if (hello.peerRecord !== undefined) state.storePeerRecord(hello.peerRecord, view.id);
      if (hello.gatewayList !== undefined) state.storeGatewayList(hello.gatewayList, view);
    });
    if (hello.revocations !== undefined && hello.revocations.length > 0) void this.gossip.storeRevocations(hello.revocations, view, peer);
  }

  /**
   * After a hello: a gateway gets the invites this node can hand on; a member that showed an older
   * membership than the one held for it (it was away when an admin changed its role) gets the
   * newer one; an admin updates the gateway list; the layers above hear of the member.
   */
  private welcomed(peer: string, presented: Membership): void {
    this.noteSeen(peer);
    if (this.memberRole(peer) === 'gateway') this.gossip.handOnInvites([peer]);
    const held = parseJson(membershipSchema, this.options.meta.network.peer(peer)?.membership);
    if (held !== undefined && held.body.issuedAt > presented.body.issuedAt) void this.gossip.spread(MEMBERSHIPS, held, (member) => member === peer);
    void this.roles.reconcileGateways();
    for (const listener of this.memberListeners) {
      try {
        listener(peer);
      } catch (err) {
        this.log.error({ peer, err }, 'member listener failed');
      }
    }
  }

  /** Best effort: a last-seen time that fails to save is only shown older. */
  private noteSeen(peer: string): void {
    if (this.stopping) return;
    const { meta } = this.options;
    meta.commit(() => meta.network.noteSeen(peer, Date.now())).catch((err: unknown) => this.log.debug({ peer, err }, 'could not note when a member was seen'));
  }

  private ownPeerRecord(networkId: string): PeerRecord {
    // Sequence numbers from the clock, so a restarted node's records still replace its old ones.
    this.peerRecordSeq = Math.max(this.peerRecordSeq + 1, Date.now());
    const role = this.joined()?.row.requestedRole as Role | undefined;
    return signRecord(this.options.key, 'peer-record', { network: networkId, node: this.options.key.nodeId, seq: this.peerRecordSeq, addrs: this.ownAddrs(), role });
  }

  /** Where peers reach this node: its public address first, when it was given one. */
  private ownAddrs(publicAddrs = parseJson(addrsSchema, this.joined()?.row.publicAddrs)): string[] {
    return [...(publicAddrs ?? []), ...this.listenAddrs()].slice(0, 16);
  }

  // -------------------------------------------------------------------------------------------
  // What this node holds about its network: see NetworkState.

  private joined(): Joined | undefined {
    return this.state.joined();
  }

  private requireJoined(): Joined {
    return this.state.requireJoined();
  }

  private gatewayList(): GatewayList | undefined {
    return this.state.gatewayList();
  }

  // -------------------------------------------------------------------------------------------
  // For the layers above: protocols that only verified members may use.

  /** Verified members connected now. */
  connectedMembers(): string[] {
    return this.handshake.verifiedMembers();
  }

  /** Dials the gateways and every member whose address record this node holds, unless connected. */
  connectToKnownMembers(): void {
    this.dialer.connectToKnownMembers();
  }

  /** A member's role: the lower of what it asks for and what its membership allows. */
  memberRole(node: string): Role | undefined {
    return this.state.memberRole(node);
  }

  /** This node's role in its network (undefined before it belongs to one). */
  role(): Role | undefined {
    return this.state.ownRole();
  }

  /** `kith role set`: this node asks for a role; an admin can also set another member's. */
  async setRole(role: Role, options: { node?: string; publicAddress?: string }): Promise<RoleChange> {
    if (options.node !== undefined && options.node !== this.nodeId) return this.roles.grant(options.node, role);
    const publicAddrs = options.publicAddress === undefined ? undefined : [publicMultiaddr(options.publicAddress, this.nodeId)];
    return this.roles.request(role, publicAddrs);
  }

  /** The id of this node's network, if it belongs to one. */
  networkId(): string | undefined {
    return this.options.meta.network.get()?.networkId;
  }

  // -------------------------------------------------------------------------------------------
  // Address records, for the network map (net/peer-map.ts).

  /** This node's address record, freshly signed (undefined outside a network). */
  peerRecord(): PeerRecord | undefined {
    const networkId = this.networkId();
    return networkId === undefined ? undefined : this.ownPeerRecord(networkId);
  }

  /** The address records held for members that are neither revoked nor blocked. */
  memberPeerRecords(): PeerRecord[] {
    return this.state.memberPeerRecords();
  }

  /** Stores the records that verify and are newer than those held; returns the ones stored. */
  async storePeerRecords(records: PeerRecord[]): Promise<PeerRecord[]> {
    const networkId = this.networkId();
    if (networkId === undefined) return [];
    const stored = await this.options.meta.commit(() => records.filter((record) => this.state.storePeerRecord(record, networkId)));
    // A record may carry a role request an admin acts on.
    if (stored.length > 0) await this.roles.reconcileGateways();
    return stored;
  }

  /** Called when this node's own addresses change (a relay reservation made or lost, a port mapped). */
  onAddressesChanged(listener: () => void): void {
    // Stopping drops the relay reservation, which changes the addresses once more.
    this.host.addEventListener('self:peer:update', () => {
      if (!this.stopping) listener();
    });
  }

  /** The network as records are checked against it, if this node belongs to one. */
  view(): NetworkView | undefined {
    const joined = this.joined();
    return joined === undefined ? undefined : this.state.viewOf(joined.row.networkId, joined.descriptor.founder);
  }

  /** The node ids of the admin-signed gateway list. */
  gatewayNodes(): string[] {
    return (this.gatewayList()?.body.gateways ?? []).map((gateway) => gateway.node);
  }

  /** Called with a member's node id each time its hello verifies (on connect, from either side). */
  onMemberConnected(listener: (node: string) => void): void {
    this.memberListeners.push(listener);
  }

  /** Serves `protocol` to verified members; anyone else's stream is aborted, with a log line. */
  async handleMembers(protocol: string, handler: MemberHandler, limits: StreamLimits): Promise<void> {
    await this.host.handle(
      protocol,
      async (stream, connection) => {
        const peer = connection.remotePeer.toString();
        if (!(await this.handshake.admits(peer))) {
          this.log.warn({ peer, protocol }, `refused ${protocol} from a peer that is not a verified member`);
          stream.abort(new Error('not a verified member'));
          return;
        }
        await handler(stream, peer);
      },
      limits,
    );
  }

  /** Revokes a member's membership (admins only): every member refuses it from now on. */
  async revoke(node: string): Promise<void> {
    const joined = this.requireJoined();
    if (!joined.membership.body.admin) throw new ForbiddenError('only an admin node can revoke members');
    if (node === this.options.key.nodeId) throw new InvalidInputError('a node cannot revoke itself');
    if (this.options.meta.network.peer(node)?.membership === undefined) throw new NotFoundError(`${node} is not a known member`);
    const revocation = signRecord(this.options.key, 'revocation', { network: joined.row.networkId, node, at: Date.now() });
    await this.options.meta.commit(() => this.options.meta.network.revoke(node, revocation.body.at, JSON.stringify(revocation)));
    this.log.warn({ node }, 'revoked a member');
    await this.disconnect(node, 'its membership was revoked');
    void this.gossip.spread(REVOCATIONS, revocation);
  }

  /** Hangs up on a member and does not call it again until it calls (a peer caught lying). */
  async disconnect(node: string, reason: string): Promise<void> {
    this.log.warn({ peer: node, reason }, `disconnecting from ${node}: ${reason}`);
    this.handshake.forget(node);
    this.dialer.distrust(node);
    for (const connection of this.host.getConnections()) {
      if (connection.remotePeer.toString() === node) await connection.close().catch(() => {});
    }
  }

  /** Opens a stream of `protocol` to a connected, verified member. */
  async openStream(node: string, protocol: string): Promise<Stream> {
    if (!this.handshake.isVerified(node)) throw new UnreachableError(`${node} is not a connected member`);
    const connection = this.host.getConnections().find((c) => c.remotePeer.toString() === node && c.status === 'open');
    if (connection === undefined) throw new UnreachableError(`no open connection to ${node}`);
    return connection.newStream(protocol, { signal: AbortSignal.timeout(10_000) });
  }
}

const addrsSchema = z.array(z.string()).max(16);
