/** S3 access keys of a user (`kith s3 key …`, and the web app): create, list, revoke. Yourself, or anyone as administrator. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { S3KeyView } from '../../auth/index.js';
import type { ApiDeps } from '../context.js';

const nameParams = z.object({ name: z.string().min(1).max(64) });
const keySchema = z.object({ accessKeyId: z.string(), createdAt: z.string(), lastUsedAt: z.string().optional() });

const keyView = (k: S3KeyView): z.infer<typeof keySchema> => ({
  accessKeyId: k.accessKeyId,
  createdAt: new Date(k.createdAt).toISOString(),
  lastUsedAt: k.lastUsedAt === undefined ? undefined : new Date(k.lastUsedAt).toISOString(),
});

export function s3KeyRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  const { accounts, s3Keys } = deps.auth;
  return async (app) => {
    app.get('/users/:name/s3-keys', {
      schema: { summary: "A user's S3 access keys (never their secrets)", params: nameParams, response: { 200: z.object({ keys: z.array(keySchema) }) } },
    }, async (request) => ({ keys: s3Keys.list(accounts.require(request.params.name).id, request.actor!).map(keyView) }));

    app.post('/users/:name/s3-keys', {
      schema: {
        summary: 'Create an S3 access key; the secret is in this answer only',
        params: nameParams,
        response: { 201: z.object({ key: keySchema, secretAccessKey: z.string(), user: z.string() }) },
      },
    }, async (request, reply) => {
      const user = accounts.require(request.params.name);
      const created = await s3Keys.create(user.id, request.actor!);
      return reply.code(201).send({ key: keyView(created.key), secretAccessKey: created.secretAccessKey, user: user.name });
    });

    app.delete('/users/:name/s3-keys/:accessKeyId', {
      schema: { summary: 'Revoke an S3 access key', params: nameParams.extend({ accessKeyId: z.string().min(1).max(64) }) },
    }, async (request, reply) => {
      await s3Keys.revoke(accounts.require(request.params.name).id, request.params.accessKeyId, request.actor!);
      return reply.code(204).send();
    });
  };
}
