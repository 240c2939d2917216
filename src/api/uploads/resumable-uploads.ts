/**
 * Resumable uploads by the tus protocol (tus.io, v1.0.0: core, creation, termination, expiration)
 * with @tus/server, at /api/v1/uploads. The bytes land in a staging folder of the data directory
 * (@tus/file-store) until the last one arrives; then the file is put into its pool like any other
 * upload (chunked, verified, versioned, committed) and the staged copy removed. A dropped
 * connection or a reloaded page resumes where the node's copy ends (HEAD, then PATCH from there).
 *
 * Metadata names the target: `pool` and `path`, and `mtime` (ms) if the client knows it. An upload
 * belongs to whoever created it: nobody else can see, continue or cancel it.
 */
import { createReadStream } from 'node:fs';
import { FileStore } from '@tus/file-store';
import { Server, type Upload } from '@tus/server';
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../core/actor.js';
import { ConflictError, InvalidInputError, KithError, NotFoundError, QuotaExceededError, UnauthorizedError } from '../../core/errors.js';
import { normalizePath } from '../../core/names.js';
import { credentialOf, SESSION_COOKIE } from '../auth-hook.js';
import type { Entry } from '../../meta/index.js';
import type { ApiDeps } from '../context.js';
import { errorBody, statusOf } from '../errors.js';

const ROUTE = '/api/v1/uploads';
/** Unfinished uploads are kept this long after their last byte, then cleaned up. */
const EXPIRE_AFTER_MS = 24 * 3600_000;
const CLEANUP_INTERVAL_MS = 3600_000;

export async function resumableUploadRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const datastore = new FileStore({ directory: deps.uploadsDir, expirationPeriodInMilliseconds: EXPIRE_AFTER_MS });
  const actorOf = (req: Request): Actor => {
    const cookies = app.parseCookie(req.headers.get('cookie') ?? '');
    const found = credentialOf(req.headers.get('authorization') ?? undefined, cookies[SESSION_COOKIE], deps.auth);
    if (found === undefined) throw new UnauthorizedError();
    return found.actor;
  };
  const tus = new Server({
    path: ROUTE,
    datastore,
    relativeLocation: true,
    // The node's own pages are its only browser clients: no cross-origin uploads.
    allowedOrigins: [],
    onIncomingRequest: tusErrors(async (req, id) => {
      const actor = actorOf(req);
      if (req.method !== 'POST' && req.method !== 'OPTIONS' && ownerOf((await datastore.getUpload(id).catch(() => undefined))) !== actorKey(actor)) throw new NotFoundError('no such upload');
    }),
    onUploadCreate: tusErrors(async (req, upload) => ({ metadata: { ...upload.metadata, owner: actorKey(checkTarget(deps, actorOf(req), upload)) } })),
    onUploadFinish: tusErrors(async (req, upload) => {
      const entry = await importUpload(deps, actorOf(req), upload);
      await datastore.remove(upload.id);
      return { headers: { 'kith-etag': `"${entry.manifest ?? ''}"` } };
    }),
  });

  const timer = setInterval(() => void tus.cleanUpExpiredUploads().catch((err: unknown) => deps.log.warn({ err }, 'could not clean up expired uploads')), CLEANUP_INTERVAL_MS);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));

  await app.register(async (scope) => {
    // tus reads the request body itself.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
    for (const url of [ROUTE, `${ROUTE}/:id`]) {
      scope.route({
        method: ['POST', 'HEAD', 'PATCH', 'DELETE', 'OPTIONS'],
        url,
        schema: { hide: true },
        handler: async (request, reply) => {
          reply.hijack();
          await tus.handle(request.raw, reply.raw);
        },
      });
    }
  });
}

/**
 * Checks the target before any byte is stored: a pool the actor may write, a valid path that is not
 * a folder, room in the quota. The import checks again, as things may change in between.
 */
function checkTarget(deps: ApiDeps, actor: Actor, upload: Upload): Actor {
  const { pool, path } = upload.metadata ?? {};
  if (!pool || !path) throw new InvalidInputError('upload metadata must name the pool and the path');
  if (upload.size === undefined) throw new InvalidInputError('give the upload\'s length when creating it (Upload-Length)');
  deps.pools.pools.get(pool, actor, 'write');
  if (normalizePath(path) === '') throw new InvalidInputError('upload metadata must name a file, not the pool itself');
  const replaced = existingFile(deps, actor, pool, path);
  checkQuota(deps, actor, pool, upload.size - (replaced?.size ?? 0));
  return actor;
}

function checkQuota(deps: ApiDeps, actor: Actor, pool: string, addedBytes: number): void {
  const { availableBytes } = deps.pools.pools.quota(pool, actor);
  if (availableBytes !== undefined && addedBytes > availableBytes) throw new QuotaExceededError(`quota exceeded: ${addedBytes} more bytes do not fit in the ${availableBytes} left`);
}

/** The file the upload will replace (whose bytes it frees), if any; a folder there is a clash. */
function existingFile(deps: ApiDeps, actor: Actor, pool: string, path: string): Entry | undefined {
  let entry: Entry;
  try {
    entry = deps.pools.files.stat(pool, path, actor);
  } catch (err) {
    if (err instanceof NotFoundError) return undefined;
    throw err;
  }
  if (entry.kind === 'dir') throw new ConflictError(`"${normalizePath(path)}" is a folder`);
  return entry;
}

async function importUpload(deps: ApiDeps, actor: Actor, upload: Upload) {
  const { pool, path, mtime } = upload.metadata ?? {};
  const source = createReadStream(`${deps.uploadsDir}/${upload.id}`);
  const { entry } = await deps.pools.files.put(pool!, path!, source, actor, { sizeHint: upload.size, mtime: mtime ? Number(mtime) : undefined });
  return entry;
}

function actorKey(actor: Actor): string {
  return actor.userId === undefined ? 'local-admin' : `user:${actor.userId}`;
}

function ownerOf(upload: Upload | undefined): string | undefined {
  return upload?.metadata?.owner ?? undefined;
}

/** Kith's errors in the shape @tus/server sends: a status and a body (Kith's JSON error). */
function tusErrors<A extends unknown[], R>(hook: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args) => {
    try {
      return await hook(...args);
    } catch (err) {
      if (!(err instanceof KithError)) throw err;
      // @tus/server answers with a thrown object of this shape.
      throw { status_code: statusOf(err.code), body: JSON.stringify(errorBody(err.code, err.message)) };
    }
  };
}
