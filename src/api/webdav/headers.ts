/** The WebDAV request headers with a grammar of their own: Depth, Overwrite, Timeout, Lock-Token (RFC 4918 §10). */
import type { FastifyRequest } from 'fastify';
import { InvalidInputError } from '../../core/errors.js';

export type Depth = 0 | 1 | 'infinity';

/** §10.2: "0", "1" or "infinity"; absent means `fallback`; anything else is a bad request. */
export function parseDepth(header: string | undefined, fallback: Depth): Depth {
  if (header === undefined) return fallback;
  const value = header.trim().toLowerCase();
  if (value === '0') return 0;
  if (value === '1') return 1;
  if (value === 'infinity') return 'infinity';
  throw new InvalidInputError(`invalid Depth header "${header}": use 0, 1 or infinity`);
}

/** §10.6: "T" (the default) or "F". */
export function parseOverwrite(header: string | undefined): boolean {
  if (header === undefined) return true;
  const value = header.trim().toUpperCase();
  if (value === 'T') return true;
  if (value === 'F') return false;
  throw new InvalidInputError(`invalid Overwrite header "${header}": use T or F`);
}

/**
 * §10.7: a list of "Second-N" or "Infinite", in the client's order of preference. The first one we
 * understand wins, capped at `maxSeconds`; none at all gets the cap.
 */
export function parseTimeout(header: string | undefined, maxSeconds: number): number {
  for (const part of (header ?? '').split(',')) {
    const value = part.trim();
    if (/^infinite$/i.test(value)) return maxSeconds;
    const m = /^second-(\d{1,10})$/i.exec(value);
    if (m) return Math.max(1, Math.min(Number(m[1]), maxSeconds));
  }
  return maxSeconds;
}

/** §10.5: `<coded-url>`. */
export function parseLockToken(header: string | undefined): string {
  const m = /^\s*<([^<>\s]+)>\s*$/.exec(header ?? '');
  if (!m) throw new InvalidInputError('UNLOCK needs a Lock-Token header: <token>');
  return m[1]!;
}

/** A request header as one string (repeated fields joined as RFC 9110 §5.3 allows). */
export function headerOf(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
