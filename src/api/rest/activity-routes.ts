/** Activity: the latest changes across the pools a user reads (who, what, where, when). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { verbOf } from '../change-words.js';
import type { ApiDeps } from '../context.js';

const changeSchema = z.object({
  seq: z.number().describe('pass the last one seen as `before` to page back'),
  at: z.string(),
  pool: z.string(),
  type: z.string().describe('what happened: file.written, dir.created, entry.moved, entry.trashed, …'),
  verb: z.string().describe('the same for a person: wrote, made the folder, moved, deleted, …'),
  path: z.string().optional(),
  actor: z.string().optional().describe('who: the user (or the node, for changes that came from another home)'),
  detail: z.record(z.string(), z.unknown()).optional(),
});

export function activityRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  const { pools } = deps.pools;
  return async (app) => {
    app.get('/activity', {
      schema: {
        summary: 'Recent changes across the pools you read, newest first: who, what, where, when',
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(500).default(100),
          before: z.coerce.number().int().min(1).optional(),
        }),
        response: { 200: z.object({ items: z.array(changeSchema) }) },
      },
    }, async (request) => {
      const { limit, before } = request.query;
      const items = pools.activity(request.actor!, limit, before).map(({ pool, event }) => ({
        seq: event.seq,
        at: new Date(event.at).toISOString(),
        pool,
        type: event.type,
        verb: verbOf(event.type),
        path: event.path,
        actor: event.actor,
        detail: event.detail,
      }));
      return { items };
    });
  };
}
