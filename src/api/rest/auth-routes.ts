/** First-run setup, login and logout, password strength, and the caller's own account. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ratePassword, type NewSession } from '../../auth/index.js';
import { UnauthorizedError } from '../../core/errors.js';
import { SESSION_COOKIE } from '../auth-hook.js';
import type { ApiDeps } from '../context.js';
import { idParam, passwordField, sessionSchema, tokenSchema, userSchema } from './schemas.js';
import { sessionView, tokenView, userView } from './views.js';

export function authRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  const { auth } = deps;

  const setCookie = (reply: FastifyReply, s: NewSession, remember: boolean): void => {
    reply.setCookie(SESSION_COOKIE, s.secret, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: deps.http.secureCookies,
      // Without "remember me" the cookie ends with the browser; the server-side expiry holds either way.
      ...(remember ? { expires: new Date(s.session.expiresAt) } : {}),
    });
  };
  const client = (request: FastifyRequest) => ({ address: request.ip, userAgent: request.headers['user-agent'] });
  const requireUserId = (request: FastifyRequest): number => {
    const id = request.actor?.userId;
    if (id === undefined) throw new UnauthorizedError('this credential belongs to no user account');
    return id;
  };

  return async (app) => {
    app.get('/setup', {
      config: { auth: 'none' },
      schema: { summary: 'Whether the node still needs its first administrator', response: { 200: z.object({ needed: z.boolean() }) } },
    }, async () => ({ needed: auth.setup.isNeeded() }));

    app.post('/setup', {
      config: { auth: 'none' },
      schema: {
        summary: 'Create the first administrator with the one-time setup token',
        body: z.object({ token: z.string().min(1).max(200), name: z.string(), password: passwordField }),
        response: { 201: z.object({ user: userSchema }) },
      },
    }, async (request, reply) => {
      const user = await auth.setup.complete(request.body.token, request.body.name, request.body.password);
      setCookie(reply, await auth.credentials.startSession(auth.accounts.require(user.name), client(request)), false);
      return reply.code(201).send({ user: userView(user) });
    });

    app.post('/password-strength', {
      config: { auth: 'none' },
      schema: {
        summary: 'Rate a password (zxcvbn); the same rule is enforced when a password is set',
        body: z.object({ password: passwordField, name: z.string().max(64).optional() }),
        response: { 200: z.object({ score: z.number(), ok: z.boolean(), warning: z.string().optional(), suggestions: z.array(z.string()) }) },
      },
    }, async (request) => ratePassword(request.body.password, request.body.name ? [request.body.name] : []));

    app.post('/login', {
      config: { auth: 'none' },
      schema: {
        summary: 'Log in; sets an HttpOnly, SameSite=Strict session cookie',
        body: z.object({ name: z.string().min(1).max(64), password: passwordField, remember: z.boolean().default(false) }),
        response: { 200: z.object({ user: userSchema }) },
      },
    }, async (request, reply) => {
      const session = await auth.credentials.login(request.body.name, request.body.password, client(request));
      setCookie(reply, session, request.body.remember);
      return { user: userView(auth.accounts.view(session.user)) };
    });

    app.post('/logout', { config: { auth: 'none' }, schema: { summary: 'End this browser session' } }, async (request, reply) => {
      const cookie = request.cookies[SESSION_COOKIE];
      if (cookie) await auth.credentials.logout(cookie);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    });

    app.get('/me', {
      schema: { summary: 'The caller', response: { 200: z.object({ user: userSchema.optional(), name: z.string(), admin: z.boolean() }) } },
    }, async (request) => {
      const actor = request.actor!;
      const user = actor.userId === undefined ? undefined : userView(auth.accounts.get(actor.name, actor));
      return { user, name: actor.name, admin: actor.admin };
    });

    app.get('/me/sessions', {
      schema: { summary: 'Signed-in browsers and devices', response: { 200: z.object({ sessions: z.array(sessionSchema) }) } },
    }, async (request) => {
      const current = request.cookies[SESSION_COOKIE];
      const currentId = current ? auth.credentials.authenticateSession(current)?.session.id : undefined;
      return { sessions: auth.credentials.listSessions(requireUserId(request)).map((s) => sessionView(s, currentId)) };
    });

    app.delete('/me/sessions/:id', {
      schema: { summary: 'Sign a session out', params: z.object({ id: idParam }) },
    }, async (request, reply) => {
      await auth.credentials.revokeSession(requireUserId(request), request.params.id);
      return reply.code(204).send();
    });

    app.get('/me/tokens', {
      schema: { summary: 'API tokens and app passwords', response: { 200: z.object({ tokens: z.array(tokenSchema) }) } },
    }, async (request) => ({ tokens: auth.credentials.listTokens(requireUserId(request)).map(tokenView) }));

    app.post('/me/tokens', {
      schema: {
        summary: 'Create a named token; the secret is shown once',
        body: z.object({ label: z.string().min(1).max(100) }),
        response: { 201: z.object({ token: tokenSchema, secret: z.string(), user: z.string() }) },
      },
    }, async (request, reply) => {
      const created = await auth.credentials.createToken(requireUserId(request), request.body.label);
      return reply.code(201).send({ token: tokenView(created.token), secret: created.secret, user: request.actor!.name });
    });

    app.delete('/me/tokens/:id', {
      schema: { summary: 'Revoke a token', params: z.object({ id: idParam }) },
    }, async (request, reply) => {
      await auth.credentials.revokeToken(requireUserId(request), request.params.id);
      return reply.code(204).send();
    });
  };
}
