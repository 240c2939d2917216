/** Versions of files and the trash of a pool. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiDeps } from '../context.js';
import { downloadFlag, entrySchema, idParam, poolParams, poolPathParams, trashItemSchema, versionSchema } from './schemas.js';
import { sendContent } from './send-content.js';
import { entryView, trashView, versionView } from './views.js';

export function historyRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  const { versions, trash } = deps.pools;
  return async (app) => {
    app.get('/pools/:pool/versions/*', {
      schema: { summary: 'Earlier versions of a file, newest first', params: poolPathParams, response: { 200: z.object({ versions: z.array(versionSchema) }) } },
    }, async (request) => ({ versions: versions.list(request.params.pool, request.params['*'], request.actor!).map(versionView) }));

    app.get('/pools/:pool/version-content/*', {
      schema: {
        summary: 'Download an earlier version',
        params: poolPathParams,
        querystring: z.object({ id: idParam, download: downloadFlag }),
      },
    }, async (request, reply) => {
      const { pool } = request.params;
      const path = request.params['*'];
      const actor = request.actor!;
      const version = versions.list(pool, path, actor).find((v) => v.id === request.query.id);
      return sendContent(request, reply, {
        etag: version?.manifest ?? '',
        size: version?.size ?? 0,
        mtime: version?.mtime ?? 0,
        name: path.slice(path.lastIndexOf('/') + 1),
        open: (range, signal) => versions.open(pool, path, request.query.id, actor, range, signal),
      }, request.query.download);
    });

    app.post('/pools/:pool/versions/restore', {
      schema: {
        summary: 'Make an earlier version current (the current content becomes a version)',
        params: poolParams,
        body: z.object({ path: z.string(), id: z.number().int().positive() }),
        response: { 200: z.object({ entry: entrySchema }) },
      },
    }, async (request) => ({ entry: entryView(await versions.restore(request.params.pool, request.body.path, request.body.id, request.actor!)) }));

    app.delete('/pools/:pool/versions/*', {
      schema: { summary: 'Delete one earlier version', params: poolPathParams, querystring: z.object({ id: idParam }) },
    }, async (request, reply) => {
      await versions.delete(request.params.pool, request.params['*'], request.query.id, request.actor!);
      return reply.code(204).send();
    });

    app.get('/pools/:pool/trash', {
      schema: { summary: 'Items in the trash, newest first', params: poolParams, response: { 200: z.object({ items: z.array(trashItemSchema) }) } },
    }, async (request) => ({ items: trash.list(request.params.pool, request.actor!).map(trashView) }));

    app.post('/pools/:pool/trash/:id/restore', {
      schema: {
        summary: 'Restore to the original path, or beside it if that is taken',
        params: poolParams.extend({ id: idParam }),
        response: { 200: z.object({ entry: entrySchema }) },
      },
    }, async (request) => ({ entry: entryView(await trash.restore(request.params.pool, request.params.id, request.actor!)) }));

    app.delete('/pools/:pool/trash/:id', {
      schema: { summary: 'Purge one trash item for good', params: poolParams.extend({ id: idParam }) },
    }, async (request, reply) => {
      await trash.purge(request.params.pool, request.params.id, request.actor!);
      return reply.code(204).send();
    });

    app.delete('/pools/:pool/trash', {
      schema: { summary: 'Empty the trash', params: poolParams, response: { 200: z.object({ purged: z.number() }) } },
    }, async (request) => ({ purged: await trash.empty(request.params.pool, request.actor!) }));
  };
}
