/**
 * LOCK (RFC 4918 §9.10) and UNLOCK (§9.11). A LOCK with a body takes a new lock, creating an empty
 * file at an unmapped URL (§7.3, answered 201); a LOCK without a body refreshes the lock whose
 * token the If header submits, also through a member of a locked collection (§9.10.2).
 */
import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { ForbiddenError, InvalidInputError } from '../../core/errors.js';
import type { DavContext, DavRequest } from './context.js';
import { DavError, preconditionFailed } from './errors.js';
import { headerOf, parseDepth, parseLockToken, parseTimeout } from './headers.js';
import { activeLock } from './live-props.js';
import { requireLockTokens } from './lock-guard.js';
import type { DavLock, LockScope } from './lock-manager.js';
import { requireParentCollection } from './parents.js';
import { readXmlBody } from './request-body.js';
import { findResource } from './resource.js';
import { hrefOf } from './resource-path.js';
import { childElements, davChild, isDav, type XmlElement } from './xml-parse.js';
import { dav, document, serializeNodes } from './xml-write.js';

export async function handleLock(ctx: DavContext, req: DavRequest, reply: FastifyReply): Promise<FastifyReply> {
  const { pool, path } = req.target;
  if (pool === undefined) throw new ForbiddenError('the WebDAV root cannot be locked');
  const body = await readXmlBody(req.raw, ctx.limits.xmlBodyLimitBytes);
  const timeoutSeconds = parseTimeout(headerOf(req.raw, 'timeout'), ctx.limits.maxLockSeconds);
  if (!body) return sendLock(ctx, reply, await ctx.locks.refresh(lockToRefresh(ctx, req), timeoutSeconds), 200);
  const info = parseLockInfo(body);
  const depth = parseDepth(headerOf(req.raw, 'depth'), 'infinity');
  if (depth === 1) throw new InvalidInputError('LOCK takes Depth 0 or infinity');
  // A lock keeps others from writing: only someone who may write may take one.
  ctx.pools.pools.assertWritable(pool, req.actor);
  const existing = findResource(ctx, req.target, req.actor);
  const isCollection = existing?.isCollection ?? false;
  const wanted = { ...info, root: { pool, path }, rootIsCollection: isCollection, depth: isCollection ? depth : 0, principal: req.actor.name, timeoutSeconds };
  const lockRootHref = (l: DavLock): string => hrefOf(l.root, l.rootIsCollection);
  ctx.locks.assertNoConflict(wanted, lockRootHref);
  if (!existing) {
    requireParentCollection(ctx, req.target, req.actor);
    requireLockTokens(ctx, req, { target: req.target, membership: true });
    await ctx.pools.files.put(pool, path, Readable.from([]), req.actor, { ifNoneMatch: true });
  }
  const lock = await ctx.locks.create(wanted, lockRootHref);
  reply.header('lock-token', `<${lock.token}>`);
  return sendLock(ctx, reply, lock, existing ? 200 : 201);
}

export async function handleUnlock(ctx: DavContext, req: DavRequest, reply: FastifyReply): Promise<FastifyReply> {
  const token = parseLockToken(headerOf(req.raw, 'lock-token'));
  const lock = ctx.locks.covering(req.target).find((l) => l.token === token);
  if (!lock) throw new DavError(409, 'no lock with this token covers the resource', { condition: dav('lock-token-matches-request-uri') });
  if (lock.principal !== req.actor.name) throw new ForbiddenError('this lock belongs to someone else');
  await ctx.locks.remove(token);
  return reply.code(204).send();
}

function lockToRefresh(ctx: DavContext, req: DavRequest): DavLock {
  const lock = ctx.locks.covering(req.target).find((l) => req.tokens.has(l.token) && l.principal === req.actor.name);
  if (!lock) throw preconditionFailed('a lock refresh needs the lock token in the If header', dav('lock-token-matches-request-uri'));
  return lock;
}

function parseLockInfo(body: XmlElement): { scope: LockScope; owner: string } {
  if (!isDav(body, 'lockinfo')) throw new InvalidInputError('the body of a LOCK must be a DAV:lockinfo');
  const scope = childElements(davChild(body, 'lockscope') ?? body).find((e) => isDav(e, 'exclusive') || isDav(e, 'shared'));
  if (!scope) throw new InvalidInputError('DAV:lockinfo needs a lockscope of exclusive or shared');
  if (!childElements(davChild(body, 'locktype') ?? body).some((e) => isDav(e, 'write'))) {
    throw new InvalidInputError('only write locks exist (DAV:locktype must be DAV:write)');
  }
  const owner = davChild(body, 'owner');
  return { scope: scope.local as LockScope, owner: owner ? serializeNodes(owner.children) : '' };
}

function sendLock(ctx: DavContext, reply: FastifyReply, lock: DavLock, status: number): FastifyReply {
  const body = document(dav('prop', dav('lockdiscovery', activeLock(lock, ctx.locks))));
  return reply.code(status).type('application/xml; charset=utf-8').send(body);
}
