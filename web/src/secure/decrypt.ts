/**
 * Opens a secure file from a byte stream (a fetch body), in three steps that match what a person
 * sees: read the header (which says whether a passphrase is needed), unlock it with a key (a wrong
 * one fails at once, on the sealed metadata, before the content is read), then decrypt the chunks
 * one by one as they arrive. Every failure is a SecureFormatError or SecureIntegrityError; the
 * caller keeps nothing of a file that failed. Format: format.ts.
 */
import { ByteReader } from './byte-reader';
import { chunkNonce, decodeHeader, FIXED_HEADER_BYTES, SecureFormatError, SecureIntegrityError, TAG_BYTES, type Header, type Metadata } from './format';
import { fileKeys, type MasterKey } from './keys';

export interface LockedFile {
  header: Header;
  /** Throws SecureIntegrityError when the key is wrong (or the header was changed). */
  unlock(master: MasterKey): Promise<UnlockedFile>;
  /** Stops reading (and downloading). */
  cancel(): Promise<void>;
}

export interface UnlockedFile {
  metadata: Metadata;
  /** The plaintext, chunk by chunk; throws SecureIntegrityError at the first bad chunk. */
  chunks(): AsyncGenerator<Uint8Array>;
}

const open = async (key: CryptoKey, iv: Uint8Array<ArrayBuffer>, sealed: Uint8Array<ArrayBuffer>, additionalData?: Uint8Array<ArrayBuffer>): Promise<Uint8Array | undefined> => {
  try {
    return new Uint8Array(await globalThis.crypto.subtle.decrypt({ name: 'AES-GCM', iv, ...(additionalData && { additionalData }) }, key, sealed));
  } catch {
    return undefined;
  }
};

export async function openSecure(stream: ReadableStream<Uint8Array>): Promise<LockedFile> {
  const bytes = new ByteReader(stream.getReader());
  const fixed = await bytes.read(FIXED_HEADER_BYTES);
  const header = decodeHeader(fixed);
  const sealedMeta = await bytes.read(header.metadataLength);
  if (sealedMeta.length < header.metadataLength) throw new SecureIntegrityError('This secure file is cut short: its header is incomplete.');
  return {
    header,
    cancel: () => bytes.cancel(),
    async unlock(master) {
      const keys = await fileKeys(master, header.fileSalt);
      const plain = await open(keys.metadata, new Uint8Array(12), sealedMeta, fixed);
      if (!plain) throw new SecureIntegrityError(header.keyKind === 'passphrase' ? 'Wrong passphrase (or the file was changed).' : 'Wrong key (or the file was changed).');
      return { metadata: parseMetadata(plain), chunks: () => chunksOf(bytes, header, keys.content) };
    },
  };
}

function parseMetadata(plain: Uint8Array): Metadata {
  const value = JSON.parse(new TextDecoder().decode(plain)) as Partial<Metadata>;
  if (typeof value.name !== 'string' || typeof value.type !== 'string') throw new SecureFormatError('This secure file has damaged metadata.');
  return { name: value.name, type: value.type };
}

async function* chunksOf(bytes: ByteReader, header: Header, key: CryptoKey): AsyncGenerator<Uint8Array> {
  for (let index = 0; ; index++) {
    const sealed = await bytes.read(header.chunkSize + TAG_BYTES);
    // The last chunk is the one the stream ends after: only its nonce carries the last flag.
    const last = await bytes.atEnd();
    const plain = sealed.length >= TAG_BYTES ? await open(key, chunkNonce(header.noncePrefix, index, last), sealed) : undefined;
    if (!plain) throw new SecureIntegrityError(`This file was changed or is incomplete: part ${index + 1} fails its integrity check. Nothing of it is offered.`);
    yield plain;
    if (last) return;
  }
}

/**
 * All of the plaintext as one Blob of the file's media type. Parts are gathered into Blobs of a
 * few MiB as they come, which the browser may keep on disk: a large file need not fit in memory.
 */
export async function decryptToBlob(file: UnlockedFile, onProgress?: (bytes: number) => void): Promise<Blob> {
  const BATCH_BYTES = 8 * 1024 * 1024;
  const parts: Blob[] = [];
  let batch: Uint8Array[] = [];
  let batchBytes = 0;
  let total = 0;
  for await (const chunk of file.chunks()) {
    batch.push(chunk);
    batchBytes += chunk.length;
    total += chunk.length;
    onProgress?.(total);
    if (batchBytes >= BATCH_BYTES) {
      parts.push(new Blob(batch as BlobPart[]));
      batch = [];
      batchBytes = 0;
    }
  }
  parts.push(new Blob(batch as BlobPart[]));
  return new Blob(parts, { type: file.metadata.type });
}
