/** Fault reports this node made or received, and the block notices it holds (see net/fault-reports.ts). */
import type { Db } from './db.js';

export interface PendingReport {
  id: number;
  offender: string;
  report: string;
}

export interface BlockRow {
  nodeId: string;
  blocked: boolean;
  at: number;
  notice: string;
}

export class FaultRepo {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      queue: db.prepare('INSERT INTO fault_reports_outbox (offender, report, created_at) VALUES (?, ?, ?)'),
      pending: db.prepare('SELECT id, offender, report FROM fault_reports_outbox ORDER BY id'),
      delivered: db.prepare('DELETE FROM fault_reports_outbox WHERE id = ?'),
      keepReport: db.prepare(
        `INSERT INTO fault_reports (offender, reporter, report, received_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (offender, reporter) DO UPDATE SET report = excluded.report, received_at = excluded.received_at`,
      ),
      reportersOf: db.prepare('SELECT reporter FROM fault_reports WHERE offender = ? ORDER BY reporter'),
      forgetReports: db.prepare('DELETE FROM fault_reports WHERE offender = ?'),
      setBlock: db.prepare(
        `INSERT INTO network_blocks (node_id, blocked, at, notice) VALUES (?, ?, ?, ?)
         ON CONFLICT (node_id) DO UPDATE SET blocked = excluded.blocked, at = excluded.at, notice = excluded.notice`,
      ),
      block: db.prepare('SELECT node_id AS nodeId, blocked, at, notice FROM network_blocks WHERE node_id = ?'),
      blocks: db.prepare('SELECT node_id AS nodeId, blocked, at, notice FROM network_blocks ORDER BY node_id'),
    };
  }

  /** Keeps a report of this node's until a gateway acknowledges it. */
  queue(offender: string, report: string, at: number): void {
    this.stmts.queue.run(offender, report, at);
  }

  pending(): PendingReport[] {
    return this.stmts.pending.all() as PendingReport[];
  }

  delivered(id: number): void {
    this.stmts.delivered.run(id);
  }

  /** On a gateway: keeps a verified report, replacing the reporter's earlier one about the offender. */
  keepReport(offender: string, reporter: string, report: string, at: number): void {
    this.stmts.keepReport.run(offender, reporter, report, at);
  }

  /** The distinct members that reported the offender. */
  reportersOf(offender: string): string[] {
    return (this.stmts.reportersOf.all(offender) as { reporter: string }[]).map((r) => r.reporter);
  }

  forgetReports(offender: string): void {
    this.stmts.forgetReports.run(offender);
  }

  setBlock(row: BlockRow): void {
    this.stmts.setBlock.run(row.nodeId, row.blocked ? 1 : 0, row.at, row.notice);
  }

  /** The latest notice held about a node, block or lift. */
  block(nodeId: string): BlockRow | undefined {
    const row = this.stmts.block.get(nodeId) as (Omit<BlockRow, 'blocked'> & { blocked: number }) | undefined;
    return row === undefined ? undefined : { ...row, blocked: row.blocked === 1 };
  }

  /** Every notice held, blocks and lifts: handed on to members so a lift overtakes a block too. */
  blocks(): BlockRow[] {
    return (this.stmts.blocks.all() as (Omit<BlockRow, 'blocked'> & { blocked: number })[]).map((row) => ({ ...row, blocked: row.blocked === 1 }));
  }

  isBlocked(nodeId: string): boolean {
    return this.block(nodeId)?.blocked === true;
  }
}
