/** Small answers shared by the handlers. */
import type { FastifyReply } from 'fastify';
import type { S3Call } from '../context.js';

export function sendXml(call: S3Call, xml: string, status = 200): FastifyReply {
  return call.reply.code(status).header('content-type', 'application/xml').send(xml);
}

/** S3 quotes ETags in headers and in XML alike. */
export const quoted = (etag: string): string => `"${etag}"`;

export const httpDate = (ms: number): string => new Date(ms).toUTCString();

export const isoDate = (ms: number): string => new Date(ms).toISOString();
