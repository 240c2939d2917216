/**
 * What a share link's visitor reaches, logged out, under /api/v1/s/{token}: what the link is, its
 * password, the item (a folder browsed page by page), its content (Range, conditional requests),
 * and for file drop links, uploads. A link's password is asked once; the grant it earns is kept
 * in a cookie scoped to the link's own path.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { OpenLink, ShareLinkService } from '../../auth/index.js';
import { ForbiddenError } from '../../core/errors.js';
import { SHARE_LINK_KINDS, type ShareLinkKind } from '../../meta/index.js';
import type { FileService } from '../../pool/index.js';
import type { ApiDeps } from '../context.js';
import { downloadFlag, entrySchema } from '../rest/schemas.js';
import { sendContent } from '../rest/send-content.js';
import { entryView } from '../rest/views.js';
import { sendThumbnail, thumbnailQuery } from '../rest/send-thumbnail.js';
import { sendZip, zipQuery } from '../rest/zip-download.js';
import { abortOnClientClose } from '../abort-on-close.js';
import { atomFeed, FEED_LENGTH } from './activity-feed.js';
import { dropInto } from './file-drop.js';

const GRANT_COOKIE = 'kith_link';
const tokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{24}$/, 'not a link') });
const pathParams = tokenParams.extend({ '*': z.string().default('') });
const NONE = { auth: 'none' as const };
/** Why a link of another kind cannot do what was asked. */
const WRONG_KIND: Record<ShareLinkKind, string> = {
  download: 'this link shows nothing to download',
  drop: 'this link does not take uploads',
  feed: 'this link has no activity feed',
};

const linkInfo = z.object({
  kind: z.enum(SHARE_LINK_KINDS),
  needsPassword: z.boolean().describe('true until the password was given: nothing else is shown before'),
  expiresAt: z.string().optional(),
  item: entrySchema.optional(),
  maxUploadBytes: z.number().optional(),
  downloadsLeft: z.number().optional(),
});

export function publicLinkRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  const links = deps.auth.shareLinks;
  const { files } = deps.pools;
  /** The link, checked: it works, and its password (if any) was given. */
  const unlocked = (request: FastifyRequest, token: string, kind: ShareLinkKind): OpenLink => {
    const open = links.open(token);
    if (open.link.kind !== kind) throw new ForbiddenError(WRONG_KIND[kind]);
    links.assertUnlocked(open, grantOf(request));
    return open;
  };
  return async (app) => {
    app.get('/s/:token', { config: NONE, schema: { summary: 'What a share link is (logged out)', params: tokenParams, response: { 200: linkInfo } } }, async (request) => {
      const open = links.open(request.params.token);
      const { link } = open;
      const base = { kind: link.kind, needsPassword: !isUnlocked(links, open, grantOf(request)), expiresAt: link.expiresAt === undefined ? undefined : new Date(link.expiresAt).toISOString() };
      if (base.needsPassword) return base;
      const downloadsLeft = link.maxDownloads === undefined ? undefined : Math.max(0, link.maxDownloads - link.downloads);
      return { ...base, item: link.kind === 'download' ? entryView(open.root) : undefined, maxUploadBytes: link.maxUploadBytes, downloadsLeft };
    });

    app.post('/s/:token/unlock', {
      config: NONE,
      schema: { summary: "Give a share link's password; the answer sets the cookie that opens the link", params: tokenParams, body: z.object({ password: z.string().min(1).max(1024) }) },
    }, async (request, reply) => {
      const open = links.open(request.params.token);
      const grant = await links.unlock(open, request.body.password, request.ip);
      reply.setCookie(GRANT_COOKIE, grant, { path: `/api/v1/s/${open.link.token}`, httpOnly: true, sameSite: 'lax', secure: deps.http.secureCookies });
      return reply.code(204).send();
    });

    for (const url of ['/s/:token/files', '/s/:token/files/*']) {
      app.get(url, {
        config: NONE,
        schema: {
          summary: "Stat a share link's item or something inside it; a folder lists one page of its children",
          params: pathParams,
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200), offset: z.coerce.number().int().min(0).default(0), sort: z.enum(['name', 'size', 'mtime']).default('name'), order: z.enum(['asc', 'desc']).default('asc') }),
        },
      }, async (request) => {
        const open = unlocked(request, request.params.token, 'download');
        const path = links.pathWithin(open, request.params['*']);
        const entry = files.stat(open.poolName, path, open.actor);
        if (entry.kind !== 'dir') return { entry: entryView(entry) };
        const listing = files.list(open.poolName, path, open.actor, request.query);
        return { entry: entryView(entry), children: { items: listing.entries.map(entryView), total: listing.total, offset: request.query.offset, limit: request.query.limit } };
      });
    }

    for (const url of ['/s/:token/content', '/s/:token/content/*']) {
      app.get(url, {
        config: NONE,
        schema: { summary: "Download a share link's file, or a file inside its folder (Range supported)", params: pathParams, querystring: z.object({ download: downloadFlag }) },
      }, async (request, reply) => {
        const open = unlocked(request, request.params.token, 'download');
        const entry = files.stat(open.poolName, links.pathWithin(open, request.params['*']), open.actor);
        // One download is one whole-file GET or the first piece of one (a player seeking asks for many).
        if (request.method === 'GET' && startsAtZero(request.headers.range)) await links.countDownload(open);
        return sendContent(request, reply, {
          etag: entry.manifest ?? '',
          size: entry.size,
          mtime: entry.mtime,
          name: entry.name,
          open: (range, signal) => files.open(open.poolName, entry.path, open.actor, range, signal),
        }, request.query.download);
      });
    }

    for (const url of ['/s/:token/thumbnails', '/s/:token/thumbnails/*']) {
      app.get(url, {
        config: NONE,
        schema: { summary: "A thumbnail of a share link's image, or of an image inside its folder (not counted as a download)", params: pathParams, querystring: thumbnailQuery },
      }, async (request, reply) => {
        const open = unlocked(request, request.params.token, 'download');
        const entry = files.stat(open.poolName, links.pathWithin(open, request.params['*']), open.actor);
        return sendThumbnail(request, reply, deps.thumbnails, { poolName: open.poolName, entry, actor: open.actor, size: request.query.size });
      });
    }

    app.get('/s/:token/feed', {
      config: NONE,
      schema: { summary: "A feed link's folder activity, as an Atom feed", params: tokenParams },
    }, async (request, reply) => {
      const open = unlocked(request, request.params.token, 'feed');
      const origin = `${request.protocol}://${request.host}`;
      const pool = deps.pools.pools.get(open.poolName, open.actor);
      const body = atomFeed({
        selfUrl: `${origin}/api/v1/s/${open.link.token}/feed`,
        siteUrl: `${origin}/`,
        title: `${open.poolName}${open.link.path === '' ? '' : `/${open.link.path}`}: activity`,
        poolUid: pool.uid,
        events: deps.pools.pools.latestEvents(open.poolName, open.link.path, open.actor, FEED_LENGTH),
      });
      return reply.type('application/atom+xml; charset=utf-8').header('cache-control', 'private, max-age=60').send(body);
    });

    app.get('/s/:token/zip', {
      config: NONE,
      schema: { summary: "Download a share link's folder, or things inside it, as one zip (one download)", params: tokenParams, querystring: z.object(zipQuery) },
    }, async (request, reply) => {
      const open = unlocked(request, request.params.token, 'download');
      const items = request.query.path.map((path) => files.stat(open.poolName, links.pathWithin(open, path), open.actor));
      await links.countDownload(open);
      return sendZip(reply, { files, poolName: open.poolName, actor: open.actor, items, signal: abortOnClientClose(reply) }, request.query.name);
    });

    await app.register(dropRoutes(links, files, unlocked));
  };
}

/** File drop uploads take the raw request stream: this scope parses no body at all. */
function dropRoutes(links: ShareLinkService, files: FileService, unlocked: (request: FastifyRequest, token: string, kind: 'drop') => OpenLink) {
  return async (scope: FastifyInstance) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
    scope.withTypeProvider<ZodTypeProvider>().put('/s/:token/drop/*', {
      config: NONE,
      schema: {
        summary: 'Upload a file through a file drop link (nothing is listed; a taken name gets a number)',
        params: pathParams,
        headers: z.object({ 'content-length': z.coerce.number().int().min(0).optional() }).passthrough(),
        response: { 201: z.object({ name: z.string(), size: z.number() }) },
      },
    }, async (request, reply) => {
      const open = unlocked(request, request.params.token, 'drop');
      const stored = await dropInto(files, open, links.pathWithin(open, request.params['*']), request.raw, request.headers['content-length'], reply);
      await links.countUpload(open);
      return reply.code(201).send({ name: stored.path.slice(open.link.path === '' ? 0 : open.link.path.length + 1), size: stored.size });
    });
  };
}

function grantOf(request: FastifyRequest): string | undefined {
  const header = request.headers['x-kith-link-grant'];
  return typeof header === 'string' ? header : request.cookies[GRANT_COOKIE];
}

function isUnlocked(links: ShareLinkService, open: OpenLink, grant: string | undefined): boolean {
  try {
    links.assertUnlocked(open, grant);
    return true;
  } catch {
    return false;
  }
}

function startsAtZero(range: string | undefined): boolean {
  return range === undefined || /^bytes=0-/.test(range.trim());
}
