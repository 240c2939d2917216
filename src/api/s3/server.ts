/**
 * The S3 door: a Fastify instance of its own, on its own port. Every request goes the same way:
 * route (router.ts, a pure function), authenticate (Signature V4), run the operation's handler;
 * any failure leaves through errors.ts as S3 XML.
 */
import { randomBytes } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Actor } from '../../core/actor.js';
import { KithError } from '../../core/errors.js';
import { abortOnClientClose } from '../abort-on-close.js';
import type { S3Deps } from './context.js';
import { S3Error, s3CodeOf, sendS3Error, type ErrorTarget } from './errors.js';
import { HANDLERS } from './handlers/index.js';
import { payloadOf } from './payload.js';
import { routeRequest } from './router.js';
import { isPresigned, verifySignature, type SignedRequest, type VerifiedSignature } from './sigv4/verify.js';

export async function buildS3Server(deps: S3Deps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.log.child({ component: 's3' }) as FastifyBaseLogger,
    requestTimeout: 0,
    exposeHeadRoutes: false,
    routerOptions: { ignoreTrailingSlash: false, caseSensitive: true, maxParamLength: 8192 },
    logController: new LogController({ disableRequestLogging: true }),
  });
  // Bodies are object bytes or small XML documents: handlers read the raw stream themselves.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null));
  app.route({ method: ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'], url: '/*', handler: (request, reply) => serve(deps, request, reply) });
  app.setNotFoundHandler((request, reply) => sendS3Error(reply, new S3Error('MethodNotAllowed', `${request.method} is not supported`), {}, requestId()));
  return app;
}

async function serve(deps: S3Deps, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const id = requestId();
  reply.header('x-amz-request-id', id);
  const target: ErrorTarget = {};
  try {
    const url = splitUrl(request.raw.url ?? '/');
    const params = new Set(url.query.map(([k]) => k));
    const route = routeRequest({ method: request.method, host: request.headers.host, rawPath: url.rawPath, params, copySource: request.headers['x-amz-copy-source'] !== undefined }, deps.baseDomain);
    Object.assign(target, { bucket: route.bucket, key: route.key });
    const { actor, signature } = authenticate(deps, { method: request.method, rawPath: url.rawPath, query: url.query, header: (name) => headerOf(request, name) });
    if (route.bucket !== undefined && route.op !== 'CreateBucket') requireBucket(deps, route.bucket, actor);
    const length = request.headers['x-amz-decoded-content-length'] ?? request.headers['content-length'];
    await HANDLERS[route.op]({
      deps,
      request,
      reply,
      route,
      query: new Map(url.query),
      actor,
      payload: payloadOf(request.raw, signature),
      bodyLength: length === undefined ? undefined : Number(length),
      signal: abortOnClientClose(reply),
    });
    return reply;
  } catch (err) {
    // Failed mid-body: the status line is gone, only cutting the connection tells the client.
    if (reply.sent) return reply.raw.destroy(err as Error), reply;
    if (!request.raw.complete) reply.header('connection', 'close');
    if (s3CodeOf(err, target) === 'InternalError') request.log.error({ err }, 'unexpected error');
    else request.log.debug({ err }, 'request failed');
    return sendS3Error(reply, err, target, id);
  }
}

/** Who signed the request; every request must be signed (there is no anonymous access). */
function authenticate(deps: S3Deps, signed: SignedRequest): { actor: Actor; signature: VerifiedSignature } {
  if (signed.header('authorization') === undefined && !isPresigned(signed)) {
    throw new S3Error('AccessDenied', 'anonymous access is not allowed; sign requests with an access key');
  }
  let found: ReturnType<S3Deps['keys']['resolve']>;
  const signature = verifySignature(signed, (keyId) => (found = deps.keys.resolve(keyId))?.secret, deps.now());
  deps.keys.touch(found!.key);
  return { actor: found!.actor, signature };
}

/** A missing bucket is NoSuchBucket whatever the operation, even one that names a key. */
function requireBucket(deps: S3Deps, bucket: string, actor: Actor): void {
  try {
    deps.pools.pools.get(bucket, actor);
  } catch (err) {
    if (err instanceof KithError && (err.code === 'E_NOT_FOUND' || err.code === 'E_BAD_NAME')) throw new S3Error('NoSuchBucket', 'the specified bucket does not exist');
    throw err;
  }
}

function headerOf(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** The path as sent, and the query decoded pair by pair ('+' is a plus sign, as S3 clients mean it). */
export function splitUrl(url: string): { rawPath: string; query: [string, string][] } {
  const q = url.indexOf('?');
  const rawPath = q < 0 ? url : url.slice(0, q);
  const search = q < 0 ? '' : url.slice(q + 1);
  const query = search
    .split('&')
    .filter((p) => p !== '')
    .map((p): [string, string] => {
      const eq = p.indexOf('=');
      return eq < 0 ? [decodeParam(p), ''] : [decodeParam(p.slice(0, eq)), decodeParam(p.slice(eq + 1))];
    });
  return { rawPath, query };
}

function decodeParam(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new S3Error('InvalidURI', 'the query string is not valid percent-encoding');
  }
}

function requestId(): string {
  return randomBytes(8).toString('hex').toUpperCase();
}
