import type { FastifyReply } from 'fastify';

/**
 * A signal that fires when the client goes away before the response is complete. (The request's
 * own 'close' fires as soon as its body is read, so it cannot tell.)
 */
export function abortOnClientClose(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort();
  });
  return controller.signal;
}
