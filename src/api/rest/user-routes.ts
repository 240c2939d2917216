/** User administration, and tokens made for a user by an administrator (`kith token create --user`). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiDeps } from '../context.js';
import { idParam, passwordField, tokenSchema, userSchema } from './schemas.js';
import { tokenView, userView } from './views.js';

const nameParams = z.object({ name: z.string().min(1).max(64) });
const quota = z.number().int().positive().nullable();

export function userRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  const { accounts, credentials } = deps.auth;
  return async (app) => {
    app.get('/users', {
      config: { auth: 'admin' },
      schema: { summary: 'Users with their usage', response: { 200: z.object({ users: z.array(userSchema) }) } },
    }, async (request) => ({ users: accounts.list(request.actor!).map(userView) }));

    app.post('/users', {
      config: { auth: 'admin' },
      schema: {
        summary: 'Create a user (and their home pool)',
        body: z.object({ name: z.string(), password: passwordField, role: z.enum(['admin', 'user']).default('user'), quotaBytes: quota.optional() }),
        response: { 201: z.object({ user: userSchema }) },
      },
    }, async (request, reply) => {
      const { name, password, role, quotaBytes } = request.body;
      const user = await accounts.create({ name, password, role, quotaBytes: quotaBytes ?? undefined }, request.actor!);
      return reply.code(201).send({ user: userView(user) });
    });

    app.get('/users/:name', {
      schema: { summary: 'One user', params: nameParams, response: { 200: z.object({ user: userSchema }) } },
    }, async (request) => ({ user: userView(accounts.get(request.params.name, request.actor!)) }));

    app.patch('/users/:name', {
      config: { auth: 'admin' },
      schema: {
        summary: 'Change role, quota, or disable',
        params: nameParams,
        body: z.object({ role: z.enum(['admin', 'user']).optional(), quotaBytes: quota.optional(), disabled: z.boolean().optional() }),
        response: { 200: z.object({ user: userSchema }) },
      },
    }, async (request) => ({ user: userView(await accounts.update(request.params.name, request.body, request.actor!)) }));

    app.put('/users/:name/password', {
      schema: { summary: 'Set a password (yourself, or anyone as administrator); ends their sessions', params: nameParams, body: z.object({ password: passwordField }) },
    }, async (request, reply) => {
      await accounts.setPassword(request.params.name, request.body.password, request.actor!);
      return reply.code(204).send();
    });

    app.delete('/users/:name', {
      config: { auth: 'admin' },
      schema: { summary: 'Delete a user; their home pool goes to deleted pools', params: nameParams },
    }, async (request, reply) => {
      await accounts.delete(request.params.name, request.actor!);
      return reply.code(204).send();
    });

    app.get('/users/:name/tokens', {
      config: { auth: 'admin' },
      schema: { summary: "A user's tokens", params: nameParams, response: { 200: z.object({ tokens: z.array(tokenSchema) }) } },
    }, async (request) => ({ tokens: credentials.listTokens(accounts.require(request.params.name).id).map(tokenView) }));

    app.post('/users/:name/tokens', {
      config: { auth: 'admin' },
      schema: {
        summary: 'Create a token for a user',
        params: nameParams,
        body: z.object({ label: z.string().min(1).max(100) }),
        response: { 201: z.object({ token: tokenSchema, secret: z.string(), user: z.string() }) },
      },
    }, async (request, reply) => {
      const user = accounts.require(request.params.name);
      const created = await credentials.createToken(user.id, request.body.label);
      return reply.code(201).send({ token: tokenView(created.token), secret: created.secret, user: user.name });
    });

    app.delete('/users/:name/tokens/:id', {
      config: { auth: 'admin' },
      schema: { summary: "Revoke a user's token", params: nameParams.extend({ id: idParam }) },
    }, async (request, reply) => {
      await credentials.revokeToken(accounts.require(request.params.name).id, request.params.id);
      return reply.code(204).send();
    });
  };
}
