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

/** Folders are listed a page at a time: a folder may hold many thousands of files. */
const PAGE = 500;

/** The members of a collection, folders first, then by name, read a page at a time as they are consumed. */
export function* membersOf(ctx: DavContext, parent: Resource, actor: Actor): Generator<Resource> {
  const { pool, path } = parent.target;
  if (pool === undefined) {
    for (const p of ctx.pools.pools.list(actor)) yield resourceAt(ctx, { pool: p.name, path: '' }, actor);
    return;
  }
  for (let offset = 0; ; offset += PAGE) {
    const { entries } = ctx.pools.files.list(pool, path, actor, { sort: 'name', order: 'asc', limit: PAGE, offset });
    for (const entry of entries) yield { target: { pool, path: entry.path }, entry, isCollection: entry.kind === 'dir' };
    if (entries.length < PAGE) return;
  }
}
