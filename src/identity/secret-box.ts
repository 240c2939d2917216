/**
 * Seals secrets that the node must be able to read back (S3 secret keys: Signature V4 needs the
 * secret itself on the server). AES-256-GCM with a random key kept in the data directory, mode
 * 0600, apart from the database: a copy of kith.db alone does not reveal them.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface SecretBox {
  seal(plain: string): Buffer;
  open(sealed: Buffer): string;
}

const KEY_FILE = 'secrets.key';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export async function loadOrCreateSecretBox(dataDir: string): Promise<SecretBox> {
  const file = join(dataDir, KEY_FILE);
  let key: Buffer;
  try {
    key = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    key = randomBytes(32);
    // 'wx': never overwrite a key another process just wrote.
    await writeFile(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  }
  if (key.length !== 32) throw new Error(`${file} does not hold a 256-bit key`);
  return secretBoxWith(key);
}

/** Sealed form: IV ‖ ciphertext ‖ tag. */
export function secretBoxWith(key: Buffer): SecretBox {
  return {
    seal(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, body, cipher.getAuthTag()]);
    },
    open(sealed) {
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    },
  };
}
