/**
 * The network map: members' signed address records, kept by the gateways and passed on as they
 * change. A node sends its own record to every gateway it connects to and again whenever its
 * addresses change (a relay reservation made, a port mapped); the gateway answers with every record
 * it holds and forwards what was new to it to the other members connected to it. A record is
 * stored only if its node signed it and it is newer than the one held, so a forwarded record cannot
 * be forged and the forwarding stops where nothing is new. New addresses are dialled at once.
 */
import type { Stream } from '@libp2p/interface';
import { z } from 'zod';
import type { Logger } from '../core/log.js';
import { peerRecordSchema, type PeerRecord } from '../identity/index.js';
import type { NetworkService } from './network-service.js';
import { PEER_MAP } from './protocols.js';
import { messageChannel } from './wire.js';

const MAX_RECORDS = 2000;
const peersMessage = z.object({ records: z.array(peerRecordSchema).max(MAX_RECORDS) });

export class PeerMap {
  constructor(
    private readonly network: NetworkService,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    await this.network.handleMembers(PEER_MAP, (stream, peer) => this.onPeers(stream, peer), { maxInboundStreams: 2, maxOutboundStreams: 2 });
    this.network.onMemberConnected((peer) => {
      if (this.network.memberRole(peer) === 'gateway') void this.exchange(peer, this.own());
    });
    this.network.onAddressesChanged(() => {
      for (const peer of this.network.connectedMembers()) if (this.network.memberRole(peer) === 'gateway') void this.exchange(peer, this.own());
    });
  }

  private own(): PeerRecord[] {
    const record = this.network.peerRecord();
    return record === undefined ? [] : [record];
  }

  /** Sends `records` to `peer` and stores what it answers. */
  private async exchange(peer: string, records: PeerRecord[]): Promise<void> {
    try {
      const stream = await this.network.openStream(peer, PEER_MAP);
      const channel = messageChannel(stream);
      await channel.write({ records });
      const reply = await channel.read(peersMessage);
      await stream.close();
      await this.learn(reply.records);
    } catch (err) {
      this.log.debug({ peer, err: (err as Error).message }, 'could not exchange address records');
    }
  }

  private async onPeers(stream: Stream, peer: string): Promise<void> {
    const channel = messageChannel(stream);
    const { records } = await channel.read(peersMessage);
    const fresh = await this.learn(records);
    await channel.write({ records: this.network.role() === 'gateway' ? [...this.own(), ...this.network.memberPeerRecords()].slice(0, MAX_RECORDS) : this.own() });
    await stream.close();
    // A gateway passes on what was new to it: the other members learn the address within a moment.
    if (fresh.length === 0 || this.network.role() !== 'gateway') return;
    for (const other of this.network.connectedMembers()) if (other !== peer) void this.exchange(other, fresh);
  }

  /** Stores the records that verify and are newer, and dials the members they describe. */
  private async learn(records: PeerRecord[]): Promise<PeerRecord[]> {
    const fresh = await this.network.storePeerRecords(records);
    if (fresh.length > 0) this.network.connectToKnownMembers();
    return fresh;
  }
}
