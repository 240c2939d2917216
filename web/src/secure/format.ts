/**
 * The secure file format, version 1: a file encrypted in the browser before it reaches the node.
 * The node stores it as any other file and can read neither its content nor its real name.
 *
 * ```
 * offset size  field
 *  0      7    magic "KITHSEC"
 *  7      1    version (1)
 *  8      1    key kind: 0 a random 256-bit key, 1 PBKDF2-HMAC-SHA256 of a passphrase
 *  9      4    plaintext chunk size, bytes (u32, big endian)
 * 13      4    PBKDF2 iterations (0 for a random key)
 * 17     16    PBKDF2 salt (zeros for a random key)
 * 33     32    file salt: HKDF salt for this file's keys
 * 65      7    nonce prefix, random per file
 * 72      4    length of the sealed metadata (u32)
 * 76      n    sealed metadata: AES-256-GCM of JSON {name, type}, additional data = bytes 0..75
 *  …           chunks: each plaintext chunk (the last may be shorter, and is empty only for an
 *              empty file) sealed with AES-256-GCM, 16-byte tag appended
 * ```
 *
 * Keys (keys.ts): the master key (random, or PBKDF2 of the passphrase with the header's salt and
 * iterations) never encrypts anything itself. HKDF-SHA256 with the file salt derives two keys per
 * file, one for the metadata and one for the chunks, so one master key safely seals any number of
 * files (a folder shares one passphrase derivation) and nonces never repeat under one key.
 *
 * Chunks follow the STREAM construction (Hoang, Reyhanitabar, Rogaway, Vizár 2015), as age does:
 * chunk i's nonce is prefix ‖ i (u32) ‖ last flag (1 byte, 1 only on the final chunk). Reordered,
 * dropped or duplicated chunks fail their tag; a file cut at a chunk boundary fails too, because
 * its new last chunk was sealed as not last. Any change to the header fails the metadata's tag,
 * which is opened before any chunk. A reader therefore never presents partial plaintext as whole.
 */

export const MAGIC = 'KITHSEC';
export const VERSION = 1;
/** What secure files are called on the node: the listing shows a lock for them. */
export const SECURE_SUFFIX = '.kith-secure';
/** 64 KiB, as age: small enough to stream, large enough that the 16-byte tags cost 0.02 %. */
export const DEFAULT_CHUNK_SIZE = 64 * 1024;
/** OWASP's 2023 figure for PBKDF2-HMAC-SHA256. */
export const DEFAULT_ITERATIONS = 600_000;
export const TAG_BYTES = 16;
export const FIXED_HEADER_BYTES = 76;
const MIN_CHUNK_SIZE = 64;
const MAX_CHUNK_SIZE = 16 * 1024 * 1024;
/** A crafted header must not make the reader spin for hours before failing. */
const MAX_ITERATIONS = 10_000_000;
/** Name and media type: a few hundred bytes in practice. */
export const MAX_METADATA_BYTES = 4096;
const MAX_CHUNKS = 2 ** 32;

export type KeyKind = 'random' | 'passphrase';

export interface Header {
  keyKind: KeyKind;
  chunkSize: number;
  iterations: number;
  kdfSalt: Uint8Array<ArrayBuffer>;
  fileSalt: Uint8Array<ArrayBuffer>;
  noncePrefix: Uint8Array<ArrayBuffer>;
  metadataLength: number;
}

/** What is sealed beside the content: the real name and media type. */
export interface Metadata {
  name: string;
  type: string;
}

/** The file is not a secure file, or one of a version this app cannot read. */
export class SecureFormatError extends Error {
  override name = 'SecureFormatError';
}

/** A tag failed: wrong key or passphrase, or bytes changed, dropped, reordered or cut off. */
export class SecureIntegrityError extends Error {
  override name = 'SecureIntegrityError';
}

export const isSecureName = (name: string): boolean => name.endsWith(SECURE_SUFFIX);

export function encodeHeader(h: Header): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(FIXED_HEADER_BYTES);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode(MAGIC), 0);
  out[7] = VERSION;
  out[8] = h.keyKind === 'random' ? 0 : 1;
  view.setUint32(9, h.chunkSize);
  view.setUint32(13, h.iterations);
  out.set(h.kdfSalt, 17);
  out.set(h.fileSalt, 33);
  out.set(h.noncePrefix, 65);
  view.setUint32(72, h.metadataLength);
  return out;
}

export function decodeHeader(bytes: Uint8Array): Header {
  if (bytes.length < FIXED_HEADER_BYTES || new TextDecoder().decode(bytes.subarray(0, 7)) !== MAGIC) throw new SecureFormatError('This is not a Kith secure file.');
  if (bytes[7] !== VERSION) throw new SecureFormatError(`This secure file has format version ${bytes[7]}; this app reads version ${VERSION}.`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, FIXED_HEADER_BYTES);
  const kind = bytes[8];
  const header: Header = {
    keyKind: kind === 0 ? 'random' : 'passphrase',
    chunkSize: view.getUint32(9),
    iterations: view.getUint32(13),
    kdfSalt: bytes.slice(17, 33),
    fileSalt: bytes.slice(33, 65),
    noncePrefix: bytes.slice(65, 72),
    metadataLength: view.getUint32(72),
  };
  const bad = (kind !== 0 && kind !== 1) || header.chunkSize < MIN_CHUNK_SIZE || header.chunkSize > MAX_CHUNK_SIZE
    || (kind === 1 && (header.iterations < 1 || header.iterations > MAX_ITERATIONS))
    || header.metadataLength <= TAG_BYTES || header.metadataLength > MAX_METADATA_BYTES + TAG_BYTES;
  if (bad) throw new SecureFormatError('This secure file has a damaged header.');
  return header;
}

/** Chunk i's nonce: prefix ‖ i ‖ last flag (the STREAM construction). */
export function chunkNonce(prefix: Uint8Array, index: number, last: boolean): Uint8Array<ArrayBuffer> {
  if (index >= MAX_CHUNKS) throw new SecureFormatError('This file is too large for its chunk size.');
  const nonce = new Uint8Array(12);
  nonce.set(prefix, 0);
  new DataView(nonce.buffer).setUint32(7, index);
  nonce[11] = last ? 1 : 0;
  return nonce;
}

/** Chunks of a plaintext: at least one, so an empty file still has a final chunk. */
export const chunkCount = (plainSize: number, chunkSize: number): number => Math.max(1, Math.ceil(plainSize / chunkSize));

/** The sealed file's size, known before any byte is encrypted (an upload announces it). */
export function sealedSize(plainSize: number, chunkSize: number, metadataLength: number): number {
  return FIXED_HEADER_BYTES + metadataLength + plainSize + chunkCount(plainSize, chunkSize) * TAG_BYTES;
}
