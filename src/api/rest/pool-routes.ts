/** Pools: list, create (and share), rename, delete (recoverable), restore, purge. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { InvalidInputError, NotFoundError } from '../../core/errors.js';
import { UPLOAD_POLICIES, VISIBILITIES } from '../../identity/index.js';
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
        summary: 'Create a pool; with copies, share it on the network with that many full copies as the target, and its visibility and upload policy',
        body: z.object({
          name: z.string(),
          copies: z.number().int().min(1).max(64).optional(),
          visibility: z.enum(VISIBILITIES).optional().describe('who may find it on the network (default private: every member)'),
          upload: z.enum(UPLOAD_POLICIES).optional().describe('whose changes it accepts (default members)'),
        }),
        response: { 201: one.extend({ secret: z.string().optional().describe('a hidden pool\'s secret, shown once') }) },
      },
    }, async (request, reply) => {
      const { name, copies, visibility, upload } = request.body;
      if (copies === undefined && (visibility !== undefined || upload !== undefined)) {
        throw new InvalidInputError('visibility and upload apply to a pool shared on the network: give copies too');
      }
      if (copies !== undefined && deps.network.networkId() === undefined) {
        throw new NotFoundError('this node belongs to no network yet: a pool with copies needs one (kith network create, or kith join)');
      }
      const created = await pools.create(name, request.actor!);
      if (copies === undefined) return reply.code(201).send({ pool: view(created) });
      const sharing = { copies, visibility: visibility ?? 'private', upload: upload ?? 'members' };
      const shared = await deps.pools.sharing.share(created.name, sharing, request.actor!);
      return reply.code(201).send({ pool: view(shared.pool), secret: shared.secret });
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
