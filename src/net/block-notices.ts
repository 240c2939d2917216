/**
 * Block notices: a gateway that holds enough reports against a node signs a notice, and every
 * member that receives it hangs up on that node and refuses its connections from then on (the
 * connection gater in network-service.ts reads the notices held). A notice is handed on by every
 * member to every member it greets, so one that was away when the gateway pushed it still learns
 * of it; an admin lifts a block with a newer notice that travels the same way.
 */
import type { Stream } from '@libp2p/interface';
import { z } from 'zod';
import { ForbiddenError, NotFoundError } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import { blockNoticeSchema, checkBlockNotice, MAX_BLOCK_REPORTERS, signRecord, type BlockNotice, type NetworkView, type NodeKey } from '../identity/index.js';
import type { Meta } from '../meta/index.js';
import type { NetworkService } from './network-service.js';
import { messageChannel } from './wire.js';

/** Block notices, pushed to members and handed on to every member greeted. */
export const BLOCKS = '/kith/blocks/1';

const MAX_NOTICES = 1000;
const noticeList = z.array(blockNoticeSchema).max(MAX_NOTICES);

/** What block notices need of the network service. */
export type NoticeNetwork = Pick<NetworkService, 'nodeId' | 'handleMembers' | 'openStream' | 'connectedMembers' | 'memberRole' | 'onMemberConnected' | 'disconnect' | 'view' | 'gatewayNodes'>;

export interface BlockNoticesOptions {
  network: NoticeNetwork;
  meta: Meta;
  key: NodeKey;
  log: Logger;
}

export interface BlockedNode {
  node: string;
  /** The gateway that blocked it. */
  by: string;
  at: number;
  reporters: string[];
}

export class BlockNotices {
  constructor(private readonly options: BlockNoticesOptions) {}

  async start(): Promise<void> {
    const { network } = this.options;
    await network.handleMembers(BLOCKS, (stream, peer) => this.onNotices(stream, peer), { maxInboundStreams: 2, maxOutboundStreams: 2 });
    network.onMemberConnected((peer) => {
      const held = this.held();
      if (held.length > 0) void this.send(peer, held);
    });
  }

  /** Nodes blocked now, with who blocked them and on whose reports. */
  blocked(): BlockedNode[] {
    return this.held()
      .filter((notice) => notice.body.blocked)
      .map((notice) => ({ node: notice.body.node, by: notice.signer, at: notice.body.at, reporters: notice.body.reporters }));
  }

  /** Signs a block (this node is a gateway), keeps it, and tells every connected member. */
  async block(node: string, reporters: string[], view: NetworkView): Promise<void> {
    const notice = signRecord(this.options.key, 'block-notice', { network: view.id, node, blocked: true, at: Date.now(), reporters: reporters.slice(0, MAX_BLOCK_REPORTERS) });
    this.options.log.warn({ node, reporters }, `blocked ${node}: ${reporters.length} member(s) reported it for sending corrupt data; telling the network`);
    await this.apply(notice);
    this.spread(notice);
  }

  /** Lifts a block (admins only); the gateways also forget the reports that led to it. */
  async unblock(node: string): Promise<void> {
    const { network, meta, key } = this.options;
    const view = network.view();
    if (view === undefined || (view.founder !== network.nodeId && !view.isAdmin(network.nodeId))) throw new ForbiddenError('only an admin node can lift a block');
    if (!meta.faults.isBlocked(node)) throw new NotFoundError(`${node} is not blocked`);
    // Strictly newer than the block, even if the clocks of the gateway and this admin disagree.
    const at = Math.max(Date.now(), (meta.faults.block(node)?.at ?? 0) + 1);
    const notice = signRecord(key, 'block-notice', { network: view.id, node, blocked: false, at, reporters: [] });
    this.options.log.warn({ node }, `lifted the block on ${node}`);
    await this.apply(notice);
    this.spread(notice);
  }

  private async onNotices(stream: Stream, peer: string): Promise<void> {
    const notices = await messageChannel(stream).read(noticeList);
    await stream.close().catch(() => {});
    const { network, meta, log } = this.options;
    const view = network.view();
    if (view === undefined) return;
    const gateways = new Set(network.gatewayNodes());
    for (const notice of notices) {
      const heldAt = meta.faults.block(notice.body.node)?.at;
      // Already held: every member hands on what it holds, so this is the common case.
      if (heldAt !== undefined && notice.body.at <= heldAt) continue;
      const reason = checkBlockNotice(notice, view, (node) => gateways.has(node), heldAt);
      if (reason !== undefined) {
        log.warn({ peer, node: notice.body.node, signer: notice.signer, reason }, `refused block notice: ${reason}`);
        continue;
      }
      log.info({ peer, node: notice.body.node, signer: notice.signer, blocked: notice.body.blocked }, 'received a block notice');
      await this.apply(notice);
    }
  }

  /** Keeps a verified notice; a block hangs up on the node, a lift forgets the reports. */
  private async apply(notice: BlockNotice): Promise<void> {
    const { meta, network, log } = this.options;
    const { node, blocked, at } = notice.body;
    await meta.commit(() => {
      meta.faults.setBlock({ nodeId: node, blocked, at, notice: JSON.stringify(notice) });
      if (!blocked) meta.faults.forgetReports(node);
    });
    if (!blocked) return;
    if (node === network.nodeId) log.error(`this node was blocked by gateway ${notice.signer}: members reported it for sending corrupt data`);
    else if (network.connectedMembers().includes(node)) {
      await network.disconnect(node, `gateway ${notice.signer} blocked it: ${notice.body.reporters.length} member(s) reported it for sending corrupt data`);
    }
  }

  private held(): BlockNotice[] {
    return this.options.meta.faults.blocks().flatMap((row) => {
      const parsed = blockNoticeSchema.safeParse(JSON.parse(row.notice));
      return parsed.success ? [parsed.data] : [];
    });
  }

  private spread(notice: BlockNotice): void {
    for (const peer of this.options.network.connectedMembers()) {
      if (peer !== notice.body.node) void this.send(peer, [notice]);
    }
  }

  private async send(peer: string, notices: BlockNotice[]): Promise<void> {
    try {
      const stream = await this.options.network.openStream(peer, BLOCKS);
      await messageChannel(stream).write(notices.slice(-MAX_NOTICES));
      await stream.close();
    } catch (err) {
      this.options.log.debug({ peer, err: (err as Error).message }, 'could not send block notices');
    }
  }
}
