/**
 * Secure uploads: each file is sealed in the browser (encrypt.ts) and streamed to the node over
 * tus (upload/tus-upload.ts), in pieces read from the sealing stream as they are sent, so neither
 * the file nor its ciphertext is ever whole in memory. A plain PUT cannot do that: a fetch with a
 * streamed body needs HTTP/2, and a home node speaks HTTP/1.1.
 */
import type { PickedFile } from '../upload/picked-files';
import { UploadCancelled, type RunningPut } from '../upload/put-file';
import { resumableUpload } from '../upload/tus-upload';
import type { Sender } from '../upload/upload-queue';
import { encryptBlob } from './encrypt';
import { SECURE_SUFFIX } from './format';
import { randomBytes, toBase64Url, type MasterKey } from './keys';

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

export function secureSender(master: MasterKey): Sender {
  return (pool, path, file, onProgress) => {
    let running: RunningPut | undefined;
    let cancelled = false;
    const done = (async () => {
      const sealed = await encryptBlob(file, master, { name: file.name, type: file.type || 'application/octet-stream' });
      if (cancelled) throw new UploadCancelled();
      running = resumableUpload({ pool, path }, { stream: sealed.stream, size: sealed.size, lastModified: file.lastModified }, {
        // Progress in the plaintext's bytes, which the panel shows.
        onProgress: (sent) => onProgress(Math.round((sent / sealed.size) * file.size)),
      });
      await running.done;
    })();
    return {
      done,
      abort: () => {
        cancelled = true;
        running?.abort();
      },
    };
  };
}
