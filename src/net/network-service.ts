/**
 * The node's place in a network: creating one (this node becomes founder, admin and first
 * gateway), issuing invites, joining with one, and the hello handshake that every connection
 * between members starts with. Admission (admission.ts) and roles (roles.ts) live beside it and
 * reach the network through it. A peer that is not a member, or whose records do not verify, gets a
 * refusal and the connection is closed; the log line says why.
 */
import type { Connection, PeerId, Stream } from '@libp2p/interface';
import { multiaddr } from '@multiformats/multiaddr';
import { z } from 'zod';
import { AlreadyExistsError, ForbiddenError, InvalidInputError, NotFoundError, UnreachableError } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import {
  checkGatewayList,
  checkMembership,
  checkPeerRecord,
  checkRevocation,
  decodeInvite,
  encodeInvite,
  gatewayListSchema,
  inviteUrl,
  membershipSchema,
  networkDescriptorSchema,
  networkIdOf,
  peerRecordSchema,
  revocationSchema,
  signRecord,
  type GatewayList,
  type Membership,
  type NetworkView,
  type NodeKey,
  type PeerRecord,
  type Revocation,
  type Role,
} from '../identity/index.js';
import type { Meta } from '../meta/index.js';
import { Admission, type InviteOptions } from './admission.js';
import { createHost, type Host } from './host.js';
import { NetworkState, parseJson, peerRecordOf, type Joined } from './network-state.js';
import {
  GATEWAYS,
  HELLO,
  helloMessage,
  helloReply,
  INVITES,
  invitesMessage,
  JOIN,
  MEMBERSHIPS,
  PEERS,
  REVOCATIONS,
  joinReply,
  joinRequest,
  refusal,
  type HelloMessage,
} from './protocols.js';
import { Roles, type RoleChange } from './roles.js';
import { messageChannel, type MessageChannel } from './wire.js';

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

/** Members this node greets at start and keeps trying to reach. */
const MAX_DIALS_AT_START = 32;
const RECONNECT_INTERVAL_MS = 15_000;
/** How long a refused peer's connection stays open for the refusal to reach it. */
const REFUSAL_LINGER_MS = 500;
/** An inbound connection that has not said hello (or join) by then is closed. */
const HELLO_DEADLINE_MS = 20_000;

export class NetworkService {
  /** Members whose hello verified, by node id. */
  private readonly verified = new Set<string>();
  private readonly greeting = new Map<string, Promise<void>>();
  private readonly memberListeners: ((node: string) => void)[] = [];
  private readonly state: NetworkState;
  private readonly admission: Admission;
  private readonly roles: Roles;
  /** Set once stop() begins: events libp2p raises while it shuts down are not passed on. */
  private stopping = false;
  /** Members this node stopped calling (until restart): see disconnect(). */
  private readonly distrusted = new Set<string>();
  private reconnectTimer: NodeJS.Timeout | undefined;
  private peerRecordSeq = Date.now();

  private constructor(
    private readonly options: NetworkServiceOptions,
    private readonly host: Host,
  ) {
    this.state = new NetworkState(options.key, options.meta, options.log);
    this.admission = new Admission({
      state: this.state,
      peerRecords: () => this.knownPeerRecords(),
      spread: (protocol, record, to) => this.spread(protocol, record, to),
    });
    this.roles = new Roles({
      state: this.state,
      ownAddrs: () => this.ownAddrs(),
      spread: (protocol, record) => this.spread(protocol, record),
      announceOwnRecord: () => void this.spread(PEERS, this.ownPeerRecord(this.requireJoined().row.networkId)),
      gatewaysAdded: (nodes) => this.handOnInvites(nodes),
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
    await service.registerProtocols();
    await host.start();
    service.watchConnections();
    service.dialDiscoveredMembers();
    service.connectToKnownMembers();
    service.reconnectTimer = setInterval(() => service.connectToKnownMembers(), RECONNECT_INTERVAL_MS);
    service.reconnectTimer.unref();
    return service;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.reconnectTimer);
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
        connected: this.verified.has(peer.nodeId),
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

  /**
   * Joins the network of an invite through the first of its gateways that admits this node. A
   * gateway that refuses may only lack the invite's record yet, so the others are asked too; if
   * none admits, the error lists what each answered.
   */
  async join(code: string): Promise<NetworkStatus & { via: string }> {
    if (this.joined() !== undefined) throw new AlreadyExistsError('this node already belongs to a network');
    const invite = decodeInvite(code);
    const answers: string[] = [];
    let refused = false;
    for (const gateway of invite.gateways) {
      const answer = await this.tryGateway(gateway, invite);
      if (answer === undefined) return { ...this.status(), via: gateway.node };
      answers.push(`gateway ${gateway.node} ${answer.message}`);
      refused ||= answer.refused;
    }
    const message = `no gateway of the invite admitted this node: ${answers.join('; ')}`;
    throw refused ? new ForbiddenError(message) : new UnreachableError(message);
  }

  /** Tries each address of one gateway; undefined once it admitted this node. */
  private async tryGateway(gateway: { node: string; addrs: string[] }, invite: ReturnType<typeof decodeInvite>): Promise<{ message: string; refused: boolean } | undefined> {
    const unreachable: string[] = [];
    for (const addr of gateway.addrs) {
      try {
        await this.joinThrough(addr, gateway.node, invite);
        return undefined;
      } catch (err) {
        if (err instanceof ForbiddenError || err instanceof InvalidInputError) return { message: err.message, refused: true };
        unreachable.push(`${addr}: ${(err as Error).message}`);
      }
    }
    return { message: `did not answer (${unreachable.join('; ')})`, refused: false };
  }

  private async joinThrough(addr: string, gatewayNode: string, invite: ReturnType<typeof decodeInvite>): Promise<void> {
    const target = multiaddr(addr.includes('/p2p/') ? addr : `${addr}/p2p/${gatewayNode}`);
    const stream = await this.host.dialProtocol(target, JOIN, { signal: AbortSignal.timeout(10_000) });
    const channel = messageChannel(stream);
    await channel.write({ invite: invite.id, secret: invite.secret, addrs: this.listenAddrs() });
    const reply = await channel.read(joinReply);
    await stream.close().catch(() => {});
    if ('error' in reply) throw new ForbiddenError(`refused the invite: ${reply.error.message}`);
    if (networkIdOf(reply.descriptor) !== invite.networkId) throw new InvalidInputError('answered for another network');
    const view = this.viewOf(invite.networkId, reply.descriptor.founder);
    const bad = checkMembership(reply.membership, this.options.key.nodeId, view) ?? checkGatewayList(reply.gatewayList, view, undefined);
    if (bad !== undefined) throw new InvalidInputError(`gave an answer that does not verify: ${bad}`);
    const { meta } = this.options;
    await meta.commit(() => {
      meta.network.create({
        networkId: invite.networkId,
        descriptor: JSON.stringify(reply.descriptor),
        membership: JSON.stringify(reply.membership),
        gatewayList: JSON.stringify(reply.gatewayList),
        joinedAt: Date.now(),
      });
      for (const record of reply.peerRecords) this.storePeerRecord(record, invite.networkId);
    });
    this.log.info({ network: invite.networkId, via: gatewayNode }, 'joined network');
    // The join connection is still open: greet over it, so both sides see each other at once.
    for (const connection of this.host.getConnections()) void this.greet(connection);
    this.connectToKnownMembers();
  }

  // -------------------------------------------------------------------------------------------
  // Protocol handlers.

  private async registerProtocols(): Promise<void> {
    await this.host.handle(HELLO, (stream, connection) => this.onHello(stream, connection), { maxInboundStreams: 2, maxOutboundStreams: 2 });
    await this.host.handle(JOIN, (stream, connection) => this.onJoin(stream, connection), ONE_STREAM);
    await this.handleMembers(GATEWAYS, (stream, peer) => this.onGateways(stream, peer), ONE_STREAM);
    await this.handleMembers(REVOCATIONS, (stream, peer) => this.onRevocation(stream, peer), ONE_STREAM);
    await this.handleMembers(INVITES, async (stream, peer) => this.admission.receiveInvites(await readOnce(stream, invitesMessage), peer), ONE_STREAM);
    await this.handleMembers(MEMBERSHIPS, (stream, peer) => this.onMembership(stream, peer), ONE_STREAM);
    await this.handleMembers(PEERS, (stream, peer) => this.onPeerRecord(stream, peer), ONE_STREAM);
  }

  private async onMembership(stream: Stream, peer: string): Promise<void> {
    const membership = await readOnce(stream, membershipSchema);
    if (membership.body.node === this.nodeId) await this.roles.adopt(membership, peer);
    else await this.admission.receiveMembership(membership, peer);
    await this.roles.reconcileGateways();
  }

  private async onPeerRecord(stream: Stream, peer: string): Promise<void> {
    const record = await readOnce(stream, peerRecordSchema);
    this.log.debug({ peer, node: record.body.node, role: record.body.role }, 'received a peer record');
    await this.options.meta.commit(() => this.storePeerRecord(record, this.requireJoined().row.networkId));
    await this.roles.reconcileGateways();
  }

  private async onHello(stream: Stream, connection: Connection): Promise<void> {
    const peer = connection.remotePeer.toString();
    const channel = messageChannel(stream);
    try {
      const hello = await channel.read(helloMessage);
      const joined = this.joined();
      const reason = joined === undefined ? 'this node belongs to no network' : await this.acceptHello(peer, hello, joined);
      if (reason !== undefined) {
        await this.refuse(connection, stream, channel, reason);
        return;
      }
      await channel.write(this.helloMessage());
      await stream.close();
      this.afterHello(peer, hello.membership);
      this.announceMember(peer);
    } catch (err) {
      this.log.warn({ peer, err: (err as Error).message }, 'hello failed; closing the connection');
      await connection.close().catch(() => {});
    }
  }

  private async onJoin(stream: Stream, connection: Connection): Promise<void> {
    const peer = connection.remotePeer.toString();
    const channel = messageChannel(stream);
    try {
      const request = await channel.read(joinRequest);
      const result = await this.admission.admit(peer, request);
      if (typeof result === 'string') {
        await this.refuse(connection, stream, channel, result);
        return;
      }
      await channel.write(result);
      await stream.close();
    } catch (err) {
      this.log.warn({ peer, err: (err as Error).message }, 'join failed; closing the connection');
      await connection.close().catch(() => {});
    }
  }

  /** Sends a signed record to the connected members `to` selects (all by default); resolves with how many took it. */
  private async spread(protocol: string, record: unknown, to: (peer: string) => boolean = () => true): Promise<number> {
    const sent = await Promise.all(
      this.connectedMembers()
        .filter(to)
        .map(async (peer) => {
          try {
            const stream = await this.openStream(peer, protocol);
            await messageChannel(stream).write(record);
            await stream.close();
            return true;
          } catch (err) {
            this.log.debug({ peer, protocol, err: (err as Error).message }, 'could not send a record');
            return false;
          }
        }),
    );
    return sent.filter(Boolean).length;
  }

  private async onRevocation(stream: Stream, peer: string): Promise<void> {
    const revocation = await readOnce(stream, revocationSchema);
    const joined = this.requireJoined();
    await this.storeRevocations([revocation], this.viewOf(joined.row.networkId, joined.descriptor.founder), peer);
  }

  /** Stores the revocations that verify and are new, and hangs up on the members they revoke. */
  private async storeRevocations(revocations: Revocation[], view: NetworkView, from: string): Promise<void> {
    const { meta } = this.options;
    const fresh = revocations.filter((r) => meta.network.peer(r.body.node)?.revokedAt === undefined);
    const valid = fresh.filter((r) => {
      const reason = checkRevocation(r, view);
      if (reason !== undefined) this.log.warn({ peer: from, node: r.body.node, reason }, `refused revocation: ${reason}`);
      return reason === undefined;
    });
    if (valid.length === 0) return;
    await meta.commit(() => {
      for (const r of valid) meta.network.revoke(r.body.node, r.body.at, JSON.stringify(r));
    });
    for (const r of valid) {
      if (r.body.node === this.options.key.nodeId) this.log.error('this node\'s membership was revoked by an admin');
      else if (this.verified.has(r.body.node)) await this.disconnect(r.body.node, 'its membership was revoked');
    }
  }

  private async onGateways(stream: Stream, peer: string): Promise<void> {
    const list = await readOnce(stream, gatewayListSchema);
    const joined = this.requireJoined();
    const view = this.viewOf(joined.row.networkId, joined.descriptor.founder);
    const before = this.listedGateways();
    await this.options.meta.commit(() => this.storeGatewayList(list, view));
    this.log.info({ peer, seq: list.body.seq }, 'received a gateway list');
    this.handOnInvites(this.listedGateways().filter((node) => !before.includes(node)));
  }

  private listedGateways(): string[] {
    return this.gatewayList()?.body.gateways.map((g) => g.node) ?? [];
  }

  /** Hands the invites this node holds to gateways (connected now), so they too can admit. */
  private handOnInvites(gateways: string[]): void {
    const invites = this.admission.liveInviteRecords();
    if (invites.length > 0 && gateways.length > 0) void this.spread(INVITES, invites, (member) => gateways.includes(member));
  }

  /**
   * Tells the peer why, then hangs up. The stream is closed first and the connection a moment
   * later: closing the connection at once can reset the stream before the refusal arrives.
   */
  private async refuse(connection: Connection, stream: Stream, channel: MessageChannel, reason: string): Promise<void> {
    this.log.warn({ peer: connection.remotePeer.toString(), reason }, `refused peer: ${reason}`);
    await channel.write(refusal('E_FORBIDDEN', reason)).catch(() => {});
    await stream.close().catch(() => {});
    setTimeout(() => void connection.close().catch(() => {}), REFUSAL_LINGER_MS).unref();
  }

  // -------------------------------------------------------------------------------------------
  // Hello: both sides prove membership; records they carry are stored if they verify.

  private watchConnections(): void {
    this.host.addEventListener('connection:open', (event) => {
      const connection = event.detail;
      if (connection.direction === 'outbound') void this.greet(connection);
      else this.closeIfSilent(connection);
    });
    this.host.addEventListener('peer:disconnect', (event) => {
      const peer = event.detail.toString();
      if (this.host.getConnections(event.detail).length === 0) this.verified.delete(peer);
    });
  }

  private closeIfSilent(connection: Connection): void {
    const timer = setTimeout(() => {
      const peer = connection.remotePeer.toString();
      if (!this.verified.has(peer) && connection.status === 'open') {
        this.log.info({ peer }, 'closing a connection that never said hello');
        void connection.close().catch(() => {});
      }
    }, HELLO_DEADLINE_MS);
    timer.unref();
  }

  /** Says hello on an outbound connection; one greeting per peer at a time. */
  private greet(connection: Connection): Promise<void> {
    const peer = connection.remotePeer.toString();
    const running = this.greeting.get(peer);
    if (running !== undefined) return running;
    const greeting = this.sayHello(connection).finally(() => this.greeting.delete(peer));
    this.greeting.set(peer, greeting);
    return greeting;
  }

  private async sayHello(connection: Connection): Promise<void> {
    const joined = this.joined();
    const peer = connection.remotePeer.toString();
    if (joined === undefined || this.verified.has(peer)) return;
    try {
      const stream = await connection.newStream(HELLO, { signal: AbortSignal.timeout(10_000) });
      const channel = messageChannel(stream);
      await channel.write(this.helloMessage());
      const reply = await channel.read(helloReply);
      await stream.close().catch(() => {});
      if ('error' in reply) {
        this.log.warn({ peer, reason: reply.error.message }, `peer refused our hello: ${reply.error.message}`);
        await connection.close().catch(() => {});
        return;
      }
      const reason = await this.acceptHello(peer, reply, joined);
      if (reason !== undefined) {
        this.log.warn({ peer, reason }, `refused peer: ${reason}`);
        await connection.close().catch(() => {});
        return;
      }
      this.afterHello(peer, reply.membership);
      this.announceMember(peer);
    } catch (err) {
      this.log.debug({ peer, err: (err as Error).message }, 'hello did not complete');
    }
  }

  /** Verifies a peer's hello; stores what it carries. Returns the reason to refuse, if any. */
  private async acceptHello(peer: string, hello: HelloMessage, joined: Joined): Promise<string | undefined> {
    const view = this.viewOf(joined.row.networkId, joined.descriptor.founder);
    const reason = checkMembership(hello.membership, peer, view);
    if (reason !== undefined) return reason;
    const { meta } = this.options;
    this.verified.add(peer);
    // Best effort: a record that does not verify is logged and ignored, the peer stays a member.
    await meta.commit(() => {
      this.state.recordNewerMembership(hello.membership);
      if (hello.peerRecord !== undefined) this.storePeerRecord(hello.peerRecord, joined.row.networkId);
      if (hello.gatewayList !== undefined) this.storeGatewayList(hello.gatewayList, view);
    });
    if (hello.revocations !== undefined && hello.revocations.length > 0) void this.storeRevocations(hello.revocations, view, peer);
    this.log.info({ peer, role: this.memberRole(peer) }, 'member connected');
    return undefined;
  }

  /**
   * After a hello: a gateway gets the invites this node can hand on; a member that showed an older
   * membership than the one held for it (it was away when an admin changed its role) gets the
   * newer one; an admin updates the gateway list.
   */
  private afterHello(peer: string, presented: Membership): void {
    if (this.memberRole(peer) === 'gateway') this.handOnInvites([peer]);
    const held = parseJson(membershipSchema, this.options.meta.network.peer(peer)?.membership);
    if (held !== undefined && held.body.issuedAt > presented.body.issuedAt) void this.spread(MEMBERSHIPS, held, (member) => member === peer);
    void this.roles.reconcileGateways();
  }

  private announceMember(peer: string): void {
    for (const listener of this.memberListeners) {
      try {
        listener(peer);
      } catch (err) {
        this.log.error({ peer, err }, 'member listener failed');
      }
    }
  }

  private helloMessage(): HelloMessage {
    const joined = this.requireJoined();
    const revocations = this.options.meta.network.revocations().flatMap((json) => parseJson(revocationSchema, json) ?? []);
    return { membership: joined.membership, peerRecord: this.ownPeerRecord(joined.row.networkId), gatewayList: this.gatewayList(), revocations };
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

  private knownPeerRecords(): PeerRecord[] {
    return [this.ownPeerRecord(this.requireJoined().row.networkId), ...this.memberPeerRecords()];
  }

  /** Runs inside a commit; true if the record was stored (it verified and is newer than the one held). */
  private storePeerRecord(record: PeerRecord, networkId: string): boolean {
    if (record.body.node === this.options.key.nodeId) return false;
    const current = this.options.meta.network.peer(record.body.node)?.recordSeq;
    const reason = checkPeerRecord(record, networkId, current);
    if (reason === undefined) this.options.meta.network.recordPeerRecord(record.body.node, JSON.stringify(record), record.body.seq);
    else if (current === undefined || record.body.seq > current) this.log.warn({ node: record.body.node, signer: record.signer, reason }, `refused peer record: ${reason}`);
    return reason === undefined;
  }

  /** Runs inside a commit. */
  private storeGatewayList(list: GatewayList, view: NetworkView): void {
    const current = this.gatewayList()?.body.seq;
    const reason = checkGatewayList(list, view, current);
    if (reason === undefined) this.options.meta.network.setGatewayList(JSON.stringify(list));
    else if (current === undefined || list.body.seq > current) this.log.warn({ signer: list.signer, reason }, `refused gateway list: ${reason}`);
  }

  /** Dials the gateways and every member whose address record this node holds, unless connected. */
  connectToKnownMembers(): void {
    const joined = this.joined();
    if (joined === undefined) return;
    const targets = new Map<string, string[]>();
    for (const gateway of this.gatewayList()?.body.gateways ?? []) targets.set(gateway.node, gateway.addrs);
    for (const row of this.options.meta.network.peers()) {
      const record = parseJson(peerRecordSchema, row.peerRecord);
      if (record !== undefined && row.revokedAt === undefined) targets.set(row.nodeId, [...(targets.get(row.nodeId) ?? []), ...record.body.addrs]);
    }
    targets.delete(this.options.key.nodeId);
    for (const node of this.distrusted) targets.delete(node);
    for (const node of targets.keys()) if (this.options.meta.faults.isBlocked(node)) targets.delete(node);
    let dials = 0;
    for (const [node, addrs] of targets) {
      if (this.verified.has(node) || dials++ >= MAX_DIALS_AT_START) continue;
      void this.dialMember(node, addrs);
    }
  }

  /** A member found on the LAN (by mDNS) is dialled there; anyone else found is left alone. */
  private dialDiscoveredMembers(): void {
    this.host.addEventListener('peer:discovery', (event) => {
      const node = event.detail.id.toString();
      const known = this.options.meta.network.peer(node);
      if (known?.membership === undefined || known.revokedAt !== undefined || this.verified.has(node)) return;
      this.host.dial(event.detail.multiaddrs).catch((err: unknown) => this.options.log.debug({ peer: node, err: (err as Error).message }, 'could not reach a member found on the LAN'));
    });
  }

  private async dialMember(node: string, addrs: string[]): Promise<void> {
    const targets = addrs.map((addr) => multiaddr(addr.includes('/p2p/') ? addr : `${addr}/p2p/${node}`));
    try {
      const connection = await this.host.dial(targets, { signal: AbortSignal.timeout(10_000) });
      await this.greet(connection);
    } catch (err) {
      this.log.debug({ node, err: (err as Error).message }, 'member not reachable now');
    }
  }

  // -------------------------------------------------------------------------------------------

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

  private viewOf(networkId: string, founder: string): NetworkView {
    return this.state.viewOf(networkId, founder);
  }

  // -------------------------------------------------------------------------------------------
  // For the layers above: protocols that only verified members may use.

  /** Verified members connected now. */
  connectedMembers(): string[] {
    return [...this.verified.keys()];
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
    return this.options.meta.network
      .peers()
      // A node a gateway blocked for sending corrupt data is not handed out.
      .filter((row) => row.revokedAt === undefined && !this.options.meta.faults.isBlocked(row.nodeId))
      .flatMap((row) => peerRecordOf(row) ?? []);
  }

  /** Stores the records that verify and are newer than those held; returns the ones stored. */
  async storePeerRecords(records: PeerRecord[]): Promise<PeerRecord[]> {
    const networkId = this.networkId();
    if (networkId === undefined) return [];
    const stored = await this.options.meta.commit(() => records.filter((record) => this.storePeerRecord(record, networkId)));
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
    return joined === undefined ? undefined : this.viewOf(joined.row.networkId, joined.descriptor.founder);
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
  async handleMembers(protocol: string, handler: MemberHandler, limits: { maxInboundStreams: number; maxOutboundStreams: number }): Promise<void> {
    await this.host.handle(
      protocol,
      async (stream, connection) => {
        const peer = connection.remotePeer.toString();
        // The peer may open streams as soon as it has our reply, before our side of its hello ends.
        await this.greeting.get(peer);
        if (!this.verified.has(peer)) {
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
    void this.spread(REVOCATIONS, revocation);
  }

  /** Hangs up on a member and does not call it again until it calls (a peer caught lying). */
  async disconnect(node: string, reason: string): Promise<void> {
    this.log.warn({ peer: node, reason }, `disconnecting from ${node}: ${reason}`);
    this.verified.delete(node);
    this.distrusted.add(node);
    for (const connection of this.host.getConnections()) {
      if (connection.remotePeer.toString() === node) await connection.close().catch(() => {});
    }
  }

  /** Opens a stream of `protocol` to a connected, verified member. */
  async openStream(node: string, protocol: string): Promise<Stream> {
    if (!this.verified.has(node)) throw new UnreachableError(`${node} is not a connected member`);
    const connection = this.host.getConnections().find((c) => c.remotePeer.toString() === node && c.status === 'open');
    if (connection === undefined) throw new UnreachableError(`no open connection to ${node}`);
    return connection.newStream(protocol, { signal: AbortSignal.timeout(10_000) });
  }
}

export type MemberHandler = (stream: Stream, peer: string) => Promise<void>;

const addrsSchema = z.array(z.string()).max(16);

const ONE_STREAM = { maxInboundStreams: 1, maxOutboundStreams: 1 };

/** Reads the one message a pushed record's stream carries, and closes it. */
async function readOnce<T extends z.ZodTypeAny>(stream: Stream, schema: T): Promise<z.infer<T>> {
  const message = await messageChannel(stream).read(schema);
  await stream.close().catch(() => {});
  return message;
}

/** "host:port" as the multiaddr peers dial: ip4, ip6 ("[::1]:4100") or a DNS name. */
export function publicMultiaddr(hostPort: string, nodeId: string): string {
  const match = /^(?:\[([0-9a-fA-F:]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(hostPort);
  const port = Number(match?.[3]);
  if (match === null || port < 1 || port > 65535) throw new InvalidInputError(`public address must be host:port, not "${hostPort}"`);
  const host = match[1] ?? match[2]!;
  const proto = match[1] !== undefined ? 'ip6' : /^\d{1,3}(\.\d{1,3}){3}$/.test(host) ? 'ip4' : 'dns';
  return `/${proto}/${host}/tcp/${port}/p2p/${nodeId}`;
}


