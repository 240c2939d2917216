/**
 * The WebDAV tree at /dav/ (RFC 4918, classes 1 and 2): one encapsulated Fastify scope with its own
 * body handling (none: XML bodies are read by the handlers that take one, PUT bodies stream into
 * the pool) and its own error dialect (errors.ts). Every request goes through `dispatch`, which
 * resolves the URL, checks the If header, then hands over to the method's handler.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiDeps } from '../context.js';
import { handleDelete, handleMkcol } from './collections.js';
import { handleGet, handlePut } from './content.js';
import type { DavContext, DavHandler } from './context.js';
import { sendDavError } from './errors.js';
import { parseIfHeader, submittedTokens } from './if-header.js';
import { checkIfHeader } from './lock-guard.js';
import { LockManager } from './lock-manager.js';
import { handleLock, handleUnlock } from './locking.js';
import { handlePropfind } from './propfind.js';
import { handleProppatch } from './proppatch.js';
import { DAV_ROOT, targetOfUri } from './resource-path.js';
import { handleCopy, handleMove } from './transfer.js';

const HANDLERS: Record<string, DavHandler> = {
  GET: handleGet,
  HEAD: handleGet,
  PUT: handlePut,
  DELETE: handleDelete,
  MKCOL: handleMkcol,
  COPY: handleCopy,
  MOVE: handleMove,
  PROPFIND: handlePropfind,
  PROPPATCH: handleProppatch,
  LOCK: handleLock,
  UNLOCK: handleUnlock,
};

/** Methods Fastify does not know by default; registered on the root instance before any route. */
export const WEBDAV_METHODS = ['PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK'] as const;

const ALLOW = ['OPTIONS', ...Object.keys(HANDLERS)].join(', ');

export function webdavRoutes(deps: ApiDeps) {
  const ctx: DavContext = {
    pools: deps.pools,
    locks: new LockManager(Date.now, deps.webdavLocks),
    limits: deps.webdav,
    diskFreeBytes: async () => (await deps.node.info()).disk.freeBytes,
  };
  return async (scope: FastifyInstance): Promise<void> => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
    scope.setErrorHandler((err: FastifyError, request, reply) => sendDavError(request, reply, err));
    for (const url of [DAV_ROOT, `${DAV_ROOT}/*`]) {
      // Discovery without credentials (§9.9 of RFC 9110's OPTIONS): some clients probe before they
      // authenticate, and the answer is the same for every URL, so it reveals nothing.
      scope.route({ method: 'OPTIONS', url, config: { auth: 'none' }, handler: (_request, reply) => sendOptions(reply) });
      scope.route({ method: Object.keys(HANDLERS), url, handler: (request, reply) => dispatch(ctx, request, reply) });
    }
  };
}

async function dispatch(ctx: DavContext, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const ifHeader = request.headers.if;
  const ifLists = typeof ifHeader === 'string' ? parseIfHeader(ifHeader) : [];
  const req = { target: targetOfUri(request.raw.url ?? '/'), actor: request.actor!, ifLists, tokens: submittedTokens(ifLists), raw: request };
  checkIfHeader(ctx, req);
  return HANDLERS[request.method]!(ctx, req, reply);
}

/** RFC 4918 §10.1: compliance classes 1 and 2. */
function sendOptions(reply: FastifyReply): FastifyReply {
  return reply.code(200).header('dav', '1, 2').header('ms-author-via', 'DAV').header('allow', ALLOW).header('content-length', '0').send();
}
