/** A new member needs an existing parent collection: otherwise 409 Conflict (RFC 4918 §9.3.1, §9.7.1, §9.8.5). */
import type { Actor } from '../../core/actor.js';
import type { DavContext } from './context.js';
import { ConflictError } from '../../core/errors.js';
import { findResource } from './resource.js';
import { parentTarget, type DavTarget } from './resource-path.js';

export function requireParentCollection(ctx: DavContext, target: DavTarget, actor: Actor): void {
  const parent = findResource(ctx, parentTarget(target), actor);
  if (!parent?.isCollection) throw new ConflictError(`the parent collection of "${target.path}" does not exist`);
}
