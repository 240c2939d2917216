/** A new member needs an existing parent collection: otherwise 409 Conflict (RFC 4918 §9.3.1, §9.7.1, §9.8.5). */
import type { Actor } from '../../core/actor.js';
import { parentOf } from '../../core/names.js';
import type { DavContext } from './context.js';
import { DavError } from './errors.js';
import { findResource } from './resource.js';
import type { DavTarget } from './resource-path.js';

export function requireParentCollection(ctx: DavContext, target: DavTarget, actor: Actor): void {
  const parent = findResource(ctx, { pool: target.pool, path: parentOf(target.path) }, actor);
  if (!parent?.isCollection) throw new DavError(409, `the parent collection of "${target.path}" does not exist`);
}
