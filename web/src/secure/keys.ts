/**
 * Keys of secure files, all through WebCrypto (no library, no wasm, so the app's CSP stays as
 * strict as it is). A master key is either 32 random bytes, carried in a share link's fragment,
 * or PBKDF2-HMAC-SHA256 of a passphrase. PBKDF2 rather than Argon2id: WebCrypto has it natively,
 * Argon2 would need wasm and 'wasm-unsafe-eval' in the policy; 600,000 iterations is OWASP's
 * figure for it. Per file, HKDF-SHA256 over the header's random salt derives the keys that seal.
 */
import { DEFAULT_ITERATIONS, type Header } from './format';

export interface MasterKey {
  /** HKDF base key: usable only to derive, never to encrypt. */
  base: CryptoKey;
  /** How it was made: what a file sealed with it records in its header. */
  kind: 'random' | 'passphrase';
  iterations: number;
  kdfSalt: Uint8Array<ArrayBuffer>;
}

export const RANDOM_KEY_BYTES = 32;
const subtle = (): SubtleCrypto => globalThis.crypto.subtle;
const encoder = new TextEncoder();

export const randomBytes = (length: number): Uint8Array<ArrayBuffer> => globalThis.crypto.getRandomValues(new Uint8Array(length));

function importBase(raw: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  return subtle().importKey('raw', raw, 'HKDF', false, ['deriveKey']);
}

export async function masterFromRandom(raw: Uint8Array<ArrayBuffer>): Promise<MasterKey> {
  if (raw.length !== RANDOM_KEY_BYTES) throw new Error(`A key has ${RANDOM_KEY_BYTES} bytes; this one has ${raw.length}.`);
  return { base: await importBase(raw), kind: 'random', iterations: 0, kdfSalt: new Uint8Array(16) };
}

/** Slow by design: 600,000 iterations take about half a second on a laptop. */
export async function masterFromPassphrase(passphrase: string, kdfSalt: Uint8Array<ArrayBuffer>, iterations: number): Promise<MasterKey> {
  const password = await subtle().importKey('raw', encoder.encode(passphrase.normalize('NFC')), 'PBKDF2', false, ['deriveBits']);
  const bits = await subtle().deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: kdfSalt, iterations }, password, 256);
  return { base: await importBase(new Uint8Array(bits)), kind: 'passphrase', iterations, kdfSalt };
}

/** A new passphrase key: a fresh salt, OWASP's iteration count. */
export const newPassphraseMaster = (passphrase: string): Promise<MasterKey> => masterFromPassphrase(passphrase, randomBytes(16), DEFAULT_ITERATIONS);

/** A new random key, with its bytes for the link or for the user to keep. */
export async function newRandomMaster(): Promise<{ raw: Uint8Array<ArrayBuffer>; master: MasterKey }> {
  const raw = randomBytes(RANDOM_KEY_BYTES);
  return { raw, master: await masterFromRandom(raw) };
}

/** The master key a file's header asks for, from the passphrase the user typed. */
export const masterForHeader = (header: Header, passphrase: string): Promise<MasterKey> => masterFromPassphrase(passphrase, header.kdfSalt, header.iterations);

export interface FileKeys {
  metadata: CryptoKey;
  content: CryptoKey;
}

/** One file's two AES-256-GCM keys, bound to its salt by HKDF (RFC 5869). */
export async function fileKeys(master: MasterKey, fileSalt: Uint8Array<ArrayBuffer>): Promise<FileKeys> {
  const derive = (info: string) =>
    subtle().deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: fileSalt, info: encoder.encode(info) }, master.base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  return { metadata: await derive('kith-secure/1 metadata'), content: await derive('kith-secure/1 content') };
}

/** base64url without padding (RFC 4648 §5): the form a key takes in a link's fragment. */
export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('A key is letters, digits, "-" and "_" only.');
  let binary: string;
  try {
    binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    throw new Error('This is not a whole key: a letter is missing or too many.');
  }
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
