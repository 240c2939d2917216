/** Builds the HTTP server: one Fastify instance, REST under /api/v1, OpenAPI at /api/v1/openapi.json, WebDAV under /dav/. */
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { installAuth } from './auth-hook.js';
import type { ApiDeps } from './context.js';
import { installErrorHandling } from './errors.js';
import { installRequestLog } from './request-log.js';
import { authRoutes } from './rest/auth-routes.js';
import { fileRoutes } from './rest/file-routes.js';
import { historyRoutes } from './rest/history-routes.js';
import { networkRoutes } from './rest/network-routes.js';
import { nodeRoutes } from './rest/node-routes.js';
import { activityRoutes } from './rest/activity-routes.js';
import { notifyRoutes } from './rest/notify-routes.js';
import { poolRoutes } from './rest/pool-routes.js';
import { s3KeyRoutes } from './rest/s3-key-routes.js';
import { shareLinkRoutes } from './rest/share-link-routes.js';
import { shortcutRoutes } from './rest/shortcut-routes.js';
import { userRoutes } from './rest/user-routes.js';
import { publicLinkRoutes } from './share/public-link-routes.js';
import { resumableUploadRoutes } from './uploads/resumable-uploads.js';
import { WEBDAV_METHODS, webdavRoutes } from './webdav/index.js';

export async function buildServer(deps: ApiDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.log.child({ component: 'http' }) as FastifyBaseLogger,
    bodyLimit: deps.http.jsonBodyLimitBytes,
    // Long uploads of large files: no overall request timeout, but idle sockets still close.
    requestTimeout: 0,
    // Paths are file names: "%2F" must not turn into a separator before we see it, and case matters.
    routerOptions: { ignoreTrailingSlash: false, caseSensitive: true, maxParamLength: 8192 },
    // One line per request is noise on a home node; errors are still logged by the error handler.
    logController: new LogController({ disableRequestLogging: true }),
  }).withTypeProvider<ZodTypeProvider>();
  for (const method of WEBDAV_METHODS) app.addHttpMethod(method, { hasBody: true });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);
  if (deps.http.logRequests) installRequestLog(app, deps.log);
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      info: { title: 'Kith node API', version: '1' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          basic: { type: 'http', scheme: 'basic' },
          session: { type: 'apiKey', in: 'cookie', name: 'kith_session' },
        },
      },
      security: [{ bearer: [] }, { basic: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  installAuth(app, deps.auth);

  app.get('/healthz', { config: { auth: 'none' }, schema: { hide: true } }, async () => ({ ok: true }));
  await app.register(
    async (api) => {
      api.get('/openapi.json', { config: { auth: 'none' }, schema: { hide: true } }, async () => app.swagger());
      await api.register(authRoutes(deps));
      await api.register(userRoutes(deps));
      await api.register(poolRoutes(deps));
      await api.register(fileRoutes(deps));
      await api.register(historyRoutes(deps));
      await api.register(nodeRoutes(deps));
      await api.register(activityRoutes(deps));
      await api.register(networkRoutes(deps));
      await api.register(s3KeyRoutes(deps));
      await api.register(notifyRoutes(deps));
      await api.register(shareLinkRoutes(deps));
      await api.register(shortcutRoutes(deps));
      await api.register(publicLinkRoutes(deps));
    },
    { prefix: '/api/v1' },
  );
  await resumableUploadRoutes(app, deps);
  await app.register(webdavRoutes(deps));
  return app;
}
