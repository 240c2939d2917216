/**
 * XML request bodies, read from the raw stream by us (the WebDAV scope parses no body, so that PUT
 * streams): at most the configured number of bytes, else 413 before the rest is read.
 */
import type { FastifyRequest } from 'fastify';
import { TooLargeError } from '../../core/errors.js';
import { parseXml, type XmlElement } from './xml-parse.js';

export async function readBody(request: FastifyRequest, limitBytes: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limitBytes) throw new TooLargeError(`XML bodies are limited to ${limitBytes} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request.raw as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) throw new TooLargeError(`XML bodies are limited to ${limitBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The body's root element, or undefined for an empty body. */
export async function readXmlBody(request: FastifyRequest, limitBytes: number): Promise<XmlElement | undefined> {
  const text = (await readBody(request, limitBytes)).toString('utf8');
  return text.trim() === '' ? undefined : parseXml(text);
}
