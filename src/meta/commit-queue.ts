/**
 * Group commit. A write is acknowledged only once its transaction is durable, and with
 * synchronous=FULL every commit costs an fsync of the WAL. Writes that arrive while the event loop
 * is busy are gathered and committed together: one fsync for many uploads. Each write runs in its
 * own savepoint, so one that throws rolls back alone and the others still commit.
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

  constructor(private readonly db: Db) {}

  /** Runs `work` inside a transaction; resolves with its result once the commit is durable. */
  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ work, resolve: resolve as (v: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    let outcomes: Outcome[];
    try {
      outcomes = this.db.transaction(() => batch.map((p) => this.runOne(p)))();
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
