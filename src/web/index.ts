/**
 * The browser app, served by the node itself. `web/` holds its sources; `npm run build` puts the
 * built files in dist/public. Every page goes out with a strict Content-Security-Policy: scripts,
 * styles, images and requests only from this node, so the app provably talks to nobody else.
 * Hashed asset files are cached for a year; index.html is revalidated every time, so a new build
 * is picked up at once. Any other GET outside /api/ is a client route and gets index.html.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import staticFiles from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { NotFoundError } from '../core/errors.js';

// The same relative path from src/web (tests on the sources) and from dist/web (the build).
const APP_DIR = fileURLToPath(new URL('../../dist/public/', import.meta.url));

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob:",
  "media-src 'self' blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

const NOT_BUILT_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Kith</title></head>
<body><h1>Kith node</h1><p>The web app is not built: run <code>npm run build</code>. The REST API is described at
<a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</p></body></html>
`;

export async function registerWebApp(app: FastifyInstance): Promise<void> {
  const built = existsSync(`${APP_DIR}index.html`);
  const indexHtml = built ? await readFile(`${APP_DIR}index.html`, 'utf8') : NOT_BUILT_HTML;
  await app.register(async (scope) => {
    // The app's files are public; what the app shows comes from the API, which checks who asks.
    scope.addHook('onRoute', (route) => {
      route.config = { ...route.config, auth: 'none' };
    });
    scope.addHook('onSend', async (_request, reply) => {
      reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
      reply.header('x-frame-options', 'DENY');
      reply.header('x-content-type-options', 'nosniff');
      reply.header('referrer-policy', 'no-referrer');
    });
    if (built) await serveBuiltFiles(scope);
    const sendIndex = async (_request: unknown, reply: FastifyReply) =>
      reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(indexHtml);
    scope.get('/', { schema: { hide: true } }, sendIndex);
    scope.get('/*', { schema: { hide: true } }, async (request, reply) => {
      // Under /api/ an unknown path is an API error, not a page.
      if (request.url.startsWith('/api/')) throw new NotFoundError(`no route for GET ${request.url.split('?')[0]}`);
      return sendIndex(request, reply);
    });
  });
}

async function serveBuiltFiles(scope: FastifyInstance): Promise<void> {
  await scope.register(staticFiles, {
    root: APP_DIR,
    // One route per file found at start: a path that is no file falls through to the client routes.
    wildcard: false,
    index: false,
    cacheControl: false,
    preCompressed: false,
    allowedPath: (path) => !path.startsWith('/.vite/') && path !== '/index.html',
    setHeaders: (res, path) => {
      const hashed = path.includes('/assets/');
      res.setHeader('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
}
