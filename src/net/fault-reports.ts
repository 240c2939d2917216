/**
 * Fault reports. A node that gives up on a peer for sending bytes that do not match their hash
 * signs a report with the evidence and sends it to every connected gateway; until one has
 * acknowledged it, the report waits in the database and goes out when a gateway connects. A
 * gateway checks each report (signature, reporter a member in good standing, this network) and
 * keeps it; once members to the number of `reportsToBlock` have reported one offender, it blocks
 * the offender (block-notices.ts).
 *
 * A gateway cannot see the bytes a reporter received, so one report is one member's word: that is
 * why it takes reports from distinct members, and why the threshold is configurable.
 */
import type { Stream } from '@libp2p/interface';
import { z } from 'zod';
import type { Logger } from '../core/log.js';
import { checkFaultReport, faultReportSchema, MAX_FAULT_EVIDENCE, signRecord, type FaultEvidence, type FaultReport, type NodeKey } from '../identity/index.js';
import type { Meta, PendingReport } from '../meta/index.js';
import type { BlockNotices, NoticeNetwork } from './block-notices.js';
import { errorReply, refusal } from './protocols.js';
import { messageChannel } from './wire.js';

/** A member's report against a peer, sent to a gateway, which answers whether it took it. */
export const FAULTS = '/kith/faults/1';

const reportReply = z.union([z.object({ accepted: z.literal(true) }), errorReply]);

export interface FaultReportsOptions {
  network: NoticeNetwork;
  notices: BlockNotices;
  meta: Meta;
  key: NodeKey;
  log: Logger;
  /** Distinct members whose reports make a gateway block the offender. */
  reportsToBlock: number;
}

export class FaultReports {
  constructor(private readonly options: FaultReportsOptions) {}

  async start(): Promise<void> {
    await this.options.network.handleMembers(FAULTS, (stream, peer) => this.onReport(stream, peer), { maxInboundStreams: 2, maxOutboundStreams: 2 });
    this.options.network.onMemberConnected((peer) => this.onMemberConnected(peer));
    // Gateways that connected before this service listened (and this node, if it is one).
    void this.deliverPending(this.options.network.gatewayNodes());
  }

  private onMemberConnected(peer: string): void {
    if (this.options.network.gatewayNodes().includes(peer)) void this.deliverPending([peer]);
  }

  /** Signs a report against `offender` and sends it to the gateways (later, if none is reachable now). */
  reportFaults(offender: string, evidence: FaultEvidence[]): void {
    void this.report(offender, evidence).catch((err: unknown) => this.options.log.error({ offender, err }, 'could not report a faulty peer'));
  }

  private async report(offender: string, evidence: FaultEvidence[]): Promise<void> {
    const { network, meta, key, log } = this.options;
    const view = network.view();
    if (view === undefined) return;
    const body = { network: view.id, reporter: key.nodeId, offender, at: Date.now(), faults: evidence.length, evidence: evidence.slice(-MAX_FAULT_EVIDENCE) };
    const report = signRecord(key, 'fault-report', body);
    await meta.commit(() => meta.faults.queue(offender, JSON.stringify(report), body.at));
    log.warn({ offender, faults: body.faults }, `reporting ${offender} to the gateways: it sent ${body.faults} items that do not match their hashes`);
    await this.deliverPending(network.gatewayNodes());
  }

  /** Sends every waiting report to these gateways; one acknowledgement is enough to drop it. */
  private async deliverPending(gateways: string[]): Promise<void> {
    const { meta, network } = this.options;
    for (const pending of meta.faults.pending()) {
      const report = faultReportSchema.parse(JSON.parse(pending.report));
      const connected = new Set(network.connectedMembers());
      const targets = gateways.filter((gateway) => gateway === network.nodeId || connected.has(gateway));
      const answers = await Promise.all(targets.map((gateway) => this.deliver(gateway, report, pending)));
      if (answers.includes(true)) await meta.commit(() => meta.faults.delivered(pending.id));
    }
  }

  private async deliver(gateway: string, report: FaultReport, pending: PendingReport): Promise<boolean> {
    const { network, log } = this.options;
    if (gateway === network.nodeId) return (await this.judge(report, network.nodeId)) === undefined;
    try {
      const stream = await network.openStream(gateway, FAULTS);
      const channel = messageChannel(stream);
      await channel.write(report);
      const reply = await channel.read(reportReply);
      await stream.close().catch(() => {});
      if ('error' in reply) {
        log.warn({ gateway, offender: pending.offender, reason: reply.error.message }, `gateway refused our fault report: ${reply.error.message}`);
        return false;
      }
      log.info({ gateway, offender: pending.offender }, 'a gateway took our fault report');
      return true;
    } catch (err) {
      log.debug({ gateway, err: (err as Error).message }, 'could not send a fault report; it waits for the next gateway');
      return false;
    }
  }

  private async onReport(stream: Stream, peer: string): Promise<void> {
    const channel = messageChannel(stream);
    const report = await channel.read(faultReportSchema);
    const reason = await this.judge(report, peer);
    await channel.write(reason === undefined ? { accepted: true } : refusal('E_FORBIDDEN', reason));
    await stream.close().catch(() => {});
  }

  /** On a gateway: checks and keeps a report, and blocks the offender past the threshold. Returns why a report is refused. */
  private async judge(report: FaultReport, from: string): Promise<string | undefined> {
    const { network, meta, log, reportsToBlock } = this.options;
    const { reporter, offender } = report.body;
    const reason = this.refusalOf(report, from);
    if (reason !== undefined) {
      log.warn({ peer: from, reporter, offender, reason }, `refused fault report: ${reason}`);
      return reason;
    }
    await meta.commit(() => meta.faults.keepReport(offender, reporter, JSON.stringify(report), Date.now()));
    const reporters = meta.faults.reportersOf(offender);
    log.warn({ reporter, offender, faults: report.body.faults, reporters: reporters.length }, `fault report from ${reporter}: ${offender} sent ${report.body.faults} items that do not match their hashes`);
    if (reporters.length >= reportsToBlock && !meta.faults.isBlocked(offender)) await this.options.notices.block(offender, reporters, network.view()!);
    return undefined;
  }

  private refusalOf(report: FaultReport, from: string): string | undefined {
    const { network, meta } = this.options;
    const view = network.view();
    if (view === undefined || !network.gatewayNodes().includes(network.nodeId)) return 'this node is not a gateway';
    if (report.body.offender === network.nodeId) return 'a gateway does not judge reports about itself';
    // A reporter that hands in its own report has just proved its membership in hello.
    const isMember = (node: string) =>
      node === network.nodeId || (node === from && network.memberRole(from) !== undefined) || meta.network.peer(node)?.membership !== undefined;
    return checkFaultReport(report, view, isMember);
  }
}
