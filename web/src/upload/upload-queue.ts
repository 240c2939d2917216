/**
 * The uploads of this page: files wait in a queue and go up two at a time, each with its progress,
 * speed and a way to cancel. Views subscribe and redraw on every change.
 */
import { contentUrl } from '../api/files';
import type { PickedFile } from './picked-files';
import { putFile, UploadCancelled, type RunningPut } from './put-file';

/** Sends one file to a path of a pool; secure uploads encrypt on the way (secure/secure-upload.ts). */
export type Sender = (pool: string, path: string, file: File, onProgress: (loaded: number) => void) => RunningPut;

const plainPut: Sender = (pool, path, file, onProgress) => putFile(contentUrl(pool, path), file, onProgress);

export type UploadState = 'queued' | 'uploading' | 'done' | 'failed' | 'cancelled';

export interface Upload {
  id: number;
  pool: string;
  path: string;
  file: File;
  send: Sender;
  loaded: number;
  state: UploadState;
  error?: string;
  startedAt?: number;
  finishedAt?: number;
}

const PARALLEL_UPLOADS = 2;
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

  add(pool: string, folder: string, files: PickedFile[], send = plainPut): void {
    for (const { file, relativePath } of files) {
      const path = folder ? `${folder}/${relativePath}` : relativePath;
      this.uploads.push({ id: this.nextId++, pool, path, file, send, loaded: 0, state: 'queued' });
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

  private async run(upload: Upload): Promise<void> {
    this.update(upload, { state: 'uploading', startedAt: Date.now() });
    const put = upload.send(upload.pool, upload.path, upload.file, (loaded) => this.update(upload, { loaded }));
    this.aborts.set(upload.id, put.abort);
    try {
      await put.done;
      this.update(upload, { state: 'done', loaded: upload.file.size, finishedAt: Date.now() });
    } catch (err) {
      if (!(err instanceof UploadCancelled)) this.update(upload, { state: 'failed', error: (err as Error).message, finishedAt: Date.now() });
    } finally {
      this.aborts.delete(upload.id);
      this.pump();
    }
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

/** Bytes sent per second since the upload began (or until it ended). */
export function uploadSpeed(u: Upload, now: number): number {
  if (!u.startedAt) return 0;
  const seconds = ((u.finishedAt ?? now) - u.startedAt) / 1000;
  return seconds > 0 ? u.loaded / seconds : 0;
}
