/**
 * The one place where errors become HTTP answers. Every failure, whatever raised it, leaves as
 * `{"error": {"code", "message"}}` with the status its code calls for; unexpected errors are
 * logged in full and answered with a bare E_INTERNAL, never with a stack trace.
 */
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DiskFullError, KithError, RateLimitedError, RangeNotSatisfiableError, TooLargeError, type ErrorCode } from '../core/errors.js';

const STATUS: Record<ErrorCode, number> = {
  E_INVALID: 400,
  E_BAD_NAME: 400,
  E_WEAK_PASSWORD: 400,
  E_ABORTED: 400,
  E_UNAUTHORIZED: 401,
  E_FORBIDDEN: 403,
  E_NOT_FOUND: 404,
  E_GONE: 410,
  E_EXISTS: 409,
  E_CONFLICT: 409,
  E_TOO_LARGE: 413,
  E_UNSUPPORTED: 415,
  E_RANGE: 416,
  E_RATE_LIMITED: 429,
  E_CORRUPT: 500,
  E_UNREACHABLE: 502,
  E_INTERNAL: 500,
  E_QUOTA: 507,
  E_DISK_FULL: 507,
};

export function statusOf(code: ErrorCode): number {
  return STATUS[code];
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

export function errorBody(code: ErrorCode, message: string): ErrorBody {
  return { error: { code, message } };
}

/** Errors from libraries, in Kith's terms; undefined when unexpected. */
function translate(err: FastifyError & { code?: string }): KithError | undefined {
  if (err instanceof KithError) return err;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const details = err.validation.map((v) => `${v.instancePath || err.validationContext || 'request'} ${v.message}`);
    return new KithError('E_INVALID', `invalid request: ${details.join('; ')}`);
  }
  if (err.validation) return new KithError('E_INVALID', `invalid request: ${err.message}`);
  if (err.code === 'SQLITE_FULL' || err.code === 'ENOSPC') return new DiskFullError(undefined, { cause: err });
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new TooLargeError('request body is too large');
  if (err.code?.startsWith('FST_ERR_CTP') || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return new KithError('E_INVALID', err.message);
  }
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return new KithError('E_INVALID', err.message);
  return undefined;
}

export function sendError(reply: FastifyReply, err: KithError): FastifyReply {
  if (err instanceof RateLimitedError) reply.header('retry-after', String(err.retryAfterSeconds));
  if (err instanceof RangeNotSatisfiableError) reply.header('content-range', `bytes */${err.size}`);
  if (err.code === 'E_UNAUTHORIZED' && !fromWebApp(reply)) reply.header('www-authenticate', 'Basic realm="kith", charset="UTF-8"');
  return reply.code(statusOf(err.code)).type('application/json').send(errorBody(err.code, err.message));
}

/**
 * The web app marks its requests (X-Requested-With, as jQuery and Nextcloud do). It shows its own
 * login page, so it gets no Basic challenge, which would make the browser pop up its own dialog.
 */
function fromWebApp(reply: FastifyReply): boolean {
  return reply.request.headers['x-requested-with'] === 'XMLHttpRequest';
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    // An upload refused half-way leaves unread bytes on the socket: close it after the answer
    // rather than let them be taken for the next request.
    if (!request.raw.complete) reply.header('connection', 'close');
    const known = translate(err);
    if (known) {
      request.log.debug({ err }, 'request failed');
      return sendError(reply, known);
    }
    request.log.error({ err }, 'unexpected error');
    return reply.code(500).type('application/json').send(errorBody('E_INTERNAL', 'internal error'));
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(errorBody('E_NOT_FOUND', `no route for ${request.method} ${request.url.split('?')[0]}`)),
  );
}
