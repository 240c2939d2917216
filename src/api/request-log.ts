/**
 * The optional request log (`--log-requests`, KITH_LOG_REQUESTS=1, `http.logRequests`): one line
 * per answered request with its method, full URL (query included), status and duration. Headers
 * are never logged, so neither the Authorization header nor cookies reach the log. It logs at
 * info through its own child logger whose level is pinned to info: asking for a request log
 * means wanting it even on a node that otherwise logs only warnings.
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../core/log.js';

export function installRequestLog(app: FastifyInstance, log: Logger): void {
  const requests = log.child({ component: 'requests' }, { level: 'info' });
  app.addHook('onResponse', async (request, reply) => {
    requests.info({ method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });
}
