/**
 * Sends stored content over HTTP: ETag and Last-Modified validators, conditional GET, byte ranges
 * (RFC 9110 §13, §14), and a first read before the status line goes out, so that a missing or
 * corrupt first chunk is a clean error response rather than a cut-off body.
 */
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OpenedFile } from '../../pool/index.js';
import { abortOnClientClose } from '../abort-on-close.js';
import { parseRange, type RequestedRange } from '../http-range.js';
import { mediaTypeOf } from '../media-type.js';

export interface ContentSource {
  etag: string;
  size: number;
  mtime: number;
  name: string;
  open(range: RequestedRange | undefined, signal: AbortSignal): OpenedFile;
}

export async function sendContent(request: FastifyRequest, reply: FastifyReply, source: ContentSource, asAttachment: boolean): Promise<FastifyReply> {
  const etag = `"${source.etag}"`;
  reply.header('etag', etag);
  reply.header('last-modified', new Date(source.mtime).toUTCString());
  reply.header('accept-ranges', 'bytes');
  reply.header('content-type', mediaTypeOf(source.name));
  reply.header('x-content-type-options', 'nosniff');
  // Uploaded HTML or SVG must never run as this node's own page.
  reply.header('content-security-policy', "sandbox; default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'");
  reply.header('content-disposition', `${asAttachment ? 'attachment' : 'inline'}; filename*=UTF-8''${encodeURIComponent(source.name)}`);
  if (notModified(request, etag)) return reply.code(304).send();

  const range = rangeIfStillValid(request, etag);
  const opened = source.open(range, abortOnClientClose(reply));
  const length = opened.range ? opened.range.end - opened.range.start + 1 : source.size;
  if (opened.range) {
    reply.code(206).header('content-range', `bytes ${opened.range.start}-${opened.range.end}/${source.size}`);
  }
  reply.header('content-length', String(length));
  if (request.method === 'HEAD') {
    opened.stream.destroy();
    return reply.send();
  }
  await firstRead(opened.stream);
  return reply.send(opened.stream);
}

function notModified(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match'];
  if (!header) return false;
  return header.split(',').some((t) => t.trim() === etag || t.trim() === `W/${etag}` || t.trim() === '*');
}

/** If-Range: the range applies only if the client's copy is still current. */
function rangeIfStillValid(request: FastifyRequest, etag: string): RequestedRange | undefined {
  const ifRange = request.headers['if-range'];
  if (ifRange !== undefined && String(ifRange).trim() !== etag) return undefined;
  return parseRange(request.headers.range);
}

/** Waits until the stream has data, has ended, or has failed (then throws its error). */
export async function firstRead(stream: Readable): Promise<void> {
  if (stream.readableLength > 0 || stream.readableEnded) return;
  const ac = new AbortController();
  try {
    await Promise.race([once(stream, 'readable', { signal: ac.signal }), once(stream, 'end', { signal: ac.signal })]);
  } finally {
    ac.abort();
  }
}
