/** The node itself: health, information, the change log, integrity check and maintenance. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { abortOnClientClose } from '../abort-on-close.js';
import type { ApiDeps } from '../context.js';

export function nodeRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  const { node } = deps;
  return async (app) => {
    app.get('/node', {
      config: { auth: 'admin' },
      schema: { summary: 'This node (administrators): id, version, uptime, data directory, disk size and free space' },
    }, async () => node.info());

    app.get('/events', {
      schema: {
        summary: 'The change log after a cursor (all pools for an administrator, else one pool)',
        querystring: z.object({
          after: z.coerce.number().int().min(0).default(0),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
          pool: z.string().optional(),
        }),
      },
    }, async (request) => {
      const { after, limit, pool } = request.query;
      const events = deps.pools.pools.events(request.actor!, after, limit, pool);
      return { events: events.map((e) => ({ ...e, at: new Date(e.at).toISOString() })) };
    });

    app.post('/node/check', {
      config: { auth: 'admin' },
      schema: { summary: 'Verify every chunk and reference count; optionally repair', body: z.object({ repair: z.boolean().default(false) }).default({ repair: false }) },
    }, async (request, reply) => node.check(request.body.repair, abortOnClientClose(reply)));

    app.post('/node/maintenance', {
      config: { auth: 'admin' },
      schema: { summary: 'Run trash expiry, version expiry and garbage collection now' },
    }, async () => node.runMaintenance());
  };
}
