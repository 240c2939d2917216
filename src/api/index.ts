/**
 * The HTTP layer: Fastify, with the REST API (`rest/`) for the web app and the CLI. Later:
 * WebDAV, S3, CalDAV/CardDAV and share links, each mapping Kith's errors to its own dialect.
 * Read `server.ts`, then `auth-hook.ts` and `errors.ts`.
 */
export { buildServer } from './server.js';
export type { ApiDeps, NodeControl, NodeInfo } from './context.js';
export { buildS3Server, NotificationDispatcher, renderChange, type S3Deps } from './s3/index.js';
