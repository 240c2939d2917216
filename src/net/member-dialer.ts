/**
 * Keeps this node connected to its network: at start and every RECONNECT_INTERVAL_MS it dials the
 * gateways and every member whose address record it holds, and members found on the LAN by mDNS.
 * Revoked, blocked and distrusted members are not called.
 */
import { multiaddr } from '@multiformats/multiaddr';
import { peerRecordSchema } from '../identity/index.js';
import type { Handshake } from './handshake.js';
import type { Host } from './host.js';
import { parseJson, type NetworkState } from './network-state.js';

/** Members dialled per round: the rest are reached in later rounds, or call in themselves. */
const MAX_DIALS_PER_ROUND = 32;
const RECONNECT_INTERVAL_MS = 15_000;

export class MemberDialer {
  /** Members this node stopped calling (until restart): see distrust(). */
  private readonly distrusted = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly host: Host,
    private readonly state: NetworkState,
    private readonly handshake: Handshake,
  ) {}

  start(): void {
    this.dialDiscoveredMembers();
    this.connectToKnownMembers();
    this.timer = setInterval(() => this.connectToKnownMembers(), RECONNECT_INTERVAL_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** This node stops calling the member (it was caught lying); it may still call in. */
  distrust(node: string): void {
    this.distrusted.add(node);
  }

  /** Dials the gateways and every member whose address record this node holds, unless connected. */
  connectToKnownMembers(): void {
    if (this.state.joined() === undefined) return;
    let dials = 0;
    for (const [node, addrs] of this.targets()) {
      if (this.handshake.isVerified(node) || dials++ >= MAX_DIALS_PER_ROUND) continue;
      void this.dialMember(node, addrs);
    }
  }

  private targets(): Map<string, string[]> {
    const { meta, key } = this.state;
    const targets = new Map<string, string[]>();
    for (const gateway of this.state.gatewayList()?.body.gateways ?? []) targets.set(gateway.node, gateway.addrs);
    for (const row of meta.network.peers()) {
      const record = parseJson(peerRecordSchema, row.peerRecord);
      if (record !== undefined && row.revokedAt === undefined) targets.set(row.nodeId, [...(targets.get(row.nodeId) ?? []), ...record.body.addrs]);
    }
    targets.delete(key.nodeId);
    for (const node of this.distrusted) targets.delete(node);
    for (const node of targets.keys()) if (meta.faults.isBlocked(node)) targets.delete(node);
    return targets;
  }

  /** A member found on the LAN (by mDNS) is dialled there; anyone else found is left alone. */
  private dialDiscoveredMembers(): void {
    this.host.addEventListener('peer:discovery', (event) => {
      const node = event.detail.id.toString();
      const known = this.state.meta.network.peer(node);
      if (known?.membership === undefined || known.revokedAt !== undefined || this.handshake.isVerified(node)) return;
      this.host.dial(event.detail.multiaddrs).catch((err: unknown) => this.state.log.debug({ peer: node, err: (err as Error).message }, 'could not reach a member found on the LAN'));
    });
  }

  private async dialMember(node: string, addrs: string[]): Promise<void> {
    const targets = addrs.map((addr) => multiaddr(addr.includes('/p2p/') ? addr : `${addr}/p2p/${node}`));
    try {
      const connection = await this.host.dial(targets, { signal: AbortSignal.timeout(10_000) });
      await this.handshake.greet(connection);
    } catch (err) {
      this.state.log.debug({ node, err: (err as Error).message }, 'member not reachable now');
    }
  }
}
