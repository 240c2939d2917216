import { createHash, randomBytes } from 'node:crypto';

/** A bearer secret: 256 random bits, with a prefix that makes leaked tokens easy to find and scan for. */
export function newSecret(prefix: 'kith_s' | 'kith_t' | 'kith_setup' | 'kith_local'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** Secrets are stored and looked up only by this hash. */
export function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}
