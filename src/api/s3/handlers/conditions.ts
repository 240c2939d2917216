/**
 * Conditional GET and HEAD as S3 applies them ("GetObject", Request Syntax: If-Match,
 * If-None-Match, If-Modified-Since, If-Unmodified-Since; RFC 9110 §13.2.2 for the order).
 */
import type { FastifyRequest } from 'fastify';
import { S3Error } from '../errors.js';

/** 'not-modified' for a 304; throws PreconditionFailed for a 412; undefined to go on. */
export function evaluateConditions(request: FastifyRequest, etag: string, mtime: number): 'not-modified' | undefined {
  const h = request.headers;
  const ifMatch = h['if-match'];
  const ifNoneMatch = h['if-none-match'];
  // HTTP dates have whole seconds.
  const modified = Math.floor(mtime / 1000) * 1000;
  if (ifMatch !== undefined && !matches(ifMatch, etag)) throw new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold');
  if (ifMatch === undefined && h['if-unmodified-since'] !== undefined && modified > Date.parse(h['if-unmodified-since'])) {
    throw new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold');
  }
  if (ifNoneMatch !== undefined) return matches(ifNoneMatch, etag) ? 'not-modified' : undefined;
  if (h['if-modified-since'] !== undefined && modified <= Date.parse(h['if-modified-since'])) return 'not-modified';
  return undefined;
}

function matches(header: string, etag: string): boolean {
  return header.split(',').some((t) => {
    const tag = t.trim().replace(/^W\//, '');
    return tag === '*' || tag === `"${etag}"` || tag === etag;
  });
}
