/** Pools: create, list, rename, delete (recoverable), restore and purge. */
import { randomUUID } from 'node:crypto';
import { LOCAL_ADMIN, type Actor } from '../core/actor.js';
import { AlreadyExistsError, ConflictError, ForbiddenError, NotFoundError } from '../core/errors.js';
import { normalizePoolName } from '../core/names.js';
import type { KithEvent, Pool, PoolKind } from '../meta/index.js';
import { resolvePool, type Access } from './access.js';
import type { PoolContext } from './context.js';
import { purgePool } from './purge.js';
import { remainingQuota } from './quota.js';

export interface PoolQuota {
  usedBytes: number;
  availableBytes: number | undefined;
}

export class PoolService {
  constructor(private readonly ctx: PoolContext) {}

  /** Creates a pool owned by the actor (or unowned, for the node administrator). */
  create(name: string, actor: Actor, kind: PoolKind = 'shared'): Promise<Pool> {
    return this.ctx.meta.commit(() => this.insert(name, actor, kind));
  }

  /** Inserts a pool, inside the caller's transaction. */
  insert(name: string, actor: Actor, kind: PoolKind): Pool {
    const poolName = normalizePoolName(name);
    const { meta } = this.ctx;
    if (meta.pools.byName(poolName)) throw new AlreadyExistsError(`pool "${poolName}" already exists`);
    const id = meta.pools.insert({ uid: randomUUID(), name: poolName, kind, ownerId: actor.userId, createdAt: this.ctx.now() });
    if (actor.userId !== undefined) meta.pools.addMember(id, actor.userId, 'owner');
    this.event(id, 'pool.created', actor, { name: poolName });
    return meta.pools.byId(id)!;
  }

  /**
   * The user's home pool, inside the caller's transaction, created on first use: "home-<user>", or
   * with a suffix if that is taken.
   */
  ensureHome(userId: number, userName: string): Pool {
    const { meta } = this.ctx;
    const existing = meta.pools.homeOf(userId);
    if (existing) return existing;
    const base = `home-${userName.replace(/[^a-z0-9-]/g, '-')}`.slice(0, 56).replace(/-+$/, '');
    let name = base;
    for (let i = 2; meta.pools.byName(name); i++) name = `${base}-${i}`;
    return this.insert(name, { userId, name: userName, admin: false }, 'home');
  }

  list(actor: Actor): Pool[] {
    const { meta } = this.ctx;
    if (actor.admin) return meta.pools.all();
    return actor.userId === undefined ? [] : meta.pools.forUser(actor.userId);
  }

  /** The pool, if the actor may use it as asked (reading, by default). */
  get(name: string, actor: Actor, need: Access = 'read'): Pool {
    return resolvePool(this.ctx.meta, name, actor, need);
  }

  rename(name: string, newName: string, actor: Actor): Promise<Pool> {
    const target = normalizePoolName(newName);
    const { meta } = this.ctx;
    return meta.commit(() => {
      const pool = resolvePool(meta, name, actor, 'own');
      if (meta.pools.byName(target)) throw new AlreadyExistsError(`pool "${target}" already exists`);
      meta.pools.rename(pool.id, target);
      this.event(pool.id, 'pool.renamed', actor, { from: pool.name, to: target });
      return meta.pools.byId(pool.id)!;
    });
  }

  /** Marks a pool deleted: its name is freed and its content kept until purged. */
  delete(name: string, actor: Actor): Promise<Pool> {
    return this.ctx.meta.commit(() => this.markDeleted(name, actor));
  }

  /** Marks a pool deleted, inside the caller's transaction. */
  markDeleted(name: string, actor: Actor): Pool {
    const { meta } = this.ctx;
    const pool = resolvePool(meta, name, actor, 'own');
    if (pool.kind === 'home' && !actor.admin) throw new ForbiddenError('a home pool cannot be deleted by its user');
    meta.pools.setDeleted(pool.id, this.ctx.now());
    this.event(pool.id, 'pool.deleted', actor, { name: pool.name });
    return meta.pools.byId(pool.id)!;
  }

  /** Deleted pools the actor owns (all of them for an administrator). */
  listDeleted(actor: Actor): Pool[] {
    return this.ctx.meta.pools.deleted().filter((p) => actor.admin || (p.ownerId !== undefined && p.ownerId === actor.userId));
  }

  restore(poolUid: string, actor: Actor): Promise<Pool> {
    const { meta } = this.ctx;
    return meta.commit(() => {
      const pool = this.deletedPool(poolUid, actor);
      if (meta.pools.byName(pool.name)) {
        throw new ConflictError(`a pool named "${pool.name}" exists again: rename it before restoring this one`);
      }
      meta.pools.setDeleted(pool.id, undefined);
      this.event(pool.id, 'pool.restored', actor, { name: pool.name });
      return meta.pools.byId(pool.id)!;
    });
  }

  /** Purges pools deleted longer ago than the trash retention; returns how many went. */
  async purgeExpired(): Promise<number> {
    const days = this.ctx.policy.trashRetentionDays;
    if (days <= 0) return 0;
    const cutoff = this.ctx.now() - days * 24 * 3600_000;
    const expired = this.ctx.meta.pools.deleted().filter((p) => p.deletedAt! < cutoff);
    for (const pool of expired) await this.purge(pool.uid, LOCAL_ADMIN);
    return expired.length;
  }

  /** Removes a deleted pool for good, releasing its content to the garbage collector. */
  async purge(poolUid: string, actor: Actor): Promise<void> {
    const { meta } = this.ctx;
    await meta.commit(() => {
      const pool = this.deletedPool(poolUid, actor);
      purgePool(this.ctx, pool.id);
      this.event(undefined, 'pool.purged', actor, { name: pool.name, uid: pool.uid });
    });
  }

  setTrashRetention(name: string, days: number | undefined, actor: Actor): Promise<Pool> {
    const { meta } = this.ctx;
    return meta.commit(() => {
      const pool = resolvePool(meta, name, actor, 'own');
      meta.pools.setTrashRetention(pool.id, days);
      return meta.pools.byId(pool.id)!;
    });
  }

  /** The latest changes in a pool, or in one of its folders, newest first. */
  latestEvents(name: string, dir: string, actor: Actor, limit: number): KithEvent[] {
    const pool = resolvePool(this.ctx.meta, name, actor, 'read');
    return this.ctx.meta.events.latest(pool.id, dir, limit);
  }

  /**
   * Recent changes across the pools the actor reads, newest first, each with its pool's name;
   * `beforeSeq` pages back (the last seq seen).
   */
  activity(actor: Actor, limit: number, beforeSeq = Number.MAX_SAFE_INTEGER): { pool: string; event: KithEvent }[] {
    const readable = new Map(this.list(actor).map((pool) => [pool.id, pool.name]));
    return this.ctx.meta.events.latestIn([...readable.keys()], beforeSeq, limit).map((event) => ({ pool: readable.get(event.poolId!)!, event }));
  }

  /** Throws unless the actor may change files in the pool (before taking a WebDAV lock, which changes nothing yet). */
  assertWritable(name: string, actor: Actor): void {
    resolvePool(this.ctx.meta, name, actor, 'write');
  }

  /** Bytes the pool's owner uses and has left (RFC 4331 quota figures); no figure left means no quota. */
  quota(name: string, actor: Actor): PoolQuota {
    const { meta } = this.ctx;
    const pool = resolvePool(meta, name, actor, 'read');
    const usedBytes = pool.ownerId === undefined ? pool.filesBytes : meta.pools.usageOf(pool.ownerId).files;
    return { usedBytes, availableBytes: remainingQuota(meta, pool) };
  }

  ownerName(pool: Pool): string | undefined {
    return pool.ownerId === undefined ? undefined : this.ctx.meta.users.byId(pool.ownerId)?.name;
  }

  /** The change log, all of it for an administrator, else of one readable pool. */
  events(actor: Actor, after: number, limit: number, poolName?: string): KithEvent[] {
    if (poolName === undefined) {
      if (!actor.admin) throw new ForbiddenError('only an administrator may read every pool\'s events; name a pool');
      return this.ctx.meta.events.after(after, limit);
    }
    return this.ctx.meta.events.after(after, limit, resolvePool(this.ctx.meta, poolName, actor, 'read').id);
  }

  private deletedPool(uid: string, actor: Actor): Pool {
    const pool = this.ctx.meta.pools.deleted().find((p) => p.uid === uid);
    if (!pool || !(actor.admin || pool.ownerId === actor.userId)) {
      throw new NotFoundError(`no deleted pool with id ${uid}`);
    }
    return pool;
  }

  private event(poolId: number | undefined, type: 'pool.created' | 'pool.renamed' | 'pool.deleted' | 'pool.restored' | 'pool.purged', actor: Actor, detail: Record<string, unknown>): void {
    this.ctx.meta.events.append({ at: this.ctx.now(), poolId, type, path: undefined, actor: actor.name, detail });
  }
}
