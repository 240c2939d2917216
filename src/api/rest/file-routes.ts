/**
 * Files and folders in a pool. Paths travel in the URL after the route prefix (`…/files/a/b.txt`),
 * percent-encoded as usual; content goes up and down as raw streaming bodies, never buffered.
 */
import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { abortOnClientClose } from '../abort-on-close.js';
import type { ApiDeps } from '../context.js';
import { downloadFlag, entrySchema, poolParams, poolPathParams } from './schemas.js';
import { sendContent } from './send-content.js';
import { entryView } from './views.js';
import { sendThumbnail, thumbnailQuery } from './send-thumbnail.js';
import { sendZip, zipQuery } from './zip-download.js';

const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  offset: z.coerce.number().int().min(0).default(0),
  sort: z.enum(['name', 'size', 'mtime']).default('name'),
  order: z.enum(['asc', 'desc']).default('asc'),
});

const transferBody = z.object({
  from: z.string(),
  to: z.string(),
  overwrite: z.boolean().default(false),
  toPool: z.string().optional(),
});

const statResponse = z.object({
  entry: entrySchema,
  children: z.object({ items: z.array(entrySchema), total: z.number(), offset: z.number(), limit: z.number() }).optional(),
});

export function fileRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  const { files, tree } = deps.pools;
  return async (app) => {
    await app.register(uploadRoutes(deps));

    for (const url of ['/pools/:pool/files', '/pools/:pool/files/*']) {
      app.get(url, {
        schema: {
          summary: 'Stat a file or folder; a folder lists one page of its children',
          params: poolPathParams.partial({ '*': true }),
          querystring: listQuery,
          response: { 200: statResponse },
        },
      }, async (request) => {
        const path = request.params['*'] ?? '';
        const actor = request.actor!;
        const entry = files.stat(request.params.pool, path, actor);
        if (entry.kind !== 'dir') return { entry: entryView(entry) };
        const listing = files.list(request.params.pool, path, actor, request.query);
        return {
          entry: entryView(entry),
          children: { items: listing.entries.map(entryView), total: listing.total, offset: request.query.offset, limit: request.query.limit },
        };
      });
    }

    app.get('/pools/:pool/content/*', {
      schema: { summary: 'Download a file (Range, If-None-Match, If-Range supported)', params: poolPathParams, querystring: z.object({ download: downloadFlag }) },
    }, async (request, reply) => {
      const { pool } = request.params;
      const actor = request.actor!;
      const entry = files.stat(pool, request.params['*'], actor);
      return sendContent(request, reply, {
        etag: entry.manifest ?? '',
        size: entry.size,
        mtime: entry.mtime,
        name: entry.name,
        open: (range, signal) => files.open(pool, entry.path, actor, range, signal),
      }, request.query.download);
    });

    app.get('/pools/:pool/thumbnails/*', {
      schema: { summary: 'A WebP thumbnail of an image, made on the node and cached (415 for what is not an image)', params: poolPathParams, querystring: thumbnailQuery },
    }, async (request, reply) => {
      const { pool } = request.params;
      const actor = request.actor!;
      const entry = files.stat(pool, request.params['*'], actor);
      return sendThumbnail(request, reply, deps.thumbnails, { poolName: pool, entry, actor, size: request.query.size });
    });

    app.get('/pools/:pool/zip', {
      schema: {
        summary: 'Download files and folders as one zip, streamed (`path` repeated for a selection; none: the whole pool)',
        params: poolParams,
        querystring: z.object(zipQuery),
      },
    }, async (request, reply) => {
      const { pool } = request.params;
      const actor = request.actor!;
      // Every item is checked before the first byte goes out: a missing one is a clean 404.
      const items = request.query.path.map((path) => files.stat(pool, path, actor));
      return sendZip(reply, { files, poolName: pool, actor, items, signal: abortOnClientClose(reply) }, request.query.name);
    });

    app.delete('/pools/:pool/files/*', {
      schema: { summary: 'Move a file or folder to the trash', params: poolPathParams, response: { 200: z.object({ trashId: z.number() }) } },
    }, async (request) => ({ trashId: await tree.delete(request.params.pool, request.params['*'], request.actor!) }));

    app.post('/pools/:pool/mkdir', {
      schema: { summary: 'Create a folder', params: poolParams, body: z.object({ path: z.string(), parents: z.boolean().default(false) }), response: { 201: z.object({ entry: entrySchema }) } },
    }, async (request, reply) => {
      const entry = await files.mkdir(request.params.pool, request.body.path, request.actor!, request.body.parents);
      return reply.code(201).send({ entry: entryView(entry) });
    });

    app.post('/pools/:pool/move', {
      schema: { summary: 'Move or rename (no data is copied)', params: poolParams, body: transferBody, response: { 200: z.object({ entry: entrySchema }) } },
    }, async (request) => {
      const { from, to, ...opts } = request.body;
      return { entry: entryView(await tree.move(request.params.pool, from, to, request.actor!, opts)) };
    });

    app.post('/pools/:pool/copy', {
      schema: { summary: 'Copy (no data is copied: content is shared)', params: poolParams, body: transferBody, response: { 201: z.object({ entry: entrySchema }) } },
    }, async (request, reply) => {
      const { from, to, ...opts } = request.body;
      return reply.code(201).send({ entry: entryView(await tree.copy(request.params.pool, from, to, request.actor!, opts)) });
    });

    app.get('/pools/:pool/search', {
      schema: {
        summary: 'Find files and folders by name',
        params: poolParams,
        querystring: z.object({ q: z.string().min(1).max(255), limit: z.coerce.number().int().min(1).max(1000).default(100) }),
        response: { 200: z.object({ items: z.array(entrySchema) }) },
      },
    }, async (request) => ({ items: files.search(request.params.pool, request.query.q, request.actor!, request.query.limit).map(entryView) }));
  };
}

/** Uploads take the raw request stream: this scope parses no body at all. */
function uploadRoutes(deps: ApiDeps) {
  const { files } = deps.pools;
  return async (scope: FastifyInstance) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
    scope.withTypeProvider<ZodTypeProvider>().put('/pools/:pool/content/*', {
      schema: {
        summary: 'Upload a file (raw body, streamed). Keeps the previous content as a version.',
        params: poolPathParams,
        querystring: z.object({ mtime: z.coerce.number().int().min(0).optional() }),
        headers: z.object({ 'if-match': z.string().optional(), 'if-none-match': z.string().optional(), 'content-length': z.coerce.number().int().min(0).optional() }).passthrough(),
        response: { 201: z.object({ entry: entrySchema }), 200: z.object({ entry: entrySchema }) },
      },
    }, async (request, reply) => {
      const { pool } = request.params;
      const actor = request.actor!;
      const path = request.params['*'];
      const { entry, created } = await files.put(pool, path, request.raw, actor, {
        sizeHint: request.headers['content-length'],
        mtime: request.query.mtime,
        ifMatch: request.headers['if-match']?.replace(/^"|"$/g, ''),
        ifNoneMatch: request.headers['if-none-match']?.trim() === '*',
        signal: abortOnClientClose(reply),
      });
      reply.header('etag', `"${entry.manifest}"`);
      return reply.code(created ? 201 : 200).send({ entry: entryView(entry) });
    });
  };
}
