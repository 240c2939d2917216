/**
 * The one place where errors become WebDAV answers: a status (RFC 4918 §11 adds 207, 422, 423,
 * 424, 507) and, for a body, `<D:error>` naming the precondition that failed (§16) when there is
 * one, with Kith's code and message beside it for people reading logs.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { KithError, RangeNotSatisfiableError, TooLargeError, type ErrorCode } from '../../core/errors.js';
import { statusOf } from '../errors.js';
import { dav, document, element, escapeXml } from './xml-write.js';

const KITH_NS = 'urn:x-kith:';

interface DavErrorOptions {
  /** Inner XML of `<D:error>`: the precondition (§16) that failed, e.g. `<D:lock-token-submitted>…`. */
  condition?: string;
  code?: ErrorCode;
  headers?: Record<string, string>;
}

/** A failure whose status is WebDAV's own (405, 412, 415, 423), or that names a precondition. */
export class DavError extends KithError {
  readonly condition: string | undefined;
  readonly headers: Record<string, string>;

  constructor(
    readonly status: number,
    message: string,
    options: DavErrorOptions = {},
  ) {
    super(options.code ?? 'E_CONFLICT', message);
    this.condition = options.condition;
    this.headers = options.headers ?? {};
  }
}

// RFC 9110 §15.5.6: a 405 says what the resource does allow.
const ALLOWED_ON_COLLECTION = 'OPTIONS, PROPFIND, PROPPATCH, DELETE, COPY, MOVE, LOCK, UNLOCK';
const ALLOWED_ON_FILE = 'OPTIONS, GET, HEAD, PUT, PROPFIND, PROPPATCH, DELETE, COPY, MOVE, LOCK, UNLOCK';

export const methodNotAllowed = (message: string, onCollection: boolean): DavError =>
  new DavError(405, message, { code: 'E_FORBIDDEN', headers: { allow: onCollection ? ALLOWED_ON_COLLECTION : ALLOWED_ON_FILE } });
export const preconditionFailed = (message: string, condition?: string): DavError => new DavError(412, message, { condition });
export const locked = (message: string, lockRootHrefs: readonly string[]): DavError =>
  new DavError(423, message, { condition: dav('lock-token-submitted', lockRootHrefs.map((h) => dav('href', escapeXml(h))).join('')) });

function davStatusOf(err: KithError): number {
  return err instanceof DavError ? err.status : statusOf(err.code);
}

/** Errors from Fastify and libraries, in Kith's terms; undefined when unexpected. */
function translate(err: FastifyError): KithError | undefined {
  if (err instanceof KithError) return err;
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new TooLargeError('request body is too large');
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return new KithError('E_INVALID', err.message);
  return undefined;
}

export function sendDavError(request: FastifyRequest, reply: FastifyReply, err: FastifyError): FastifyReply {
  // A request refused before its body was read leaves bytes on the socket: close it after the answer.
  if (!request.raw.complete) reply.header('connection', 'close');
  const known = translate(err);
  if (!known) request.log.error({ err }, 'unexpected error');
  else request.log.debug({ err }, 'WebDAV request failed');
  const kithError = known ?? new KithError('E_INTERNAL', 'internal error');
  if (kithError.code === 'E_UNAUTHORIZED') reply.header('www-authenticate', 'Basic realm="Kith", charset="UTF-8"');
  if (kithError instanceof RangeNotSatisfiableError) reply.header('content-range', `bytes */${kithError.size}`);
  if (kithError instanceof DavError) reply.headers(kithError.headers);
  const condition = kithError instanceof DavError ? (kithError.condition ?? '') : '';
  const body = document(
    dav('error', condition + element(KITH_NS, 'code', kithError.code) + element(KITH_NS, 'message', escapeXml(kithError.message))),
  );
  reply.code(davStatusOf(kithError)).type('application/xml; charset=utf-8');
  return request.method === 'HEAD' ? reply.send() : reply.send(body);
}
