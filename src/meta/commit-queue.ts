/**
 * Group commit. A write is acknowledged only once its transaction is durable. Writes are gathered
 * into rounds: each round is one transaction, every write in its own savepoint (one that throws
 * rolls back alone), then one fsync of the WAL off the main thread, then the whole round is
 * acknowledged.
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
      if (!this.flushing) this.flushing = this.flushAll();
    });
  }

  /** Resolves once every write queued so far is durable (for a clean close). */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  /**
   * One transaction and one WAL fsync per round. Writes that arrive while a round's fsync runs
   * wait for the next round, so the busier the node, the more writes share each fsync.
   */
  private async flushAll(): Promise<void> {
    // Let the writes of this event-loop turn join the first round.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      await this.commitRound(batch);
    }
    this.flushing = undefined;
  }

  private async commitRound(batch: Pending[]): Promise<void> {
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
