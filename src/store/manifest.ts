/**
 * A manifest is the ordered list of chunks that makes a file's content. Its binary form is part of
 * the on-disk and (later) wire format: per chunk, the 32-byte SHA-256 then the size as a 32-bit
 * big-endian integer. The manifest hash is the SHA-256 of that form, so equal content has an equal
 * manifest hash and copies share one manifest.
 */
import { createHash } from 'node:crypto';
import { InvalidInputError } from '../core/errors.js';
import type { ChunkRef } from './types.js';

const ENTRY_BYTES = 36;

export function encodeManifest(chunks: readonly ChunkRef[]): Buffer {
  const out = Buffer.allocUnsafe(chunks.length * ENTRY_BYTES);
  chunks.forEach((chunk, i) => {
    out.write(chunk.hash, i * ENTRY_BYTES, 32, 'hex');
    out.writeUInt32BE(chunk.size, i * ENTRY_BYTES + 32);
  });
  return out;
}

export function decodeManifest(data: Uint8Array): ChunkRef[] {
  if (data.length % ENTRY_BYTES !== 0) {
    throw new InvalidInputError(`manifest length ${data.length} is not a multiple of ${ENTRY_BYTES}`);
  }
  const buf = Buffer.from(data.buffer, data.byteOffset, data.length);
  const chunks: ChunkRef[] = [];
  for (let off = 0; off < buf.length; off += ENTRY_BYTES) {
    chunks.push({ hash: buf.toString('hex', off, off + 32), size: buf.readUInt32BE(off + 32) });
  }
  return chunks;
}

export function manifestHash(encoded: Uint8Array): string {
  return createHash('sha256').update(encoded).digest('hex');
}

export function contentSize(chunks: readonly ChunkRef[]): number {
  return chunks.reduce((sum, c) => sum + c.size, 0);
}
