/**
 * MKCOL (RFC 4918 §9.3) and DELETE (§9.6). A deleted file or folder goes to the pool's trash, as
 * everywhere else in Kith, and the locks on it end with it.
 */
import type { FastifyReply } from 'fastify';
import { ForbiddenError, InvalidInputError } from '../../core/errors.js';
import type { DavContext, DavRequest } from './context.js';
import { DavError, methodNotAllowed } from './errors.js';
import { headerOf, parseDepth } from './headers.js';
import { requireLockTokens } from './lock-guard.js';
import { requireParentCollection } from './parents.js';
import { readBody } from './request-body.js';
import { findResource, resourceAt } from './resource.js';

export async function handleMkcol(ctx: DavContext, req: DavRequest, reply: FastifyReply): Promise<FastifyReply> {
  // §9.3.1: we define no MKCOL body, so any body is an unsupported one.
  if ((await readBody(req.raw, ctx.limits.xmlBodyLimitBytes)).length > 0) {
    throw new DavError(415, 'MKCOL takes no request body', { code: 'E_INVALID' });
  }
  const { pool, path } = req.target;
  const existing = findResource(ctx, req.target, req.actor);
  if (existing) throw methodNotAllowed('something already exists at this URL', existing.isCollection);
  if (pool === undefined || path === '') throw new ForbiddenError('pools are created in the web app or with `kith pool create`');
  requireParentCollection(ctx, req.target, req.actor);
  requireLockTokens(ctx, req, { target: req.target, membership: true });
  await ctx.pools.files.mkdir(pool, path, req.actor);
  return reply.code(201).send();
}

export async function handleDelete(ctx: DavContext, req: DavRequest, reply: FastifyReply): Promise<FastifyReply> {
  const { pool, path } = req.target;
  if (pool === undefined || path === '') throw new ForbiddenError('pools are deleted in the web app or with `kith pool rm`');
  const resource = resourceAt(ctx, req.target, req.actor);
  // §9.6.1: a collection is always deleted whole.
  if (resource.isCollection && parseDepth(headerOf(req.raw, 'depth'), 'infinity') !== 'infinity') {
    throw new InvalidInputError('DELETE of a collection must have Depth: infinity');
  }
  requireLockTokens(ctx, req, { target: req.target, members: true, membership: true });
  await ctx.pools.tree.delete(pool, path, req.actor);
  await ctx.locks.removeInside(req.target);
  return reply.code(204).send();
}
