/**
 * The hello handshake every connection between members starts with: each side shows its
 * membership, the other checks it against the network, and the records a hello carries (address
 * record, gateway list, revocations) are stored when they verify. Only then is a peer a verified
 * member, and only verified members get past handleMembers' guard.
 */
import type { Connection, Stream } from '@libp2p/interface';
import type { Logger } from '../core/log.js';
import { checkMembership, type Membership, type NetworkView } from '../identity/index.js';
import type { Host } from './host.js';
import type { Joined, NetworkState } from './network-state.js';
import { HELLO, helloMessage, helloReply, refusal, type HelloMessage } from './protocols.js';
import { messageChannel, type MessageChannel } from './wire.js';

/** Serves one stream of a member protocol, opened by a verified member. */
export type MemberHandler = (stream: Stream, peer: string) => Promise<void>;
export interface StreamLimits {
  maxInboundStreams: number;
  maxOutboundStreams: number;
}

/** What the handshake needs from the network service around it. */
export interface HandshakeParts {
  host: Host;
  state: NetworkState;
  log: Logger;
  /** The hello this node says: its membership and the records it carries. */
  hello(): HelloMessage;
  /** Stores what a verified hello carries; runs before the peer counts as connected. */
  takeRecords(peer: string, hello: HelloMessage, view: NetworkView): Promise<void>;
  /** A peer's hello verified, on a connection either side opened. */
  welcomed(peer: string, presented: Membership): void;
  /** A verified member's last connection closed. */
  departed(peer: string): void;
}

/** How long a refused peer's connection stays open for the refusal to reach it. */
const REFUSAL_LINGER_MS = 500;
/** An inbound connection that has not said hello (or join) by then is closed. */
const HELLO_DEADLINE_MS = 20_000;

export class Handshake {
  /** Members whose hello verified, by node id. */
  private readonly verified = new Set<string>();
  private readonly greeting = new Map<string, Promise<void>>();

  constructor(private readonly parts: HandshakeParts) {}

  async start(): Promise<void> {
    const { host } = this.parts;
    await host.handle(HELLO, (stream, connection) => this.onHello(stream, connection), { maxInboundStreams: 2, maxOutboundStreams: 2 });
    host.addEventListener('connection:open', (event) => {
      const connection = event.detail;
      if (connection.direction === 'outbound') void this.greet(connection);
      else this.closeIfSilent(connection);
    });
    host.addEventListener('peer:disconnect', (event) => {
      const peer = event.detail.toString();
      if (host.getConnections(event.detail).length > 0 || !this.verified.delete(peer)) return;
      this.parts.departed(peer);
    });
  }

  isVerified(peer: string): boolean {
    return this.verified.has(peer);
  }

  verifiedMembers(): string[] {
    return [...this.verified];
  }

  /** The peer is no longer trusted as a member (revoked, or caught lying) until it says hello again. */
  forget(peer: string): void {
    this.verified.delete(peer);
  }

  /**
   * Whether a peer opening a member protocol is a verified member. It may open streams as soon as
   * it has our reply, before our side of its hello ends: that hello is awaited first.
   */
  async admits(peer: string): Promise<boolean> {
    await this.greeting.get(peer);
    return this.verified.has(peer);
  }

  /** Says hello on an outbound connection; one greeting per peer at a time. */
  greet(connection: Connection): Promise<void> {
    const peer = connection.remotePeer.toString();
    const running = this.greeting.get(peer);
    if (running !== undefined) return running;
    const greeting = this.sayHello(connection).finally(() => this.greeting.delete(peer));
    this.greeting.set(peer, greeting);
    return greeting;
  }

  private async onHello(stream: Stream, connection: Connection): Promise<void> {
    const peer = connection.remotePeer.toString();
    const channel = messageChannel(stream);
    try {
      const hello = await channel.read(helloMessage);
      const joined = this.parts.state.joined();
      const reason = joined === undefined ? 'this node belongs to no network' : await this.accept(peer, hello, joined);
      if (reason !== undefined) {
        await refuse(this.parts.log, connection, stream, channel, reason);
        return;
      }
      await channel.write(this.parts.hello());
      await stream.close();
      this.parts.welcomed(peer, hello.membership);
    } catch (err) {
      this.parts.log.warn({ peer, err: (err as Error).message }, 'hello failed; closing the connection');
      await connection.close().catch(() => {});
    }
  }

  private async sayHello(connection: Connection): Promise<void> {
    const { log, state } = this.parts;
    const joined = state.joined();
    const peer = connection.remotePeer.toString();
    if (joined === undefined || this.verified.has(peer)) return;
    try {
      const stream = await connection.newStream(HELLO, { signal: AbortSignal.timeout(10_000) });
      const channel = messageChannel(stream);
      await channel.write(this.parts.hello());
      const reply = await channel.read(helloReply);
      await stream.close().catch(() => {});
      if ('error' in reply) {
        log.warn({ peer, reason: reply.error.message }, `peer refused our hello: ${reply.error.message}`);
        await connection.close().catch(() => {});
        return;
      }
      const reason = await this.accept(peer, reply, joined);
      if (reason !== undefined) {
        log.warn({ peer, reason }, `refused peer: ${reason}`);
        await connection.close().catch(() => {});
        return;
      }
      this.parts.welcomed(peer, reply.membership);
    } catch (err) {
      log.debug({ peer, err: (err as Error).message }, 'hello did not complete');
    }
  }

  /** Verifies a peer's hello; stores what it carries. Returns the reason to refuse, if any. */
  private async accept(peer: string, hello: HelloMessage, joined: Joined): Promise<string | undefined> {
    const view = this.parts.state.viewOf(joined.row.networkId, joined.descriptor.founder);
    const reason = checkMembership(hello.membership, peer, view);
    if (reason !== undefined) return reason;
    this.verified.add(peer);
    await this.parts.takeRecords(peer, hello, view);
    this.parts.log.info({ peer, role: this.parts.state.memberRole(peer) }, 'member connected');
    return undefined;
  }

  private closeIfSilent(connection: Connection): void {
    const timer = setTimeout(() => {
      const peer = connection.remotePeer.toString();
      if (!this.verified.has(peer) && connection.status === 'open') {
        this.parts.log.info({ peer }, 'closing a connection that never said hello');
        void connection.close().catch(() => {});
      }
    }, HELLO_DEADLINE_MS);
    timer.unref();
  }
}

/**
 * Tells the peer why, then hangs up. The stream is closed first and the connection a moment
 * later: closing the connection at once can reset the stream before the refusal arrives.
 */
export async function refuse(log: Logger, connection: Connection, stream: Stream, channel: MessageChannel, reason: string): Promise<void> {
  log.warn({ peer: connection.remotePeer.toString(), reason }, `refused peer: ${reason}`);
  await channel.write(refusal('E_FORBIDDEN', reason)).catch(() => {});
  await stream.close().catch(() => {});
  setTimeout(() => void connection.close().catch(() => {}), REFUSAL_LINGER_MS).unref();
}
