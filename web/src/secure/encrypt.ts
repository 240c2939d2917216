/**
 * Seals a Blob (a picked File) into the secure format as a stream: each chunk is read from its
 * slice of the file and sealed only when the consumer pulls it, so memory stays at about one
 * chunk whatever the file's size. Format: format.ts.
 */
import { chunkCount, chunkNonce, DEFAULT_CHUNK_SIZE, encodeHeader, MAX_METADATA_BYTES, sealedSize, TAG_BYTES, type Metadata } from './format';
import { fileKeys, randomBytes, type MasterKey } from './keys';

export interface SealedStream {
  /** Bytes the stream will deliver, known in advance. */
  size: number;
  stream: ReadableStream<Uint8Array>;
}

const seal = async (key: CryptoKey, iv: Uint8Array<ArrayBuffer>, plain: Uint8Array<ArrayBuffer>, additionalData?: Uint8Array<ArrayBuffer>): Promise<Uint8Array> =>
  new Uint8Array(await globalThis.crypto.subtle.encrypt({ name: 'AES-GCM', iv, ...(additionalData && { additionalData }) }, key, plain));

export async function encryptBlob(blob: Blob, master: MasterKey, metadata: Metadata, chunkSize = DEFAULT_CHUNK_SIZE): Promise<SealedStream> {
  const fileSalt = randomBytes(32);
  const noncePrefix = randomBytes(7);
  const keys = await fileKeys(master, fileSalt);
  const metaPlain = new TextEncoder().encode(JSON.stringify(metadata));
  if (metaPlain.length > MAX_METADATA_BYTES) throw new Error('The file name is too long to seal.');
  const header = encodeHeader({ keyKind: master.kind, chunkSize, iterations: master.iterations, kdfSalt: master.kdfSalt, fileSalt, noncePrefix, metadataLength: metaPlain.length + TAG_BYTES });
  const sealedMeta = await seal(keys.metadata, new Uint8Array(12), metaPlain, header);
  const count = chunkCount(blob.size, chunkSize);
  let index = -1;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (index === -1) {
        controller.enqueue(header);
        controller.enqueue(sealedMeta);
      } else {
        const plain = new Uint8Array(await blob.slice(index * chunkSize, (index + 1) * chunkSize).arrayBuffer());
        controller.enqueue(await seal(keys.content, chunkNonce(noncePrefix, index, index === count - 1), plain));
        if (index === count - 1) controller.close();
      }
      index++;
    },
  }, { highWaterMark: 0 });
  return { size: sealedSize(blob.size, chunkSize, sealedMeta.length), stream };
}
