/**
 * The S3-compatible door: its own Fastify instance and port. Read `server.ts` (the request's
 * path), `router.ts` (which operation), `sigv4/` (who is asking), `errors.ts` (how failures
 * look), then the handlers, one file per group of operations.
 */
export { buildS3Server } from './server.js';
export type { S3Deps } from './context.js';
export { NotificationDispatcher } from './notify/dispatcher.js';
export { renderChange } from './notify/event-message.js';
