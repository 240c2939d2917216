/** The durable change log: one row per change, appended in the change's own transaction. */
import type { Db } from './db.js';

export type EventType =
  | 'pool.created'
  | 'pool.renamed'
  | 'pool.deleted'
  | 'pool.restored'
  | 'pool.purged'
  | 'pool.shared'
  | 'pool.subscribed'
  | 'file.written'
  | 'dir.created'
  | 'entry.moved'
  | 'entry.copied'
  | 'entry.trashed'
  | 'trash.restored'
  | 'trash.purged'
  | 'version.restored'
  | 'version.deleted'
  | 'user.created'
  | 'user.updated'
  | 'user.deleted';

export interface KithEvent {
  seq: number;
  at: number;
  poolId: number | undefined;
  type: EventType;
  path: string | undefined;
  actor: string | undefined;
  detail: Record<string, unknown> | undefined;
}

interface EventRow {
  seq: number;
  at: number;
  pool_id: number | null;
  type: EventType;
  path: string | null;
  actor: string | null;
  detail: string | null;
}

const toEvent = (r: EventRow): KithEvent => ({
  seq: r.seq,
  at: r.at,
  poolId: r.pool_id ?? undefined,
  type: r.type,
  path: r.path ?? undefined,
  actor: r.actor ?? undefined,
  detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : undefined,
});

export class EventLog {
  private readonly stmts;
  private readonly listeners: ((poolId: number | undefined) => void)[] = [];

  constructor(db: Db) {
    this.stmts = {
      append: db.prepare('INSERT INTO events (at, pool_id, type, path, actor, detail) VALUES (?, ?, ?, ?, ?, ?)'),
      after: db.prepare('SELECT seq, at, pool_id, type, path, actor, detail FROM events WHERE seq > ? ORDER BY seq LIMIT ?'),
      // The newest first, of the whole pool ('' as the folder) or of one folder and what is in it.
      latestUnder: db.prepare(
        `SELECT seq, at, pool_id, type, path, actor, detail FROM events
         WHERE pool_id = @poolId AND (@dir = '' OR path = @dir OR substr(path, 1, length(@dir) + 1) = @dir || '/')
         ORDER BY seq DESC LIMIT @limit`,
      ),
      latestOfType: db.prepare(
        `SELECT seq, at, pool_id, type, path, actor, detail FROM events
         WHERE type = ? AND pool_id IN (SELECT value FROM json_each(?)) ORDER BY seq DESC LIMIT ?`,
      ),
      latestInPools: db.prepare(
        `SELECT seq, at, pool_id, type, path, actor, detail FROM events
         WHERE seq < ? AND pool_id IN (SELECT value FROM json_each(?)) ORDER BY seq DESC LIMIT ?`,
      ),
      poolAfter: db.prepare(
        'SELECT seq, at, pool_id, type, path, actor, detail FROM events WHERE pool_id = ? AND seq > ? ORDER BY seq LIMIT ?',
      ),
    };
  }

  /**
   * Calls `listener` with the pool of every event appended from now on. It runs inside the
   * appending transaction, before the change is durable: listeners only schedule work.
   */
  onAppend(listener: (poolId: number | undefined) => void): void {
    this.listeners.push(listener);
  }

  append(e: Omit<KithEvent, 'seq'>): void {
    for (const listener of this.listeners) listener(e.poolId);
    this.stmts.append.run(
      e.at,
      e.poolId ?? null,
      e.type,
      e.path ?? null,
      e.actor ?? null,
      e.detail ? JSON.stringify(e.detail) : null,
    );
  }

  /** A pool's latest events, newest first, in the folder `dir` ('' for all of it). */
  latest(poolId: number, dir: string, limit: number): KithEvent[] {
    return (this.stmts.latestUnder.all({ poolId, dir, limit }) as EventRow[]).map(toEvent);
  }

  /** The latest events of one type in the given pools, newest first. */
  latestOfType(type: EventType, poolIds: number[], limit: number): KithEvent[] {
    return (this.stmts.latestOfType.all(type, JSON.stringify(poolIds), limit) as EventRow[]).map(toEvent);
  }

  /** The latest events in the given pools before the event `beforeSeq`, newest first; pass the last seq seen to page back. */
  latestIn(poolIds: number[], beforeSeq: number, limit: number): KithEvent[] {
    return (this.stmts.latestInPools.all(beforeSeq, JSON.stringify(poolIds), limit) as EventRow[]).map(toEvent);
  }

  /** Events after a cursor, oldest first; pass the last seq seen to page on. */
  after(seq: number, limit: number, poolId?: number): KithEvent[] {
    const rows =
      poolId === undefined ? this.stmts.after.all(seq, limit) : this.stmts.poolAfter.all(poolId, seq, limit);
    return (rows as EventRow[]).map(toEvent);
  }
}
