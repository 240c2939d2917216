/**
 * COPY (RFC 4918 §9.8) and MOVE (§9.9), within a pool or across pools. Neither copies content (the
 * pool layer shares it). With Overwrite: T a resource at the destination goes to the trash first
 * (§9.8.4, §9.9.3); with Overwrite: F it is a 412. A move keeps dead properties (they follow the
 * file); a copy duplicates them; locks follow neither (§7.6).
 */
import type { FastifyReply } from 'fastify';
import { ForbiddenError, InvalidInputError } from '../../core/errors.js';
import type { DavContext, DavRequest } from './context.js';
import { preconditionFailed } from './errors.js';
import { headerOf, parseDepth, parseOverwrite } from './headers.js';
import { requireLockTokens } from './lock-guard.js';
import { requireParentCollection } from './parents.js';
import { findResource, resourceAt, type Resource } from './resource.js';
import { isWithin, targetOfReference, type DavTarget } from './resource-path.js';

type Kind = 'copy' | 'move';

export const handleCopy = (ctx: DavContext, req: DavRequest, reply: FastifyReply): Promise<FastifyReply> => transfer(ctx, req, reply, 'copy');
export const handleMove = (ctx: DavContext, req: DavRequest, reply: FastifyReply): Promise<FastifyReply> => transfer(ctx, req, reply, 'move');

async function transfer(ctx: DavContext, req: DavRequest, reply: FastifyReply, kind: Kind): Promise<FastifyReply> {
  const from = req.target;
  const to = destinationOf(req);
  if (isWithin(to, from) || isWithin(from, to)) throw new ForbiddenError('the source and the destination overlap');
  const overwrite = parseOverwrite(headerOf(req.raw, 'overwrite'));
  const depth = parseDepth(headerOf(req.raw, 'depth'), 'infinity');
  if (depth === 1 || (kind === 'move' && depth !== 'infinity')) throw new InvalidInputError(`${kind.toUpperCase()} does not take Depth: ${depth}`);
  const source = resourceAt(ctx, from, req.actor);
  requireParentCollection(ctx, to, req.actor);
  const existing = findResource(ctx, to, req.actor);
  if (existing && !overwrite) throw preconditionFailed('the destination exists and Overwrite is F');
  const moving = kind === 'move' ? [{ target: from, members: true, membership: true }] : [];
  requireLockTokens(ctx, req, ...moving, { target: to, members: true, membership: true });
  const shallow = kind === 'copy' && depth === 0 && source.isCollection;
  await clearDestination(ctx, req, to, existing, source, shallow);
  await perform(ctx, req, from, to, kind, shallow);
  return reply.code(existing ? 204 : 201).send();
}

function destinationOf(req: DavRequest): DavTarget {
  const header = req.raw.headers.destination;
  if (typeof header !== 'string' || header === '') throw new InvalidInputError(`${req.raw.method} needs a Destination header`);
  const to = targetOfReference(header, req.raw.headers.host);
  if (req.target.pool === undefined || req.target.path === '' || to.pool === undefined || to.path === '') {
    throw new ForbiddenError('pools themselves cannot be copied or moved over WebDAV');
  }
  return to;
}

/**
 * A destination of the same kind is replaced by the pool layer in the same transaction as the
 * transfer; one of another kind (or the target of a shallow copy) is deleted to the trash first.
 */
async function clearDestination(ctx: DavContext, req: DavRequest, to: DavTarget, existing: Resource | undefined, source: Resource, shallow: boolean): Promise<void> {
  if (!existing) return;
  await ctx.locks.removeInside(to);
  if (existing.isCollection === source.isCollection && !shallow) return;
  await ctx.pools.tree.delete(to.pool!, to.path, req.actor);
}

async function perform(ctx: DavContext, req: DavRequest, from: DavTarget, to: DavTarget, kind: Kind, shallow: boolean): Promise<void> {
  const { files, tree, properties } = ctx.pools;
  const opts = { overwrite: true, toPool: to.pool };
  if (kind === 'move') {
    await tree.move(from.pool!, from.path, to.path, req.actor, opts);
    await ctx.locks.removeInside(from);
    return;
  }
  if (shallow) await files.mkdir(to.pool!, to.path, req.actor);
  else await tree.copy(from.pool!, from.path, to.path, req.actor, opts);
  await properties.copyAlong(from.pool!, from.path, to.pool!, to.path, req.actor);
}
