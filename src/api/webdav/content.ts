/**
 * GET, HEAD and PUT of files (RFC 4918 §9.4, §9.7). Downloads share the REST API's sender (ranges,
 * validators); uploads stream the request straight into the pool, which keeps the replaced content
 * as a version. PUT honours If-Match / If-None-Match on ETags (RFC 9110 §13.1) and refuses a
 * missing parent (409) and a collection as its target (405). It also takes the file's modification
 * time from `X-OC-Mtime` (seconds since the epoch), the header ownCloud and Nextcloud clients and
 * rclone's owncloud/nextcloud vendors send, so that a synced file keeps its date and a later sync
 * finds it unchanged.
 */
import type { FastifyReply } from 'fastify';
import { InvalidInputError } from '../../core/errors.js';
import { abortOnClientClose } from '../abort-on-close.js';
import { sendContent } from '../rest/send-content.js';
import type { DavContext, DavRequest } from './context.js';
import { methodNotAllowed, preconditionFailed } from './errors.js';
import { requireLockTokens } from './lock-guard.js';
import { requireParentCollection } from './parents.js';
import { findResource, resourceAt, type Resource } from './resource.js';

export async function handleGet(ctx: DavContext, req: DavRequest, reply: FastifyReply): Promise<FastifyReply> {
  const { entry } = resourceAt(ctx, req.target, req.actor);
  if (!entry || entry.kind === 'dir') throw methodNotAllowed('a collection has no content to GET; use PROPFIND to list it', true);
  const pool = req.target.pool!;
  return sendContent(req.raw, reply, {
    etag: entry.manifest ?? '',
    size: entry.size,
    mtime: entry.mtime,
    name: entry.name,
    open: (range, signal) => ctx.pools.files.open(pool, entry.path, req.actor, range, signal),
  }, false);
}

export async function handlePut(ctx: DavContext, req: DavRequest, reply: FastifyReply): Promise<FastifyReply> {
  const { pool, path } = req.target;
  if (pool === undefined || path === '') throw methodNotAllowed('PUT cannot replace a collection', true);
  // RFC 9110 §14.5: a server that does not do partial PUT must refuse Content-Range rather than store a fragment.
  if (req.raw.headers['content-range'] !== undefined) throw new InvalidInputError('partial PUT (Content-Range) is not supported');
  const existing = findResource(ctx, req.target, req.actor);
  if (existing?.isCollection) throw methodNotAllowed(`"${path}" is a collection`, true);
  requireParentCollection(ctx, req.target, req.actor);
  const etag = checkConditionalHeaders(req, existing);
  requireLockTokens(ctx, req, { target: req.target, membership: !existing });
  const length = req.raw.headers['content-length'];
  const mtime = clientMtime(req.raw.headers['x-oc-mtime']);
  const { entry, created } = await ctx.pools.files.put(pool, path, req.raw.raw, req.actor, {
    sizeHint: length === undefined ? undefined : Number(length),
    ifMatch: etag,
    ifNoneMatch: req.raw.headers['if-none-match']?.trim() === '*',
    mtime,
    signal: abortOnClientClose(reply),
  });
  reply.header('etag', `"${entry.manifest}"`);
  if (mtime !== undefined) reply.header('x-oc-mtime', 'accepted');
  return reply.code(created ? 201 : 204).send();
}

/** How far ahead of this node's clock a client may date a file: clocks are off, not by a day. */
const MTIME_SLACK_MS = 24 * 3600_000;

/** The modification time in ms from an X-OC-Mtime header (seconds, maybe with a fraction). */
function clientMtime(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const text = Array.isArray(header) ? header[0]! : header;
  const ms = Math.round(Number(text.trim()) * 1000);
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || ms > Date.now() + MTIME_SLACK_MS) {
    throw new InvalidInputError(`X-OC-Mtime must be seconds since 1970, not in the future: "${text}"`);
  }
  return ms;
}

/** RFC 9110 §13.1.1, §13.1.2; returns the ETag (unquoted) the pool must still find at commit, if any. */
function checkConditionalHeaders(req: DavRequest, existing: Resource | undefined): string | undefined {
  const current = existing?.entry?.manifest;
  const ifMatch = req.raw.headers['if-match'];
  if (ifMatch !== undefined) {
    const tags = ifMatch.split(',').map((t) => t.trim());
    const matches = current !== undefined && (tags.includes('*') || tags.includes(`"${current}"`));
    if (!matches) throw preconditionFailed('If-Match: the file has changed or does not exist');
  }
  const ifNoneMatch = req.raw.headers['if-none-match'];
  if (ifNoneMatch !== undefined && current !== undefined) {
    const tags = ifNoneMatch.split(',').map((t) => t.trim());
    if (tags.includes('*') || tags.includes(`"${current}"`)) throw preconditionFailed('If-None-Match: the file exists');
  }
  return ifMatch === undefined ? undefined : current;
}
