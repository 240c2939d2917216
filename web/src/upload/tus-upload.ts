/**
 * One big file up to the node by the tus protocol (/api/v1/uploads), so that it survives what a
 * single PUT does not: a dropped connection retries from the node's offset, and after a reload the
 * same file picked again for the same place resumes where the node's copy ends (the upload's URL
 * is kept in localStorage under a fingerprint of target and file). Cancelling deletes the node's
 * staged copy. tus-js-client is loaded only when the first big file goes up.
 *
 * The bytes may also be a stream made as they are sent (a secure file sealed on the way): the
 * client keeps the piece in flight, so a dropped connection still resumes within it, but a reload
 * cannot, since the stream cannot be read again.
 */
import type { DetailedError, Upload, UploadOptions } from 'tus-js-client';
import { API_ROOT, APP_HEADERS, errorFrom } from '../api/http';
import { UploadCancelled, type RunningPut } from './put-file';

export interface ResumableTarget {
  pool: string;
  path: string;
}

/** What goes up: a file, or a stream of `size` bytes. */
export type ResumableSource = File | { stream: ReadableStream<Uint8Array>; size: number; lastModified: number };

export interface ResumableEvents {
  onProgress(loaded: number): void;
  /** The node already had `offset` bytes of this file from an earlier attempt. */
  onResumed?(offset: number): void;
}

const ENDPOINT = `${API_ROOT}/uploads`;
/** Each PATCH carries at most this much: a retry resends little, and proxies' body limits are met. */
const CHUNK_BYTES = 16 * 1024 * 1024;
/** Waits between retries after a dropped connection; then the upload fails (and can be picked again). */
const RETRY_DELAYS_MS = [0, 1000, 3000, 5000, 10_000, 20_000];
/** Statuses tus itself answers for a moment (offset conflict, locked) or a gateway in between. */
const PASSING_STATUSES = new Set([409, 423, 502, 503, 504]);

export function resumableUpload(target: ResumableTarget, source: ResumableSource, events: ResumableEvents): RunningPut {
  let upload: Upload | undefined;
  let cancel = (): void => undefined;
  const done = new Promise<void>((resolve, reject) => {
    let cancelled = false;
    cancel = () => {
      cancelled = true;
      // abort(true) also deletes the node's staged copy and forgets the stored URL.
      void upload?.abort(true).catch(() => undefined);
      reject(new UploadCancelled());
    };
    void import('tus-js-client').then(({ Upload }) => {
      if (cancelled) return;
      const data = source instanceof File ? source : source.stream.getReader();
      upload = new Upload(data, options(target, source, events, resolve, (err) => {
        const failure = failureOf(err);
        // The node refused this upload for good: its staged bytes are of no more use.
        if (failure !== undefined && upload?.url) void upload.abort(true).catch(() => undefined);
        reject(failure ?? new Error('the connection to the node failed'));
      }));
      if (!(source instanceof File)) return upload.start();
      return upload.findPreviousUploads().then((previous) => {
        if (cancelled) return;
        if (previous[0]) upload!.resumeFromPreviousUpload(previous[0]);
        upload!.start();
      });
    }).catch(reject);
  });
  return { done, abort: () => cancel() };
}

function options(target: ResumableTarget, source: ResumableSource, events: ResumableEvents, onSuccess: () => void, onError: (err: DetailedError) => void): UploadOptions {
  const file = source instanceof File;
  return {
    endpoint: ENDPOINT,
    chunkSize: CHUNK_BYTES,
    uploadSize: file ? undefined : source.size,
    retryDelays: RETRY_DELAYS_MS,
    metadata: { pool: target.pool, path: target.path, mtime: String(Math.round(source.lastModified)) },
    headers: APP_HEADERS,
    // Only a file can be read again after a reload, so only its upload is worth remembering.
    storeFingerprintForResuming: file,
    fingerprint: async () => fingerprintOf(target, source),
    removeFingerprintOnSuccess: true,
    onProgress: (loaded) => events.onProgress(loaded),
    onAfterResponse: (req, res) => {
      if (req.getMethod() === 'HEAD') events.onResumed?.(Number(res.getHeader('Upload-Offset')) || 0);
    },
    onShouldRetry: (err) => isPassing(err as DetailedError),
    onSuccess,
    onError: (err) => onError(err as DetailedError),
  };
}

/** The same file for the same place: a reload then finds the upload to resume. */
function fingerprintOf(target: ResumableTarget, source: ResumableSource): string {
  return ['kith', target.pool, target.path, source.size, source.lastModified].join('\n');
}

/** Kith's own error, when the node answered one (quota, rights, name), else undefined. */
function failureOf(err: DetailedError) {
  const res = err.originalResponse;
  if (!res) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(res.getBody());
  } catch {
    return PASSING_STATUSES.has(res.getStatus()) ? undefined : errorFrom(res.getStatus(), undefined);
  }
  return errorFrom(res.getStatus(), body);
}

function isPassing(err: DetailedError): boolean {
  const res = err.originalResponse;
  if (!res) return true;
  return PASSING_STATUSES.has(res.getStatus()) && failureOf(err) === undefined;
}
