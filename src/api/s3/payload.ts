/**
 * The request body as the object's bytes: aws-chunked bodies decoded (chunk signatures checked as
 * they stream), a signed x-amz-content-sha256 and a Content-MD5 compared once the last byte is
 * read — before the write commits, so a mismatch stores nothing.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { S3Error } from './errors.js';
import { decodeAwsChunked } from './sigv4/chunked.js';
import type { VerifiedSignature } from './sigv4/verify.js';

/** The decoded body and its MD5, known once it has been read to the end. */
export interface Payload {
  bytes: AsyncIterable<Uint8Array>;
  md5(): Buffer;
}

export function payloadOf(raw: IncomingMessage, signature: VerifiedSignature): Payload {
  const md5 = createHash('md5');
  let digest: Buffer | undefined;
  const expectedMd5 = contentMd5(raw.headers['content-md5']);
  const mode = signature.payload;
  const decoded =
    mode.kind === 'chunked-signed' ? decodeAwsChunked(raw, signature)
    : mode.kind === 'chunked-unsigned-trailer' ? decodeAwsChunked(raw, undefined)
    : raw;
  const sha256 = mode.kind === 'sha256' ? { hash: createHash('sha256'), hex: mode.hex } : undefined;
  async function* checked(): AsyncGenerator<Uint8Array> {
    for await (const piece of decoded as AsyncIterable<Uint8Array>) {
      md5.update(piece);
      sha256?.hash.update(piece);
      yield piece;
    }
    digest = md5.digest();
    if (sha256 && sha256.hash.digest('hex') !== sha256.hex) {
      throw new S3Error('XAmzContentSHA256Mismatch', 'the provided x-amz-content-sha256 header does not match what was computed');
    }
    if (expectedMd5 && !expectedMd5.equals(digest)) throw new S3Error('BadDigest', 'the Content-MD5 you specified did not match what we received');
  }
  return {
    bytes: checked(),
    md5() {
      if (!digest) throw new Error('the body has not been read to the end');
      return digest;
    },
  };
}

function contentMd5(header: string | string[] | undefined): Buffer | undefined {
  if (typeof header !== 'string') return undefined;
  const value = Buffer.from(header, 'base64');
  if (value.length !== 16) throw new S3Error('InvalidDigest', 'the Content-MD5 you specified is not valid');
  return value;
}

/** Reads a small body (an XML document) whole, refusing more than `limit` bytes. */
export async function readSmallBody(bytes: AsyncIterable<Uint8Array>, limit: number): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const piece of bytes) {
    size += piece.length;
    if (size > limit) throw new S3Error('EntityTooLarge', `this request's body may not exceed ${limit} bytes`);
    parts.push(Buffer.from(piece));
  }
  return Buffer.concat(parts).toString('utf8');
}

