/** Chunk names: the SHA-256 of the content as 64 lowercase hex characters. */
import { createHash } from 'node:crypto';
import { InvalidInputError } from '../core/errors.js';

const CHUNK_HASH = /^[0-9a-f]{64}$/;

export function isChunkHash(value: string): boolean {
  return CHUNK_HASH.test(value);
}

/** Checked before a hash touches the file system: a valid hash can never name a path elsewhere. */
export function assertChunkHash(value: string): void {
  if (typeof value !== 'string' || !isChunkHash(value)) {
    throw new InvalidInputError(`not a chunk hash (64 lowercase hex characters): ${JSON.stringify(value)}`);
  }
}

export async function sha256Hex(data: Uint8Array): Promise<string> {
  return createHash('sha256').update(data).digest('hex');
}
