/** The network this node belongs to: found one, invite nodes (or set its password), join one, see its members. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assertStrongPassword } from '../../auth/index.js';
import { ROLES } from '../../identity/index.js';
import type { ApiDeps } from '../context.js';

const MAX_INVITE_SECONDS = 365 * 24 * 3600;

const inviteSchema = z.object({
  id: z.string(),
  role: z.enum(ROLES),
  createdAt: z.string(),
  expiresAt: z.string().optional().describe('absent: never'),
  uses: z.number(),
  usesLeft: z.number(),
  revokedAt: z.string().optional(),
  state: z.enum(['open', 'used up', 'expired', 'revoked']),
});

const iso = (ms: number): string => new Date(ms).toISOString();

/** Whom an invite or the network password admits: as what, until when, how many. */
function admissionOptions(defaultSeconds: number, defaultUses: number) {
  return z.object({
    role: z.enum(ROLES).default('node'),
    expiresInSeconds: z.number().int().min(0).max(MAX_INVITE_SECONDS).default(defaultSeconds),
    uses: z.number().int().min(1).max(1000).default(defaultUses),
  });
}

export function networkRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  const { network } = deps;
  return async (app) => {
    app.get('/network', {
      config: { auth: 'admin' },
      schema: {
        summary: 'This node on the network: listen addresses, network, gateways, members (online, last seen), nodes blocked for sending corrupt data, per pool it holds which nodes hold a complete copy and on how many homes its files are, and a health summary',
      },
    }, async () => ({ ...network.status(), blocked: deps.blocks.blocked(), pools: deps.sync.replicationStatus(), health: deps.sync.health() }));

    app.post('/network', {
      config: { auth: 'admin' },
      schema: {
        summary: 'Found a network: this node becomes its founder, an admin and its first gateway',
        body: z.object({ name: z.string().min(1).max(64), publicAddress: z.string().max(300).optional() }),
      },
    }, async (request, reply) => reply.code(201).send(await network.create(request.body.name, request.body.publicAddress)));

    app.post('/network/invites', {
      config: { auth: 'admin' },
      schema: {
        summary: 'Issue an invite code for another node',
        body: admissionOptions(7 * 24 * 3600, 1),
      },
    }, async (request, reply) => reply.code(201).send(await network.invite(request.body)));

    app.get('/network/invites', {
      config: { auth: 'admin' },
      schema: { summary: 'The invites this node holds, newest first: role, expiry, uses left, and whether open, used up, expired or revoked', response: { 200: z.object({ items: z.array(inviteSchema) }) } },
    }, async () => ({
      items: network.invites().map((i) => ({ ...i, createdAt: iso(i.createdAt), expiresAt: i.expiresAt === 0 ? undefined : iso(i.expiresAt), revokedAt: i.revokedAt === undefined ? undefined : iso(i.revokedAt) })),
    }));

    app.delete('/network/invites/:id', {
      config: { auth: 'admin' },
      schema: {
        summary: 'Revoke an invite: refused here at once; the signed revocation goes to every gateway (publishedTo: how many took it now, the others get it when they connect)',
        params: z.object({ id: z.string().min(1).max(64) }),
        response: { 200: z.object({ publishedTo: z.number() }) },
      },
    }, async (request) => network.revokeInvite(request.params.id));

    app.put('/network/password', {
      config: { auth: 'admin' },
      schema: {
        summary: "Set the network's password: a node that knows the network's name and this password can join through any gateway (by OPAQUE: the password never leaves this node). Replaces the one before.",
        body: admissionOptions(30 * 24 * 3600, 100).extend({ password: z.string().min(1).max(1024) }),
      },
    }, async (request) => {
      const { password, ...options } = request.body;
      // Gateways hold what a guesser could test offline if one were stolen: only a strong password holds out.
      await assertStrongPassword(password, [network.status().network?.name ?? '']);
      return network.setPassword(password, options);
    });

    app.patch('/network/role', {
      config: { auth: 'admin' },
      schema: {
        summary: 'Set the role this node asks for (any member), or on an admin node the role another member may take',
        body: z.object({
          role: z.enum(ROLES),
          node: z.string().min(1).max(64).optional(),
          publicAddress: z.string().max(300).optional(),
        }),
      },
    }, async (request) => network.setRole(request.body.role, { node: request.body.node, publicAddress: request.body.publicAddress }));

    app.post('/network/members/:node/revoke', {
      config: { auth: 'admin' },
      schema: { summary: 'Revoke a member: every member refuses it from now on', params: z.object({ node: z.string().min(1).max(64) }) },
    }, async (request, reply) => {
      await network.revoke(request.params.node);
      return reply.code(204).send();
    });

    app.post('/network/members/:node/unblock', {
      config: { auth: 'admin' },
      schema: { summary: 'Lift the block a gateway put on a node for sending corrupt data (admins only)', params: z.object({ node: z.string().min(1).max(64) }) },
    }, async (request, reply) => {
      await deps.blocks.unblock(request.params.node);
      return reply.code(204).send();
    });

    app.get('/network/pools', {
      schema: { summary: 'Pools shared on the network that this node may list (hidden ones only where held), their policies, and how this node holds each' },
    }, async () => ({ pools: deps.pools.sharing.networkPools() }));

    app.post('/network/pools/:name/subscribe', {
      config: { auth: 'admin' },
      schema: {
        summary: 'Hold a pool shared on the network here: mirror (read-write) or replica (download-only); a hidden pool by its name and secret',
        params: z.object({ name: z.string().min(1).max(255) }),
        body: z.object({ mode: z.enum(['mirror', 'replica']).default('mirror'), secret: z.string().min(1).max(256).optional() }),
      },
    }, async (request, reply) => {
      const pool = await deps.pools.sharing.subscribe(request.params.name, request.body.mode, request.actor!, request.body.secret);
      return reply.code(201).send({ pool: { id: pool.uid, name: pool.name, subscription: pool.subscription, copies: pool.copies } });
    });

    app.get('/network/limits', {
      config: { auth: 'admin' },
      schema: { summary: 'Byte rates for content sent to and received from peers (0: unlimited)' },
    }, async () => deps.sync.limits());

    app.get('/network/traffic', {
      config: { auth: 'admin' },
      schema: { summary: 'Content bytes sent to and received from peers: per second now (the last 5 s) and since the node started' },
    }, async () => deps.sync.traffic());

    app.patch('/network/limits', {
      config: { auth: 'admin' },
      schema: {
        summary: 'Change the byte rates now (transfers already running too); kept across restarts',
        body: z.object({ uploadBytesPerSecond: z.number().int().min(0).optional(), downloadBytesPerSecond: z.number().int().min(0).optional() }),
      },
    }, async (request) => deps.sync.setLimits(request.body));

    app.post('/network/join', {
      config: { auth: 'admin' },
      schema: {
        summary: "Join a network with an invite code, or with the network's name and password through a gateway's address (host:port)",
        body: z.union([
          z.object({ code: z.string().min(1).max(8192) }),
          z.object({ network: z.string().min(1).max(64), gateway: z.string().min(3).max(300), password: z.string().min(1).max(1024) }),
        ]),
      },
    }, async (request) => ('code' in request.body ? network.join(request.body.code) : network.joinByPassword(request.body.network, request.body.gateway, request.body.password)));
  };
}
