/**
 * The uploads of this page: files wait in a queue and go up two at a time, each with its progress,
 * speed and a way to cancel. Views subscribe and redraw on every change.
 *
 * Small files go up in one PUT; big ones by tus, resumable. tus costs a creation request, a staged
 * copy on the node that is read again when it is complete, and an entry in localStorage: worth it
 * only where losing the bytes sent so far would hurt. Secure uploads bring their own sender, which
 * encrypts on the way (secure/secure-upload.ts).
 */
import { contentUrl } from '../api/files';
import type { PickedFile } from './picked-files';
import { putFile, UploadCancelled, type RunningPut } from './put-file';
import { mayCarryMetadata, stripMetadata } from './strip-metadata';
import { resumableUpload } from './tus-upload';
import { stripMetadataWanted } from './upload-options';

/** Sends one file to a path of a pool. */
export type Sender = (pool: string, path: string, file: File, onProgress: (loaded: number) => void) => RunningPut;

export type UploadState = 'queued' | 'uploading' | 'done' | 'failed' | 'cancelled';

export interface Upload {
  id: number;
  pool: string;
  path: string;
  file: File;
  /** Photo metadata is removed before it goes up (the choice when it was added). */
  stripMetadata: boolean;
  /** How it goes up, when not by the choice between PUT and tus below. */
  send?: Sender;
  loaded: number;
  state: UploadState;
  error?: string;
  /** Bytes the node already had from an earlier attempt, when a resumable upload picked up from there. */
  resumedAt?: number;
  startedAt?: number;
  finishedAt?: number;
}

const PARALLEL_UPLOADS = 2;
/** Files from this size on go up resumable (see the top of this file). */
export const RESUMABLE_FROM_BYTES = 8 * 1024 * 1024;
const FINISHED: ReadonlySet<UploadState> = new Set(['done', 'failed', 'cancelled']);

export const isFinished = (u: Upload): boolean => FINISHED.has(u.state);

export class UploadQueue {
  private uploads: Upload[] = [];
  private readonly aborts = new Map<number, () => void>();
  private readonly listeners = new Set<() => void>();
  private nextId = 1;

  list(): readonly Upload[] {
    return this.uploads;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  add(pool: string, folder: string, files: PickedFile[], send?: Sender): void {
    const strip = stripMetadataWanted();
    for (const { file, relativePath } of files) {
      const path = folder ? `${folder}/${relativePath}` : relativePath;
      this.uploads.push({ id: this.nextId++, pool, path, file, stripMetadata: strip && mayCarryMetadata(file), send, loaded: 0, state: 'queued' });
    }
    this.pump();
  }

  cancel(id: number): void {
    const upload = this.uploads.find((u) => u.id === id);
    if (!upload || isFinished(upload)) return;
    this.aborts.get(id)?.();
    this.update(upload, { state: 'cancelled', finishedAt: Date.now() });
  }

  cancelAll(): void {
    for (const upload of this.uploads) this.cancel(upload.id);
  }

  /** Forgets finished uploads. */
  clearFinished(): void {
    this.uploads = this.uploads.filter((u) => !isFinished(u));
    this.emit();
  }

  private pump(): void {
    const running = this.uploads.filter((u) => u.state === 'uploading').length;
    const waiting = this.uploads.filter((u) => u.state === 'queued').slice(0, PARALLEL_UPLOADS - running);
    for (const upload of waiting) void this.run(upload);
    this.emit();
  }

  private async run(queued: Upload): Promise<void> {
    this.update(queued, { state: 'uploading', startedAt: Date.now() });
    try {
      const upload = { ...queued, file: queued.stripMetadata ? await stripMetadata(queued.file) : queued.file };
      // Cancelled while the file was read.
      if (this.uploads.find((u) => u.id === queued.id)?.state !== 'uploading') return;
      this.update(upload, { file: upload.file });
      const put = this.start(upload);
      this.aborts.set(upload.id, put.abort);
      await put.done;
      this.update(upload, { state: 'done', loaded: upload.file.size, finishedAt: Date.now() });
    } catch (err) {
      if (!(err instanceof UploadCancelled)) this.update(queued, { state: 'failed', error: (err as Error).message, finishedAt: Date.now() });
    } finally {
      this.aborts.delete(queued.id);
      this.pump();
    }
  }

  private start(upload: Upload): RunningPut {
    const onProgress = (loaded: number) => this.update(upload, { loaded });
    if (upload.send) return upload.send(upload.pool, upload.path, upload.file, onProgress);
    if (upload.file.size < RESUMABLE_FROM_BYTES) return putFile(contentUrl(upload.pool, upload.path), upload.file, onProgress);
    return resumableUpload(upload, upload.file, {
      onProgress,
      onResumed: (offset) => offset > 0 && this.update(upload, { resumedAt: offset, loaded: offset }),
    });
  }

  private update(upload: Upload, change: Partial<Upload>): void {
    // A new object per change, so views can tell what changed.
    this.uploads = this.uploads.map((u) => (u.id === upload.id ? { ...u, ...change } : u));
    this.emit();
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

/** Bytes sent per second since the upload began (or until it ended); resumed bytes were sent before. */
export function uploadSpeed(u: Upload, now: number): number {
  if (!u.startedAt) return 0;
  const seconds = ((u.finishedAt ?? now) - u.startedAt) / 1000;
  return seconds > 0 ? (u.loaded - (u.resumedAt ?? 0)) / seconds : 0;
}
