/**
 * Group commit. A write is acknowledged only once its transaction is durable. Writes that arrive
 * while the event loop is busy are gathered and committed in one transaction, each in its own
 * savepoint (one that throws rolls back alone); then the WAL is fsynced off the main thread, and
 * the whole group is acknowledged. Concurrent groups share fsyncs (see `syncWal`).
 */
import type { Db } from './db.js';

interface Pending {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export class CommitQueue {
  private pending: Pending[] = [];
  private scheduled = false;
  private flushing: Promise<void> | undefined;

  /** `syncWal` resolves once everything committed before the call is on disk. */
  constructor(
    private readonly db: Db,
    private readonly syncWal: () => Promise<void>,
  ) {}

  /** Runs `work` inside a transaction; resolves with its result once the commit is durable. */
  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ work, resolve: resolve as (v: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  /** Resolves once every write queued so far is durable (for a clean close). */
  async drain(): Promise<void> {
    while (this.pending.length > 0 || this.flushing) await (this.flushing ?? new Promise((r) => setImmediate(r)));
  }

  private flush(): Promise<void> {
    this.flushing = this.flushBatch().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  private async flushBatch(): Promise<void> {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    let outcomes: Outcome[];
    try {
      outcomes = this.db.transaction(() => batch.map((p) => this.runOne(p)))();
      await this.syncWal();
    } catch (error) {
      for (const p of batch) p.reject(error);
      return;
    }
    outcomes.forEach((o, i) => (o.ok ? batch[i]!.resolve(o.value) : batch[i]!.reject(o.error)));
  }

  private runOne(p: Pending): Outcome {
    try {
      // A transaction function called inside a transaction runs as a savepoint.
      return { ok: true, value: this.db.transaction(p.work)() };
    } catch (error) {
      return { ok: false, error };
    }
  }
}
