/** A resource as WebDAV sees it: `/dav/` itself, a pool's root folder, or a file or folder inside a pool. */
import type { Actor } from '../../core/actor.js';
import { NotFoundError } from '../../core/errors.js';
import type { Entry } from '../../meta/index.js';
import type { DavContext } from './context.js';
import type { DavTarget } from './resource-path.js';

export interface Resource {
  target: DavTarget;
  /** Undefined for `/dav/` itself. */
  entry: Entry | undefined;
  isCollection: boolean;
}

export function resourceAt(ctx: DavContext, target: DavTarget, actor: Actor): Resource {
  if (target.pool === undefined) return { target, entry: undefined, isCollection: true };
  const entry = ctx.pools.files.stat(target.pool, target.path, actor);
  return { target, entry, isCollection: entry.kind === 'dir' };
}

/** The resource, or undefined when nothing is there (a pool the actor cannot see counts as nothing). */
export function findResource(ctx: DavContext, target: DavTarget, actor: Actor): Resource | undefined {
  try {
    return resourceAt(ctx, target, actor);
  } catch (err) {
    if (err instanceof NotFoundError) return undefined;
    throw err;
  }
}

/** The members of a collection, all of them, in name order. */
export function membersOf(ctx: DavContext, parent: Resource, actor: Actor): Resource[] {
  const { pool, path } = parent.target;
  if (pool === undefined) {
    return ctx.pools.pools.list(actor).map((p) => resourceAt(ctx, { pool: p.name, path: '' }, actor));
  }
  const listing = ctx.pools.files.list(pool, path, actor, { sort: 'name', order: 'asc', limit: -1, offset: 0 });
  return listing.entries.map((entry) => ({ target: { pool, path: entry.path }, entry, isCollection: entry.kind === 'dir' }));
}
