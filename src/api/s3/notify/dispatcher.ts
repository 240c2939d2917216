/**
 * Delivers bucket notifications at least once: every second it moves new changes into the
 * outbox, then POSTs each due item to its webhook. A 2xx answer removes the item; anything else
 * keeps it and schedules a retry with exponential backoff (capped at an hour), logged as a
 * warning and shown by `kith s3 outbox`. The outbox is in SQLite, so a restart resumes it.
 */
import type { Logger } from '../../../core/log.js';
import type { BucketNotifications, RenderChange } from '../../../pool/index.js';

export interface DispatcherInit {
  notifications: BucketNotifications;
  render: RenderChange;
  /** First retry delay; doubles on each failure. */
  retryBaseMs: number;
  log: Logger;
  now: () => number;
}

const TICK_MS = 1000;
const BATCH = 100;
const MAX_BACKOFF_MS = 3600_000;
const DELIVERY_TIMEOUT_MS = 10_000;

export class NotificationDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly stopping = new AbortController();

  constructor(private readonly init: DispatcherInit) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.tick().finally(() => (this.running = undefined));
    }, TICK_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.stopping.abort();
    await this.running;
  }

  async tick(): Promise<void> {
    const { notifications, render, log } = this.init;
    try {
      while ((await notifications.collect(render, BATCH)) === BATCH && !this.stopping.signal.aborted);
      for (const item of notifications.due(BATCH)) {
        if (this.stopping.signal.aborted) return;
        const error = await this.post(item.url, item.body);
        if (error === undefined) {
          await notifications.delivered(item.id);
          continue;
        }
        const delay = Math.min(this.init.retryBaseMs * 2 ** item.attempts, MAX_BACKOFF_MS);
        await notifications.failed(item.id, this.init.now() + delay, error);
        log.warn({ url: item.url, attempts: item.attempts + 1, retryInMs: delay, error }, 'bucket notification not delivered; will retry');
      }
    } catch (err) {
      log.error({ err }, 'bucket notifications stalled');
    }
  }

  /** undefined when delivered, else why not. */
  private async post(url: string, body: string): Promise<string | undefined> {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: AbortSignal.any([AbortSignal.timeout(DELIVERY_TIMEOUT_MS), this.stopping.signal]),
        redirect: 'error',
      });
      await res.body?.cancel();
      return res.ok ? undefined : `HTTP ${res.status}`;
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      return cause?.code ?? cause?.message ?? (err as Error).message;
    }
  }
}
