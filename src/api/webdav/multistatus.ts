/** The 207 Multi-Status answer (RFC 4918 §13): one DAV:response per resource, properties grouped by status. */
import type { FastifyReply } from 'fastify';
import { dav, davText, document } from './xml-write.js';

const REASONS: Record<number, string> = { 200: 'OK', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 424: 'Failed Dependency' };

export function statusLine(status: number): string {
  return `HTTP/1.1 ${status} ${REASONS[status] ?? ''}`.trimEnd();
}

/** A DAV:response with one propstat per status; `byStatus` maps a status to property elements. */
export function propResponse(href: string, byStatus: ReadonlyMap<number, readonly string[]>): string {
  const propstats = [...byStatus]
    .filter(([, props]) => props.length > 0)
    .map(([status, props]) => dav('propstat', dav('prop', props.join('')) + davText('status', statusLine(status))));
  return dav('response', davText('href', href) + propstats.join(''));
}

export function sendMultistatus(reply: FastifyReply, responses: readonly string[]): FastifyReply {
  return reply.code(207).type('application/xml; charset=utf-8').send(document(dav('multistatus', responses.join(''))));
}
