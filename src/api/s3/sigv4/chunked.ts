/**
 * Decodes an aws-chunked body ("Signature Calculations for the Authorization Header: Transferring
 * Payload in Multiple Chunks (Chunked Upload)" and "… Including Trailing Headers"), yielding the
 * object's bytes. With a signed stream, each chunk's signature chains on the previous one and is
 * checked at the chunk's end, before anything after it is read: a bad signature fails the upload
 * before it commits, so an unverified byte is never stored.
 */
import { createHash } from 'node:crypto';
import { S3Error } from '../errors.js';
import { ByteReader } from './byte-reader.js';
import { EMPTY_SHA256, scopeString, sha256Hex, signHex, type Scope } from './canonical.js';

export interface ChunkSigning {
  key: Buffer;
  amzDate: string;
  scope: Scope;
  seedSignature: string;
}

const MAX_HEADER_LINE = 4096;
const MAX_CHUNK = 64 * 1024 * 1024;

export function chunkStringToSign(s: ChunkSigning, previous: string, dataHash: string): string {
  return ['AWS4-HMAC-SHA256-PAYLOAD', s.amzDate, scopeString(s.scope), previous, EMPTY_SHA256, dataHash].join('\n');
}

export function trailerStringToSign(s: ChunkSigning, previous: string, trailer: string): string {
  return ['AWS4-HMAC-SHA256-TRAILER', s.amzDate, scopeString(s.scope), previous, sha256Hex(trailer)].join('\n');
}

/** `signing` undefined: STREAMING-UNSIGNED-PAYLOAD-TRAILER (sizes only, no signatures). */
export async function* decodeAwsChunked(source: AsyncIterable<Uint8Array>, signing: ChunkSigning | undefined): AsyncGenerator<Buffer> {
  const reader = new ByteReader(source);
  let previous = signing?.seedSignature ?? '';
  for (;;) {
    const { size, signature } = parseChunkHeader(await reader.line(MAX_HEADER_LINE), signing !== undefined);
    const hash = createHash('sha256');
    for await (const piece of reader.bytes(size)) {
      hash.update(piece);
      yield piece;
    }
    if (signing) {
      const expected = signHex(signing.key, chunkStringToSign(signing, previous, hash.digest('hex')));
      if (expected !== signature) throw new S3Error('SignatureDoesNotMatch', 'a chunk signature of the aws-chunked body does not match');
      previous = expected;
    }
    if (size === 0) break;
    await reader.expectCrlf();
  }
  await readTrailer(reader, signing, previous);
}

function parseChunkHeader(line: string, signed: boolean): { size: number; signature: string } {
  const m = /^([0-9a-fA-F]{1,16})(?:;chunk-signature=([0-9a-f]{64}))?$/.exec(line);
  if (!m || (signed && m[2] === undefined)) throw new S3Error('IncompleteBody', 'malformed chunk header in the aws-chunked body');
  const size = parseInt(m[1]!, 16);
  if (size > MAX_CHUNK) throw new S3Error('InvalidArgument', 'a chunk of the aws-chunked body is too large');
  return { size, signature: m[2] ?? '' };
}

/**
 * After the last chunk: optional trailing headers (a checksum the client computed), then an empty
 * line. A signed stream's trailer carries a signature of its own, chained on the last chunk's.
 */
async function readTrailer(reader: ByteReader, signing: ChunkSigning | undefined, previous: string): Promise<void> {
  let trailer = '';
  for (;;) {
    const line = await reader.line(MAX_HEADER_LINE);
    if (line === '') break;
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'x-amz-trailer-signature') {
      if (!signing || signHex(signing.key, trailerStringToSign(signing, previous, trailer)) !== value) {
        throw new S3Error('SignatureDoesNotMatch', 'the trailer signature of the aws-chunked body does not match');
      }
    } else {
      trailer += `${name}:${value}\n`;
    }
  }
}
