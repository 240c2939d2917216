/**
 * Bucket notifications: the webhook targets of each pool, and the outbox of events waiting for
 * delivery. Rows enter the outbox in the transaction that reads the change log, so an event is
 * never lost between the change and its delivery, and leave it only once delivered.
 */
import type { Db } from './db.js';

export interface NotifyTarget {
  configId: string;
  url: string;
  /** S3 event names or patterns ("s3:ObjectCreated:*"). */
  events: string[];
  prefix: string;
  suffix: string;
}

export interface OutboxItem {
  id: number;
  url: string;
  body: string;
  createdAt: number;
  attempts: number;
  nextAt: number;
  lastError: string | undefined;
}

interface OutboxRow {
  id: number;
  url: string;
  body: string;
  created_at: number;
  attempts: number;
  next_at: number;
  last_error: string | null;
}

const toItem = (r: OutboxRow): OutboxItem => ({ id: r.id, url: r.url, body: r.body, createdAt: r.created_at, attempts: r.attempts, nextAt: r.next_at, lastError: r.last_error ?? undefined });

const OUTBOX_COLUMNS = 'id, url, body, created_at, attempts, next_at, last_error';

export class NotifyRepo {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      targets: db.prepare('SELECT config_id, url, events, prefix, suffix FROM s3_notify_targets WHERE pool_id = ? ORDER BY id'),
      clearTargets: db.prepare('DELETE FROM s3_notify_targets WHERE pool_id = ?'),
      addTarget: db.prepare('INSERT INTO s3_notify_targets (pool_id, config_id, url, events, prefix, suffix) VALUES (?, ?, ?, ?, ?, ?)'),
      enqueue: db.prepare('INSERT INTO s3_outbox (url, body, created_at, next_at) VALUES (?, ?, ?, ?)'),
      // Oldest first among those due; retries make no promise of order (S3 gives none either: the sequencer orders events on one key).
      due: db.prepare(`SELECT ${OUTBOX_COLUMNS} FROM s3_outbox WHERE next_at <= ? ORDER BY id LIMIT ?`),
      pending: db.prepare(`SELECT ${OUTBOX_COLUMNS} FROM s3_outbox ORDER BY id LIMIT ?`),
      nextDue: db.prepare('SELECT min(next_at) AS at FROM s3_outbox'),
      delivered: db.prepare('DELETE FROM s3_outbox WHERE id = ?'),
      failed: db.prepare('UPDATE s3_outbox SET attempts = attempts + 1, next_at = ?, last_error = ? WHERE id = ?'),
      poolsWithTargets: db.prepare('SELECT DISTINCT pool_id FROM s3_notify_targets'),
      latestEvent: db.prepare('SELECT max(seq) AS seq FROM events'),
    };
  }

  targets(poolId: number): NotifyTarget[] {
    const rows = this.stmts.targets.all(poolId) as { config_id: string; url: string; events: string; prefix: string; suffix: string }[];
    return rows.map((r) => ({ configId: r.config_id, url: r.url, events: JSON.parse(r.events) as string[], prefix: r.prefix, suffix: r.suffix }));
  }

  replaceTargets(poolId: number, targets: readonly NotifyTarget[]): void {
    this.stmts.clearTargets.run(poolId);
    for (const t of targets) this.stmts.addTarget.run(poolId, t.configId, t.url, JSON.stringify(t.events), t.prefix, t.suffix);
  }

  /** Pools with at least one target: the only ones whose changes are looked at. */
  poolsWithTargets(): Set<number> {
    return new Set((this.stmts.poolsWithTargets.all() as { pool_id: number }[]).map((r) => r.pool_id));
  }

  /** The change log's last sequence number: where a new cursor starts. */
  latestEventSeq(): number {
    return (this.stmts.latestEvent.get() as { seq: number | null }).seq ?? 0;
  }

  enqueue(url: string, body: string, now: number): void {
    this.stmts.enqueue.run(url, body, now, now);
  }

  due(now: number, limit: number): OutboxItem[] {
    return (this.stmts.due.all(now, limit) as OutboxRow[]).map(toItem);
  }

  pending(limit: number): OutboxItem[] {
    return (this.stmts.pending.all(limit) as OutboxRow[]).map(toItem);
  }

  /** When the earliest waiting item is due; undefined when the outbox is empty. */
  nextDue(): number | undefined {
    return (this.stmts.nextDue.get() as { at: number | null }).at ?? undefined;
  }

  delivered(id: number): void {
    this.stmts.delivered.run(id);
  }

  failed(id: number, nextAt: number, error: string): void {
    this.stmts.failed.run(nextAt, error.slice(0, 500), id);
  }
}
