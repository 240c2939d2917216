/**
 * Who is calling: a session cookie (browsers), a bearer token (CLI, scripts), or HTTP Basic with a
 * user name and an app password (WebDAV/S3-style clients). Routes say what they need in their
 * config (`auth: 'none' | 'user' | 'admin'`, default 'user').
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../core/actor.js';
import { ForbiddenError, UnauthorizedError } from '../core/errors.js';
import type { AuthServices } from '../auth/index.js';

export const SESSION_COOKIE = 'kith_session';

export type AuthNeed = 'none' | 'user' | 'admin';

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: AuthNeed;
  }
  interface FastifyRequest {
    actor: Actor | undefined;
    /** How the actor was proven; cookie sessions get CSRF checks. */
    authVia: 'session' | 'token' | undefined;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function installAuth(app: FastifyInstance, auth: AuthServices): void {
  app.decorateRequest('actor', undefined);
  app.decorateRequest('authVia', undefined);
  app.addHook('onRequest', async (request) => {
    identify(request, auth);
    const need = request.routeOptions.config.auth ?? 'user';
    if (need === 'none') return;
    if (!request.actor) throw new UnauthorizedError();
    if (need === 'admin' && !request.actor.admin) throw new ForbiddenError('only an administrator may do this');
    if (request.authVia === 'session' && !SAFE_METHODS.has(request.method)) assertSameOrigin(request);
  });
}

function identify(request: FastifyRequest, auth: AuthServices): void {
  const found = credentialOf(request.headers.authorization, request.cookies[SESSION_COOKIE], auth);
  request.actor = found?.actor;
  request.authVia = found?.via;
}

/**
 * Who a request's credentials name: its Authorization header, else its session cookie. A wrong
 * Authorization header is an error even on open routes: the caller meant to be someone.
 */
export function credentialOf(authorization: string | undefined, sessionCookie: string | undefined, auth: AuthServices): { actor: Actor; via: 'session' | 'token' } | undefined {
  if (authorization) {
    const actor = fromAuthorization(authorization, auth);
    if (!actor) throw new UnauthorizedError('invalid credentials');
    return { actor, via: 'token' };
  }
  const found = sessionCookie === undefined ? undefined : auth.credentials.authenticateSession(sessionCookie);
  return found === undefined ? undefined : { actor: found.actor, via: 'session' };
}

function fromAuthorization(header: string, auth: AuthServices): Actor | undefined {
  const [scheme, value] = header.split(' ', 2);
  if (!value) return undefined;
  if (scheme?.toLowerCase() === 'bearer') return auth.credentials.authenticateToken(value.trim());
  if (scheme?.toLowerCase() === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    return auth.credentials.authenticateToken(decoded.slice(colon + 1), decoded.slice(0, colon));
  }
  return undefined;
}

/**
 * Cookie-authenticated changes must come from this node's own pages. SameSite=Strict already
 * keeps the cookie off cross-site requests; checking Origin also covers older browsers.
 */
function assertSameOrigin(request: FastifyRequest): void {
  const origin = request.headers.origin;
  if (origin === undefined) return;
  const host = request.headers.host;
  let originHost: string | undefined;
  try {
    originHost = new URL(origin).host;
  } catch {
    originHost = undefined;
  }
  if (originHost !== host) throw new ForbiddenError('cross-origin request refused');
}
