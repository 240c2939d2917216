/** The 207 Multi-Status answer (RFC 4918 §13): one DAV:response per resource, properties grouped by status. */
import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { dav, davText, document } from './xml-write.js';

const BATCH_CHARS = 64 * 1024;

const REASONS: Record<number, string> = { 200: 'OK', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 424: 'Failed Dependency' };

function statusLine(status: number): string {
  return `HTTP/1.1 ${status} ${REASONS[status] ?? ''}`.trimEnd();
}

/** A DAV:response with one propstat per status; `byStatus` maps a status to property elements. */
export function propResponse(href: string, byStatus: ReadonlyMap<number, readonly string[]>): string {
  const propstats = [...byStatus]
    .filter(([, props]) => props.length > 0)
    .map(([status, props]) => dav('propstat', dav('prop', props.join('')) + davText('status', statusLine(status))));
  return dav('response', davText('href', href) + propstats.join(''));
}

/**
 * Sends the answer as it is produced: a listing of a large folder goes out in pieces of about
 * 64 KiB rather than as one string, so memory stays bounded whatever the folder holds.
 */
export function sendMultistatus(reply: FastifyReply, responses: Iterable<string>): FastifyReply {
  return reply.code(207).type('application/xml; charset=utf-8').send(Readable.from(batched(responses)));
}

function* batched(responses: Iterable<string>): Generator<string> {
  const [head, tail] = document(dav('multistatus', '\u0000')).split('\u0000');
  let pending = head!;
  for (const response of responses) {
    pending += response;
    if (pending.length >= BATCH_CHARS) {
      yield pending;
      pending = '';
    }
  }
  yield pending + tail!;
}
