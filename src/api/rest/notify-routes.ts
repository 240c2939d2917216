/** The bucket notification outbox, for administrators (`kith s3 outbox`): what waits, and why it failed. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiDeps } from '../context.js';

const itemSchema = z.object({ id: z.number(), url: z.string(), createdAt: z.string(), attempts: z.number(), nextAttemptAt: z.string(), lastError: z.string().optional() });

export function notifyRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  const { notifications } = deps.pools;
  return async (app) => {
    app.get('/s3/outbox', {
      config: { auth: 'admin' },
      schema: { summary: 'Bucket notifications waiting for delivery, with their failures', response: { 200: z.object({ items: z.array(itemSchema) }) } },
    }, async () => ({
      items: notifications.pending(1000).map((i) => ({
        id: i.id,
        url: i.url,
        createdAt: new Date(i.createdAt).toISOString(),
        attempts: i.attempts,
        nextAttemptAt: new Date(i.nextAt).toISOString(),
        lastError: i.lastError,
      })),
    }));
  };
}
