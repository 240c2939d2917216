/**
 * WebDAV (RFC 4918 classes 1 and 2, RFC 4331 quotas) over the node's pools, at /dav/. Read
 * `routes.ts` first, then a method handler (`propfind.ts`, `content.ts`, `transfer.ts`), then
 * `lock-guard.ts`, `if-header.ts` and `lock-manager.ts` for locking, and `errors.ts`.
 */
export type { DavLock, LockStore } from './lock-manager.js';
export { WEBDAV_METHODS, webdavRoutes } from './routes.js';
