/**
 * One file up to the node: a streamed PUT of the raw bytes. XMLHttpRequest rather than fetch,
 * because only it reports upload progress in every browser.
 */
import { APP_HEADERS, errorFrom } from '../api/http';

export interface RunningPut {
  done: Promise<void>;
  abort(): void;
}

export class UploadCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'UploadCancelled';
  }
}

export function putFile(url: string, file: File, onProgress: (loaded: number) => void): RunningPut {
  const xhr = new XMLHttpRequest();
  const done = new Promise<void>((resolve, reject) => {
    xhr.upload.onprogress = (event) => onProgress(event.loaded);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) return resolve();
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      reject(errorFrom(xhr.status, body));
    };
    xhr.onerror = () => reject(new Error('the connection to the node failed'));
    xhr.onabort = () => reject(new UploadCancelled());
  });
  // The file keeps its modification time, as a copy on disk would.
  xhr.open('PUT', `${url}?mtime=${Math.round(file.lastModified)}`);
  for (const [name, value] of Object.entries(APP_HEADERS)) xhr.setRequestHeader(name, value);
  xhr.setRequestHeader('content-type', 'application/octet-stream');
  xhr.send(file);
  return { done, abort: () => xhr.abort() };
}
