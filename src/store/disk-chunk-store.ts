/**
 * Chunks on the local disk, one file per chunk: `<dir>/ab/cd/<hash>` (two levels of 256-way
 * fan-out, see fanout-dirs.ts, so no directory grows past a few hundred entries even at 16M
 * chunks), temp files in `<dir>/tmp/`, corrupt chunks moved to `<dir>/quarantine/`.
 *
 * A chunk appears only complete and durable: write to a temp file, fsync it, rename it into place,
 * fsync the directory. Every read is verified against the hash. One process owns a store directory
 * (open() empties tmp/).
 *
 * Operations that change one hash's file (write, delete, quarantine) run one at a time per hash, so
 * a put never "deduplicates" against a file that is being deleted: it waits, then writes it again.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { AbortedError, CorruptChunkError, DiskFullError, NotFoundError } from '../core/errors.js';
import { errorCode, nodeChunkIo, type ChunkIo } from './chunk-io.js';
import { throwIfAborted } from './abort.js';
import { DirectorySyncer } from './dir-syncer.js';
import { FanoutDirectories, isFanoutName } from './fanout-dirs.js';
import { assertChunkHash, isChunkHash, sha256Hex } from './hash.js';
import { LeaseRegistry } from './lease.js';
import type { ChunkLease, ChunkStore, PutResult, StoredChunk } from './types.js';

export interface DiskChunkStoreOptions {
  dir: string;
  /** File-system calls; defaults to node:fs/promises. Tests inject failures here. */
  io?: ChunkIo;
}

export class DiskChunkStore implements ChunkStore {
  private readonly root: string;
  private readonly tmpDir: string;
  private readonly quarantineDir: string;
  private readonly io: ChunkIo;
  private readonly leases = new LeaseRegistry();
  private readonly dirSyncer: DirectorySyncer;
  /** Per hash, the write, delete or quarantine in progress. */
  private readonly busyHashes = new Map<string, Promise<unknown>>();
  private readonly fanout: FanoutDirectories;

  /** Creates the layout and empties tmp/ (leftovers of a crash are incomplete chunks). */
  static async open(options: DiskChunkStoreOptions): Promise<DiskChunkStore> {
    const store = new DiskChunkStore(options);
    const { io } = store;
    await io.mkdir(store.root, { recursive: true });
    await io.rm(store.tmpDir, { recursive: true, force: true });
    await io.mkdir(store.tmpDir, { recursive: true });
    await io.mkdir(store.quarantineDir, { recursive: true });
    return store;
  }

  /** Expects a layout made by open(); use open() unless it already ran. */
  constructor(options: DiskChunkStoreOptions) {
    this.root = options.dir;
    this.tmpDir = join(options.dir, 'tmp');
    this.quarantineDir = join(options.dir, 'quarantine');
    this.io = options.io ?? nodeChunkIo;
    this.dirSyncer = new DirectorySyncer((dir) => this.fsyncDirectory(dir));
    this.fanout = new FanoutDirectories(this.root, this.io, this.dirSyncer);
  }

  lease(): ChunkLease {
    return this.leases.create();
  }

  async put(lease: ChunkLease, data: Uint8Array, hash?: string, signal?: AbortSignal): Promise<PutResult> {
    if (hash !== undefined) assertChunkHash(hash);
    throwIfAborted(signal, 'chunk write');
    const actual = sha256Hex(data);
    if (hash !== undefined && hash !== actual) {
      throw new CorruptChunkError(hash, `received chunk ${hash} does not match its hash (its content hashes to ${actual})`);
    }
    // Pinned before the existence check: from here on the garbage collector cannot delete it.
    this.leases.pin(lease, actual);
    const written = await this.exclusively(actual, async () => {
      if (await this.has(actual)) return false;
      await this.writeChunk(actual, data, signal);
      return true;
    });
    return { hash: actual, size: data.length, written };
  }

  async get(hash: string, signal?: AbortSignal): Promise<Buffer> {
    assertChunkHash(hash);
    throwIfAborted(signal, 'chunk read');
    let data: Buffer;
    try {
      data = await this.io.readFile(this.chunkPath(hash), { signal });
    } catch (err) {
      if (errorCode(err) === 'ENOENT') throw new NotFoundError(`chunk ${hash} is not stored`);
      if (signal?.aborted) throw new AbortedError('chunk read aborted', { cause: err });
      throw err;
    }
    if (sha256Hex(data) !== hash) throw new CorruptChunkError(hash);
    return data;
  }

  async has(hash: string): Promise<boolean> {
    assertChunkHash(hash);
    return (await this.statIfExists(this.chunkPath(hash))) !== undefined;
  }

  async deleteIfUnleased(hash: string): Promise<boolean> {
    assertChunkHash(hash);
    return this.exclusively(hash, async () => {
      if (this.leases.isPinned(hash)) return false;
      // No directory fsync: if a crash undoes the delete, the chunk is just garbage found again.
      return ignoreMissing(this.io.unlink(this.chunkPath(hash)));
    });
  }

  /** Moves the chunk out of reach, ignoring leases: corrupt bytes must never be served. A missing chunk is a no-op. */
  async quarantine(hash: string): Promise<void> {
    assertChunkHash(hash);
    // The timestamp keeps every corrupt copy of a hash as evidence.
    const target = join(this.quarantineDir, `${hash}.${Date.now()}`);
    await this.exclusively(hash, () => ignoreMissing(this.io.rename(this.chunkPath(hash), target)));
  }

  /** Walks the fan-out directories one at a time, so memory stays bounded by one directory listing. */
  async *list(signal?: AbortSignal): AsyncGenerator<StoredChunk> {
    for (const outer of await this.fanoutNames(this.root)) {
      for (const inner of await this.fanoutNames(join(this.root, outer))) {
        throwIfAborted(signal, 'chunk listing');
        const dir = join(this.root, outer, inner);
        for (const name of await this.readdirIfExists(dir)) {
          if (!isChunkHash(name) || !name.startsWith(outer + inner)) continue;
          const stats = await this.statIfExists(join(dir, name));
          if (stats !== undefined) yield { hash: name, size: stats.size, mtimeMs: stats.mtimeMs };
        }
      }
    }
  }

  private chunkPath(hash: string): string {
    return join(this.fanout.dirOf(hash), hash);
  }

  /** Runs `operation` once no other write, delete or quarantine of `hash` is in progress. */
  private async exclusively<T>(hash: string, operation: () => Promise<T>): Promise<T> {
    for (let busy = this.busyHashes.get(hash); busy !== undefined; busy = this.busyHashes.get(hash)) {
      await busy.then(ignore, ignore);
    }
    // Same synchronous step as the check above ended: nothing can slip in between.
    const running = operation();
    this.busyHashes.set(hash, running);
    try {
      return await running;
    } finally {
      if (this.busyHashes.get(hash) === running) this.busyHashes.delete(hash);
    }
  }

  private async writeChunk(hash: string, data: Uint8Array, signal: AbortSignal | undefined): Promise<void> {
    const tmpPath = join(this.tmpDir, `${hash}.${randomUUID()}`);
    try {
      await this.writeFileDurably(tmpPath, data);
      const dir = await this.fanout.ensure(hash);
      throwIfAborted(signal, 'chunk write');
      await this.io.rename(tmpPath, join(dir, hash));
      await this.dirSyncer.sync(dir);
    } catch (err) {
      // Best effort: a temp file left behind is removed by the next open().
      await this.io.unlink(tmpPath).catch(ignore);
      throw asDiskFull(err);
    }
  }

  private async writeFileDurably(path: string, data: Uint8Array): Promise<void> {
    const file = await this.io.open(path, 'wx');
    try {
      for (let offset = 0; offset < data.length; ) {
        const { bytesWritten } = await file.write(data, offset, data.length - offset, offset);
        offset += bytesWritten;
      }
      await file.sync();
    } finally {
      await file.close();
    }
  }

  private async fsyncDirectory(dir: string): Promise<void> {
    const handle = await this.io.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  private async fanoutNames(dir: string): Promise<string[]> {
    return (await this.readdirIfExists(dir)).filter(isFanoutName);
  }

  private async readdirIfExists(dir: string): Promise<string[]> {
    try {
      return await this.io.readdir(dir);
    } catch (err) {
      if (errorCode(err) === 'ENOENT') return [];
      throw err;
    }
  }

  private async statIfExists(path: string): Promise<{ size: number; mtimeMs: number } | undefined> {
    try {
      return await this.io.stat(path);
    } catch (err) {
      if (errorCode(err) === 'ENOENT') return undefined;
      throw err;
    }
  }
}

function asDiskFull(err: unknown): unknown {
  const code = errorCode(err);
  return code === 'ENOSPC' || code === 'EDQUOT' ? new DiskFullError(undefined, { cause: err }) : err;
}

/** Resolves to true when `operation` succeeded, false when its file did not exist. */
async function ignoreMissing(operation: Promise<void>): Promise<boolean> {
  try {
    await operation;
    return true;
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return false;
    throw err;
  }
}

function ignore(): void {}
