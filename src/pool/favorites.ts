/**
 * Favorites and recent files: the two shortcuts a file manager shows beside the pools. Both list
 * only what the user can still read, where it is now.
 */
import type { Actor } from '../core/actor.js';
import { InvalidInputError } from '../core/errors.js';
import type { Entry } from '../meta/index.js';
import type { PoolContext } from './context.js';
import type { FileService } from './files.js';
import type { PoolService } from './pools.js';

export interface PoolEntry {
  pool: string;
  entry: Entry;
}

/** Events read per recent file asked for: writes to one file repeat, and some files are gone. */
const EVENTS_PER_RESULT = 4;

export class FavoriteService {
  constructor(
    private readonly ctx: PoolContext,
    private readonly pools: PoolService,
    private readonly files: FileService,
  ) {}

  async add(poolName: string, path: string, actor: Actor): Promise<PoolEntry> {
    const userId = requireUser(actor);
    const pool = this.pools.get(poolName, actor);
    const entry = this.files.stat(pool.name, path, actor);
    await this.ctx.meta.commit(() => this.ctx.meta.favorites.add(userId, pool.id, entry.fileUid, this.ctx.now()));
    return { pool: pool.name, entry };
  }

  async remove(poolName: string, path: string, actor: Actor): Promise<void> {
    const userId = requireUser(actor);
    const pool = this.pools.get(poolName, actor);
    const entry = this.files.stat(pool.name, path, actor);
    await this.ctx.meta.commit(() => this.ctx.meta.favorites.remove(userId, pool.id, entry.fileUid));
  }

  /** The user's favorites, newest first, each where its file is now. */
  list(actor: Actor): PoolEntry[] {
    const { meta } = this.ctx;
    const readable = new Map(this.pools.list(actor).map((pool) => [pool.id, pool.name]));
    return meta.favorites.list(requireUser(actor)).flatMap((favorite) => {
      const pool = readable.get(favorite.poolId);
      const entry = pool === undefined ? undefined : meta.entries.liveByUid(favorite.poolId, favorite.fileUid);
      return pool === undefined || entry === undefined ? [] : [{ pool, entry }];
    });
  }

  /** Files written lately in the pools the actor reads, newest first, each once. */
  recent(actor: Actor, limit: number): PoolEntry[] {
    const { meta } = this.ctx;
    const readable = new Map(this.pools.list(actor).map((pool) => [pool.id, pool.name]));
    const seen = new Set<string>();
    const found: PoolEntry[] = [];
    for (const event of meta.events.latestOfType('file.written', [...readable.keys()], limit * EVENTS_PER_RESULT)) {
      const key = `${event.poolId}/${event.path}`;
      if (found.length === limit || seen.has(key) || event.path === undefined) continue;
      seen.add(key);
      const entry = meta.entries.getLive(event.poolId!, event.path);
      if (entry?.kind === 'file') found.push({ pool: readable.get(event.poolId!)!, entry });
    }
    return found;
  }
}

function requireUser(actor: Actor): number {
  if (actor.userId === undefined) throw new InvalidInputError('favorites belong to a user: use a user\'s credentials');
  return actor.userId;
}
