/** Pools: list, create, rename, delete (recoverable), restore, purge. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFoundError } from '../../core/errors.js';
import type { Pool } from '../../meta/index.js';
import type { ApiDeps } from '../context.js';
import { poolParams, poolSchema } from './schemas.js';
import { poolView } from './views.js';

export function poolRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  const { pools } = deps.pools;
  const view = (p: Pool) => poolView(p, pools.ownerName(p));
  const one = z.object({ pool: poolSchema });
  return async (app) => {
    app.get('/pools', {
      schema: { summary: 'Pools the caller can use', response: { 200: z.object({ pools: z.array(poolSchema) }) } },
    }, async (request) => ({ pools: pools.list(request.actor!).map(view) }));

    app.post('/pools', {
      schema: {
        summary: 'Create a pool; with copies, share it on the network with that many full copies as the target',
        body: z.object({ name: z.string(), copies: z.number().int().min(1).max(64).optional() }),
        response: { 201: one },
      },
    }, async (request, reply) => {
      if (request.body.copies !== undefined && deps.network.networkId() === undefined) {
        throw new NotFoundError('this node belongs to no network yet: a pool with copies needs one (kith network create, or kith join)');
      }
      const created = await pools.create(request.body.name, request.actor!);
      const pool = request.body.copies === undefined ? created : await deps.pools.sharing.share(created.name, request.body.copies, request.actor!);
      return reply.code(201).send({ pool: view(pool) });
    });

    app.get('/pools/:pool', {
      schema: { summary: 'One pool', params: poolParams, response: { 200: one } },
    }, async (request) => ({ pool: view(pools.get(request.params.pool, request.actor!)) }));

    app.patch('/pools/:pool', {
      schema: {
        summary: 'Rename a pool, or set its trash retention',
        params: poolParams,
        body: z.object({ name: z.string().optional(), trashRetentionDays: z.number().min(0).nullable().optional() }),
        response: { 200: one },
      },
    }, async (request) => {
      const actor = request.actor!;
      let pool = pools.get(request.params.pool, actor);
      if (request.body.trashRetentionDays !== undefined) pool = await pools.setTrashRetention(pool.name, request.body.trashRetentionDays ?? undefined, actor);
      if (request.body.name !== undefined && request.body.name !== pool.name) pool = await pools.rename(pool.name, request.body.name, actor);
      return { pool: view(pool) };
    });

    app.delete('/pools/:pool', {
      schema: { summary: 'Delete a pool (restorable until purged)', params: poolParams, response: { 200: one } },
    }, async (request) => ({ pool: view(await pools.delete(request.params.pool, request.actor!)) }));

    app.get('/deleted-pools', {
      schema: { summary: 'Deleted pools awaiting purge', response: { 200: z.object({ pools: z.array(poolSchema) }) } },
    }, async (request) => ({ pools: pools.listDeleted(request.actor!).map(view) }));

    app.post('/deleted-pools/:id/restore', {
      schema: { summary: 'Restore a deleted pool', params: z.object({ id: z.string().uuid() }), response: { 200: one } },
    }, async (request) => ({ pool: view(await pools.restore(request.params.id, request.actor!)) }));

    app.delete('/deleted-pools/:id', {
      schema: { summary: 'Purge a deleted pool for good', params: z.object({ id: z.string().uuid() }) },
    }, async (request, reply) => {
      await pools.purge(request.params.id, request.actor!);
      return reply.code(204).send();
    });
  };
}
