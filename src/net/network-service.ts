/**
 * The node's place in a network: creating one (this node becomes founder, admin and first
 * gateway), issuing invites, joining with one, and the hello handshake that every connection
 * between members starts with. A peer that is not a member, or whose records do not verify, gets a
 * refusal and the connection is closed; the log line says why.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Connection, PeerId, Stream } from '@libp2p/interface';
import { multiaddr } from '@multiformats/multiaddr';
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
  newInvite,
  peerRecordSchema,
  revocationSchema,
  signRecord,
  type GatewayList,
  type Membership,
  type NetworkDescriptor,
  type NetworkView,
  type NodeKey,
  type PeerRecord,
  type Revocation,
  type Role,
} from '../identity/index.js';
import type { Meta, NetworkRow } from '../meta/index.js';
import { createHost, type Host } from './host.js';
import { GATEWAYS, HELLO, helloMessage, helloReply, JOIN, REVOCATIONS, joinReply, joinRequest, refusal, type HelloMessage } from './protocols.js';
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
        admin: boolean;
        gateways: { node: string; addrs: string[] }[];
        peers: NetworkPeerStatus[];
      }
    | undefined;
}

export interface InviteOptions {
  role: Role;
  /** 0: never expires. */
  expiresInSeconds: number;
  uses: number;
}

/** Members this node greets at start and keeps trying to reach. */
const MAX_DIALS_AT_START = 32;
const RECONNECT_INTERVAL_MS = 15_000;
/** How long a refused peer's connection stays open for the refusal to reach it. */
const REFUSAL_LINGER_MS = 500;
/** An inbound connection that has not said hello (or join) by then is closed. */
const HELLO_DEADLINE_MS = 20_000;

interface Joined {
  row: NetworkRow;
  descriptor: NetworkDescriptor;
  membership: Membership;
}

export class NetworkService {
  /** Members whose hello verified, by node id, with the role their membership gives them. */
  private readonly verified = new Map<string, Role>();
  private readonly greeting = new Map<string, Promise<void>>();
  private readonly memberListeners: ((node: string) => void)[] = [];
  private joinedCache: Joined | undefined;
  /** Set once stop() begins: events libp2p raises while it shuts down are not passed on. */
  private stopping = false;
  /** Members this node stopped calling (until restart): see disconnect(). */
  private readonly distrusted = new Set<string>();
  private reconnectTimer: NodeJS.Timeout | undefined;
  private peerRecordSeq = Date.now();

  private constructor(
    private readonly options: NetworkServiceOptions,
    private readonly host: Host,
  ) {}

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
      .map((peer) => {
        const membership = parseJson(membershipSchema, peer.membership);
        const record = parseJson(peerRecordSchema, peer.peerRecord);
        return { node: peer.nodeId, role: membership?.body.role, connected: this.verified.has(peer.nodeId), addrs: record?.body.addrs ?? [] };
      });
    return {
      ...base,
      network: {
        id: joined.row.networkId,
        name: joined.descriptor.name,
        founder: joined.descriptor.founder,
        role: joined.membership.body.role,
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
    const addrs = publicAddress === undefined ? this.listenAddrs() : [publicMultiaddr(publicAddress, key.nodeId)];
    const gatewayList = signRecord(key, 'gateway-list', { network: networkId, seq: 1, gateways: [{ node: key.nodeId, addrs }] });
    await meta.commit(() => {
      meta.network.create({ networkId, descriptor: JSON.stringify(descriptor), membership: JSON.stringify(membership), gatewayList: JSON.stringify(gatewayList), joinedAt: Date.now() });
      meta.network.recordMember(key.nodeId, JSON.stringify(membership), Date.now());
    });
    this.log.info({ network: networkId, name }, 'founded network');
    return this.status();
  }

  /** An invite code for the current gateway list; only an admin node can issue one. */
  async invite(options: InviteOptions): Promise<{ code: string; url: string; expiresAt: number }> {
    const joined = this.requireJoined();
    if (!joined.membership.body.admin) throw new ForbiddenError('only an admin node can issue invites');
    if (!Number.isInteger(options.uses) || options.uses < 1) throw new InvalidInputError('uses must be a whole number of at least 1');
    const gateways = this.gatewayList()?.body.gateways ?? [];
    const invite = newInvite(joined.descriptor, gateways, options.role);
    const expiresAt = options.expiresInSeconds === 0 ? 0 : Date.now() + options.expiresInSeconds * 1000;
    await this.options.meta.commit(() =>
      this.options.meta.network.addInvite({ id: invite.id, secretHash: sha256(invite.secret), role: invite.role, expiresAt, usesLeft: options.uses, createdAt: Date.now() }),
    );
    const code = encodeInvite(invite);
    return { code, url: inviteUrl(code), expiresAt };
  }

  /** Joins the network of an invite through the first of its gateways that answers. */
  async join(code: string): Promise<NetworkStatus> {
    if (this.joined() !== undefined) throw new AlreadyExistsError('this node already belongs to a network');
    const invite = decodeInvite(code);
    const failures: string[] = [];
    for (const gateway of invite.gateways) {
      for (const addr of gateway.addrs) {
        try {
          await this.joinThrough(addr, gateway.node, invite);
          return this.status();
        } catch (err) {
          if (err instanceof ForbiddenError || err instanceof InvalidInputError) throw err;
          failures.push(`${addr}: ${(err as Error).message}`);
        }
      }
    }
    throw new UnreachableError(`no gateway of the invite answered (${failures.join('; ')})`);
  }

  private async joinThrough(addr: string, gatewayNode: string, invite: ReturnType<typeof decodeInvite>): Promise<void> {
    const target = multiaddr(addr.includes('/p2p/') ? addr : `${addr}/p2p/${gatewayNode}`);
    const stream = await this.host.dialProtocol(target, JOIN, { signal: AbortSignal.timeout(10_000) });
    const channel = messageChannel(stream);
    await channel.write({ invite: invite.id, secret: invite.secret, addrs: this.listenAddrs() });
    const reply = await channel.read(joinReply);
    await stream.close().catch(() => {});
    if ('error' in reply) throw new ForbiddenError(`the gateway refused the invite: ${reply.error.message}`);
    if (networkIdOf(reply.descriptor) !== invite.networkId) throw new InvalidInputError('the gateway answered for another network');
    const view = this.viewOf(invite.networkId, reply.descriptor.founder);
    const bad = checkMembership(reply.membership, this.options.key.nodeId, view) ?? checkGatewayList(reply.gatewayList, view, undefined);
    if (bad !== undefined) throw new InvalidInputError(`the gateway's answer does not verify: ${bad}`);
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
    await this.host.handle(JOIN, (stream, connection) => this.onJoin(stream, connection), { maxInboundStreams: 1, maxOutboundStreams: 1 });
    await this.handleMembers(GATEWAYS, (stream, peer) => this.onGateways(stream, peer), { maxInboundStreams: 1, maxOutboundStreams: 1 });
    await this.handleMembers(REVOCATIONS, (stream, peer) => this.onRevocation(stream, peer), { maxInboundStreams: 1, maxOutboundStreams: 1 });
  }

  private async onHello(stream: Stream, connection: Connection): Promise<void> {
    const peer = connection.remotePeer.toString();
    const channel = messageChannel(stream);
    try {
      const hello = await channel.read(helloMessage);
      const joined = this.joined();
      const reason = joined === undefined ? 'this node belongs to no network' : this.acceptHello(peer, hello, joined);
      if (reason !== undefined) {
        await this.refuse(connection, stream, channel, reason);
        return;
      }
      await channel.write(this.helloMessage());
      await stream.close();
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
      const result = await this.admit(peer, request.invite, request.secret, request.addrs);
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

  /** Checks an invite and issues the membership; a string is the reason for refusing. */
  private async admit(peer: string, inviteId: string, secret: string, addrs: string[]) {
    const joined = this.joined();
    if (joined === undefined || !joined.membership.body.admin) return 'this gateway cannot admit members';
    const { meta, key } = this.options;
    const invite = meta.network.invite(inviteId);
    if (invite === undefined || !safeEqual(invite.secretHash, sha256(secret))) return 'unknown invite or wrong secret';
    if (invite.expiresAt !== 0 && invite.expiresAt <= Date.now()) return 'the invite has expired';
    const role = invite.role as Role;
    const membership = signRecord(key, 'membership', { network: joined.row.networkId, node: peer, role, admin: false, issuedAt: Date.now(), expiresAt: 0 });
    const current = this.gatewayList();
    // A new gateway joins the signed gateway list, which then reaches every member.
    const grown = role === 'gateway' && current !== undefined && addrs.length > 0 ? this.withGateway(current, peer, addrs) : undefined;
    const admitted = await meta.commit(() => {
      if (!meta.network.useInvite(inviteId)) return false;
      meta.network.recordMember(peer, JSON.stringify(membership), Date.now());
      if (grown !== undefined) meta.network.setGatewayList(JSON.stringify(grown));
      return true;
    });
    if (!admitted) return 'the invite has been used up';
    this.log.info({ peer, role }, 'admitted a new member');
    if (grown !== undefined) this.spread(GATEWAYS, grown);
    const gatewayList = this.gatewayList();
    if (gatewayList === undefined) return 'this gateway has no gateway list';
    return { descriptor: joined.descriptor, membership, gatewayList, peerRecords: [this.ownPeerRecord(joined.row.networkId), ...this.memberPeerRecords()] };
  }

  /**
   * Tells the peer why, then hangs up. The stream is closed first and the connection a moment
   * later: closing the connection at once can reset the stream before the refusal arrives.
   */
  private withGateway(list: GatewayList, node: string, addrs: string[]): GatewayList {
    const gateways = [...list.body.gateways.filter((g) => g.node !== node), { node, addrs: addrs.slice(0, 16) }];
    return signRecord(this.options.key, 'gateway-list', { network: list.body.network, seq: list.body.seq + 1, gateways });
  }

  /** Sends a signed record to every connected member; members also pass it on in every hello. */
  private spread(protocol: string, record: unknown): void {
    for (const peer of this.connectedMembers()) {
      void (async () => {
        const stream = await this.openStream(peer, protocol);
        await messageChannel(stream).write(record);
        await stream.close();
      })().catch((err: unknown) => this.log.debug({ peer, protocol, err: (err as Error).message }, 'could not send a record'));
    }
  }

  private async onRevocation(stream: Stream, peer: string): Promise<void> {
    const revocation = await messageChannel(stream).read(revocationSchema);
    await stream.close().catch(() => {});
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
    const list = await messageChannel(stream).read(gatewayListSchema);
    await stream.close().catch(() => {});
    const joined = this.requireJoined();
    const view = this.viewOf(joined.row.networkId, joined.descriptor.founder);
    await this.options.meta.commit(() => this.storeGatewayList(list, view));
    this.log.info({ peer, seq: list.body.seq }, 'received a gateway list');
  }

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
      const reason = this.acceptHello(peer, reply, joined);
      if (reason !== undefined) {
        this.log.warn({ peer, reason }, `refused peer: ${reason}`);
        await connection.close().catch(() => {});
        return;
      }
      this.announceMember(peer);
    } catch (err) {
      this.log.debug({ peer, err: (err as Error).message }, 'hello did not complete');
    }
  }

  /** Verifies a peer's hello; stores what it carries. Returns the reason to refuse, if any. */
  private acceptHello(peer: string, hello: HelloMessage, joined: Joined): string | undefined {
    const view = this.viewOf(joined.row.networkId, joined.descriptor.founder);
    const reason = checkMembership(hello.membership, peer, view);
    if (reason !== undefined) return reason;
    const { meta } = this.options;
    this.verified.set(peer, hello.membership.body.role);
    // Best effort: a record that does not verify is logged and ignored, the peer stays a member.
    void meta.commit(() => {
      meta.network.recordMember(peer, JSON.stringify(hello.membership), Date.now());
      if (hello.peerRecord !== undefined) this.storePeerRecord(hello.peerRecord, joined.row.networkId);
      if (hello.gatewayList !== undefined) this.storeGatewayList(hello.gatewayList, view);
    });
    if (hello.revocations !== undefined && hello.revocations.length > 0) void this.storeRevocations(hello.revocations, view, peer);
    this.log.info({ peer, role: hello.membership.body.role }, 'member connected');
    return undefined;
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
    return signRecord(this.options.key, 'peer-record', { network: networkId, node: this.options.key.nodeId, seq: this.peerRecordSeq, addrs: this.listenAddrs() });
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

  /**
   * The network this node belongs to. Its descriptor and this node's membership never change once
   * stored, so they are parsed once; the gateway list, which does change, is read by gatewayList().
   */
  private joined(): Joined | undefined {
    if (this.joinedCache !== undefined) return this.joinedCache;
    const row = this.options.meta.network.get();
    if (row === undefined) return undefined;
    this.joinedCache = {
      row,
      descriptor: networkDescriptorSchema.parse(JSON.parse(row.descriptor)),
      membership: membershipSchema.parse(JSON.parse(row.membership)),
    };
    return this.joinedCache;
  }

  private requireJoined(): Joined {
    const joined = this.joined();
    if (joined === undefined) throw new NotFoundError('this node belongs to no network yet (kith network create, or kith join)');
    return joined;
  }

  private gatewayList(): GatewayList | undefined {
    return parseJson(gatewayListSchema, this.options.meta.network.get()?.gatewayList);
  }

  private viewOf(networkId: string, founder: string): NetworkView {
    const { meta } = this.options;
    return {
      id: networkId,
      founder,
      isAdmin: (node) => node === founder,
      isRevoked: (node) => meta.network.peer(node)?.revokedAt !== undefined,
      now: () => Date.now(),
    };
  }

  // -------------------------------------------------------------------------------------------
  // For the layers above: protocols that only verified members may use.

  /** Verified members connected now. */
  connectedMembers(): string[] {
    return [...this.verified.keys()];
  }

  /** A connected member's role, as its verified membership says. */
  memberRole(node: string): Role | undefined {
    return this.verified.get(node);
  }

  /** This node's role in its network (undefined before it belongs to one). */
  role(): Role | undefined {
    return this.joined()?.membership.body.role;
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
      .flatMap((row) => parseJson(peerRecordSchema, row.peerRecord) ?? []);
  }

  /** Stores the records that verify and are newer than those held; returns the ones stored. */
  async storePeerRecords(records: PeerRecord[]): Promise<PeerRecord[]> {
    const networkId = this.networkId();
    if (networkId === undefined) return [];
    return this.options.meta.commit(() => records.filter((record) => this.storePeerRecord(record, networkId)));
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
    this.spread(REVOCATIONS, revocation);
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

function parseJson<T>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } }, json: string | undefined): T | undefined {
  if (json === undefined) return undefined;
  try {
    const result = schema.safeParse(JSON.parse(json));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function safeEqual(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
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


