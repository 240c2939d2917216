/** Managing share links: create one for a file or folder, list them with their use counts, revoke. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ShareLink } from '../../meta/index.js';
import type { ApiDeps } from '../context.js';
import { poolParams } from './schemas.js';

const MAX_UPLOAD_BYTES = 1024 ** 4;

const newLink = z.object({
  path: z.string().max(4096).default(''),
  kind: z.enum(['download', 'drop']).default('download'),
  password: z.string().max(1024).optional(),
  expiresAt: z.iso.datetime({ offset: true }).optional().describe('ISO 8601; absent: never'),
  maxDownloads: z.number().int().min(1).max(1_000_000).optional(),
  maxUploadBytes: z.number().int().min(1).max(MAX_UPLOAD_BYTES).optional().describe('file drop links: the largest file one upload may bring'),
});

const linkSchema = z.object({
  id: z.number(),
  url: z.string().describe("the link's page on this node, relative to its origin"),
  token: z.string(),
  kind: z.enum(['download', 'drop']),
  pool: z.string().optional(),
  path: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().optional(),
  hasPassword: z.boolean(),
  maxDownloads: z.number().optional(),
  downloads: z.number(),
  maxUploadBytes: z.number().optional(),
  uploads: z.number(),
});

export function shareLinkRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  const links = deps.auth.shareLinks;
  const view = (link: ShareLink): z.infer<typeof linkSchema> => ({
    id: link.id,
    url: `/s/${link.token}`,
    token: link.token,
    kind: link.kind,
    pool: links.poolNameOf(link),
    path: link.path,
    createdAt: new Date(link.createdAt).toISOString(),
    expiresAt: link.expiresAt === undefined ? undefined : new Date(link.expiresAt).toISOString(),
    hasPassword: link.passwordHash !== undefined,
    maxDownloads: link.maxDownloads,
    downloads: link.downloads,
    maxUploadBytes: link.maxUploadBytes,
    uploads: link.uploads,
  });
  return async (app) => {
    app.post('/pools/:pool/links', {
      schema: { summary: 'Create a share link for a file or folder (download), or a file drop link for a folder', params: poolParams, body: newLink, response: { 201: z.object({ link: linkSchema }) } },
    }, async (request, reply) => {
      const { path, expiresAt, ...options } = request.body;
      const link = await links.create(request.params.pool, path, request.actor!, { ...options, expiresAt: expiresAt === undefined ? undefined : Date.parse(expiresAt) });
      return reply.code(201).send({ link: view(link) });
    });

    app.get('/links', {
      schema: { summary: 'The share links you created, with their use counts (an administrator sees all)', response: { 200: z.object({ items: z.array(linkSchema) }) } },
    }, async (request) => ({ items: links.list(request.actor!).map(view) }));

    app.delete('/links/:id', {
      schema: { summary: 'Revoke a share link: it stops working at once', params: z.object({ id: z.coerce.number().int().min(1) }) },
    }, async (request, reply) => {
      await links.revoke(request.params.id, request.actor!);
      return reply.code(204).send();
    });
  };
}
