/**
 * The background job that keeps a node tidy: purges expired trash and long-deleted pools, thins
 * old versions, collects unreferenced chunks. One run at a time; `stop` waits for the current run to end.
 */
import type { PoolContext } from './context.js';
import { collectGarbage, type GcResult } from './gc.js';
import type { PoolService } from './pools.js';
import type { TrashService } from './trash.js';
import type { VersionService } from './versions.js';

export interface MaintenanceReport {
  poolsPurged: number;
  trashPurged: number;
  versionsExpired: number;
  gc: GcResult;
  at: number;
}

export class MaintenanceJob {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<MaintenanceReport> | undefined;
  private abort = new AbortController();
  lastReport: MaintenanceReport | undefined;
  lastError: string | undefined;

  constructor(
    private readonly ctx: PoolContext,
    private readonly pools: PoolService,
    private readonly trash: TrashService,
    private readonly versions: VersionService,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.abort = new AbortController();
    this.timer = setInterval(() => void this.runOnce().catch(() => undefined), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.abort.abort();
    await this.running?.catch(() => undefined);
  }

  /** Runs now, or joins the run in progress. */
  runOnce(): Promise<MaintenanceReport> {
    this.running ??= this.run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async run(): Promise<MaintenanceReport> {
    try {
      const report: MaintenanceReport = {
        poolsPurged: await this.pools.purgeExpired(),
        trashPurged: await this.trash.purgeExpired(),
        versionsExpired: await this.versions.expire(),
        gc: await collectGarbage(this.ctx, this.abort.signal),
        at: this.ctx.now(),
      };
      this.lastReport = report;
      this.lastError = undefined;
      this.ctx.log.info({ ...report }, 'maintenance done');
      return report;
    } catch (err) {
      this.lastError = String(err);
      this.ctx.log.warn({ err }, 'maintenance failed; will retry at the next interval');
      throw err;
    }
  }
}
