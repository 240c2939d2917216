/** The file manager's shortcuts: the user's favorites, and the files written lately. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { PoolEntry } from '../../pool/index.js';
import type { ApiDeps } from '../context.js';
import { entrySchema, poolPathParams } from './schemas.js';
import { entryView } from './views.js';

const itemSchema = z.object({ pool: z.string(), entry: entrySchema });
const listSchema = z.object({ items: z.array(itemSchema) });
const view = ({ pool, entry }: PoolEntry) => ({ pool, entry: entryView(entry) });

export function shortcutRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  const { favorites } = deps.pools;
  return async (app) => {
    app.get('/favorites', {
      schema: { summary: 'Your favorite files and folders, newest first, where each is now', response: { 200: listSchema } },
    }, async (request) => ({ items: favorites.list(request.actor!).map(view) }));

    app.put('/favorites/:pool/*', {
      schema: { summary: 'Mark a file or folder as a favorite (it stays one when renamed or moved in its pool)', params: poolPathParams, response: { 200: itemSchema } },
    }, async (request) => view(await favorites.add(request.params.pool, request.params['*'], request.actor!)));

    app.delete('/favorites/:pool/*', {
      schema: { summary: 'No longer a favorite', params: poolPathParams },
    }, async (request, reply) => {
      await favorites.remove(request.params.pool, request.params['*'], request.actor!);
      return reply.code(204).send();
    });

    app.get('/recent', {
      schema: {
        summary: 'Files written lately in the pools you read, newest first, each once',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: { 200: listSchema },
      },
    }, async (request) => ({ items: favorites.recent(request.actor!, request.query.limit).map(view) }));
  };
}
