/**
 * Bucket notifications: webhook targets per pool, and an outbox fed from the change log. The
 * change log already records every write through every door (REST, WebDAV, S3, replication), so
 * notifications follow it with a cursor rather than hooking each door: one transaction appends
 * the outbox rows and moves the cursor, so a change is queued exactly once, crash or not.
 * Delivery (HTTP, retries) is the caller's; this file only keeps the durable state.
 */
import type { Actor } from '../core/actor.js';
import type { Entry, KithEvent, NotifyTarget, ObjectAttrs, OutboxItem, Pool } from '../meta/index.js';
import { resolvePool } from './access.js';
import type { PoolContext } from './context.js';

/** One change as a notifier sees it: the event, its pool, and what is at the path now. */
export interface Change {
  event: KithEvent;
  pool: Pool;
  entry: Entry | undefined;
  attrs: ObjectAttrs | undefined;
}

/** The body to send `target` about `change`, or undefined when the target does not want it. */
export type RenderChange = (change: Change, target: NotifyTarget) => string | undefined;

const CURSOR_KEY = 'notify.cursor';

export class BucketNotifications {
  constructor(private readonly ctx: PoolContext) {}

  async setTargets(poolName: string, targets: readonly NotifyTarget[], actor: Actor): Promise<void> {
    const { meta } = this.ctx;
    await meta.commit(() => {
      const pool = resolvePool(meta, poolName, actor, 'own');
      // Changes made before the first target was set are not announced.
      if (meta.settings.get(CURSOR_KEY) === undefined) meta.settings.set(CURSOR_KEY, String(meta.s3Notify.latestEventSeq()));
      meta.s3Notify.replaceTargets(pool.id, targets);
    });
  }

  targets(poolName: string, actor: Actor): NotifyTarget[] {
    return this.ctx.meta.s3Notify.targets(resolvePool(this.ctx.meta, poolName, actor, 'read').id);
  }

  /** Queues what changed since the cursor (at most `limit` events); returns how many events were read. */
  async collect(render: RenderChange, limit: number): Promise<number> {
    const { meta } = this.ctx;
    const cursor = meta.settings.get(CURSOR_KEY);
    if (cursor === undefined) return 0;
    const events = meta.events.after(Number(cursor), limit);
    if (events.length === 0) return 0;
    await meta.commit(() => {
      const watched = meta.s3Notify.poolsWithTargets();
      for (const event of events) {
        if (event.poolId === undefined || event.path === undefined || !watched.has(event.poolId)) continue;
        this.queue(event, render);
      }
      meta.settings.set(CURSOR_KEY, String(events.at(-1)!.seq));
    });
    return events.length;
  }

  private queue(event: KithEvent, render: RenderChange): void {
    const { meta } = this.ctx;
    const pool = meta.pools.byId(event.poolId!);
    if (!pool) return;
    const entry = meta.entries.getLive(pool.id, event.path!);
    const attrs = entry?.manifest === undefined ? undefined : meta.s3Objects.get(entry.fileUid, entry.manifest);
    for (const target of meta.s3Notify.targets(pool.id)) {
      const body = render({ event, pool, entry, attrs }, target);
      if (body !== undefined) meta.s3Notify.enqueue(target.url, body, this.ctx.now());
    }
  }

  due(limit: number): OutboxItem[] {
    return this.ctx.meta.s3Notify.due(this.ctx.now(), limit);
  }

  /** Deliveries waiting or failing, for an administrator's eyes. */
  pending(limit: number): OutboxItem[] {
    return this.ctx.meta.s3Notify.pending(limit);
  }

  async delivered(id: number): Promise<void> {
    await this.ctx.meta.commit(() => this.ctx.meta.s3Notify.delivered(id));
  }

  async failed(id: number, retryAt: number, error: string): Promise<void> {
    await this.ctx.meta.commit(() => this.ctx.meta.s3Notify.failed(id, retryAt, error));
  }
}
