/**
 * The few file-system calls the disk chunk store makes, as a narrow interface so that tests can
 * inject failures (a full disk after N bytes, a failing fsync) without touching a real device.
 */
import * as fs from 'node:fs/promises';

export interface ChunkFile {
  write(data: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesWritten: number }>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface ChunkIo {
  /** 'wx' creates a new file for writing; 'r' opens an existing file or directory (to fsync it). */
  open(path: string, flags: 'wx' | 'r'): Promise<ChunkFile>;
  readFile(path: string, options: { signal?: AbortSignal }): Promise<Buffer>;
  stat(path: string): Promise<{ size: number; mtimeMs: number }>;
  readdir(path: string): Promise<string[]>;
  /** Resolves to the first directory created, or undefined if the whole path already existed. */
  mkdir(path: string, options: { recursive: true }): Promise<string | undefined>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  rm(path: string, options: { recursive: true; force: true }): Promise<void>;
}

export const nodeChunkIo: ChunkIo = {
  open: (path, flags) => fs.open(path, flags),
  readFile: (path, options) => fs.readFile(path, options),
  stat: (path) => fs.stat(path),
  readdir: (path) => fs.readdir(path),
  mkdir: (path, options) => fs.mkdir(path, options),
  rename: (from, to) => fs.rename(from, to),
  unlink: (path) => fs.unlink(path),
  rm: (path, options) => fs.rm(path, options),
};

export function errorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

/** Writes `data` to a new file, without fsync: staged bytes are made durable later, many at once. */
export async function writeNewFile(io: ChunkIo, path: string, data: Uint8Array): Promise<void> {
  const file = await io.open(path, 'wx');
  try {
    for (let offset = 0; offset < data.length; ) {
      const { bytesWritten } = await file.write(data, offset, data.length - offset, offset);
      offset += bytesWritten;
    }
  } finally {
    await file.close();
  }
}

/** fsyncs a file or directory by path (Linux flushes a file's data through a read-only descriptor too). */
export async function fsyncPath(io: ChunkIo, path: string): Promise<void> {
  const handle = await io.open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
