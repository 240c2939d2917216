/**
 * Secure uploads: each file is sealed in the browser (encrypt.ts) and streamed to the node over
 * tus (tus-js-client, loaded on first use), in pieces read from the sealing stream as they are
 * sent, so neither the file nor its ciphertext is ever whole in memory. A plain PUT cannot do
 * that: a fetch with a streamed body needs HTTP/2, and a home node speaks HTTP/1.1.
 */
import { APP_HEADERS, errorFrom } from '../api/http';
import type { PickedFile } from '../upload/picked-files';
import { UploadCancelled } from '../upload/put-file';
import type { Sender } from '../upload/upload-queue';
import { encryptBlob } from './encrypt';
import { SECURE_SUFFIX } from './format';
import { randomBytes, toBase64Url, type MasterKey } from './keys';

/** Bytes per PATCH: the most the tus client buffers at once. */
const PIECE_BYTES = 8 * 1024 * 1024;

/**
 * Where sealed files go: the same path with the secure suffix, or, with hidden names, a random
 * name in the same folder (the real name is sealed inside the file).
 */
export function securePaths(files: PickedFile[], hideNames: boolean): PickedFile[] {
  return files.map(({ file, relativePath }) => {
    const folder = relativePath.slice(0, relativePath.lastIndexOf('/') + 1);
    const name = hideNames ? `secure-${toBase64Url(randomBytes(9))}` : relativePath.slice(folder.length);
    return { file, relativePath: `${folder}${name}${SECURE_SUFFIX}` };
  });
}

interface TusFailure extends Error {
  originalResponse?: { getStatus(): number; getBody(): string } | null;
}

function tusProblem(err: TusFailure): Error {
  const response = err.originalResponse;
  if (!response) return new Error('the connection to the node failed');
  let body: unknown;
  try {
    body = JSON.parse(response.getBody());
  } catch {
    body = undefined;
  }
  return errorFrom(response.getStatus(), body);
}

export function secureSender(master: MasterKey): Sender {
  return (pool, path, file, onProgress) => {
    let abort = () => {};
    let cancelled = false;
    const done = (async () => {
      const { Upload } = await import('tus-js-client');
      const sealed = await encryptBlob(file, master, { name: file.name, type: file.type || 'application/octet-stream' });
      if (cancelled) throw new UploadCancelled();
      await new Promise<void>((resolve, reject) => {
        const upload = new Upload(sealed.stream.getReader(), {
          endpoint: '/api/v1/uploads',
          uploadSize: sealed.size,
          chunkSize: PIECE_BYTES,
          metadata: { pool, path, mtime: String(Math.round(file.lastModified)) },
          headers: APP_HEADERS,
          storeFingerprintForResuming: false,
          // The client keeps the current piece, so a dropped connection resumes within it.
          retryDelays: [1000, 3000, 5000],
          // Progress in the plaintext's bytes, which the panel shows.
          onProgress: (sent) => onProgress(Math.round((sent / sealed.size) * file.size)),
          onSuccess: () => resolve(),
          onError: (err) => reject(cancelled ? new UploadCancelled() : tusProblem(err as TusFailure)),
        });
        abort = () => {
          void upload.abort(true).finally(() => reject(new UploadCancelled()));
        };
        upload.start();
      });
    })();
    return {
      done,
      abort: () => {
        cancelled = true;
        abort();
      },
    };
  };
}
