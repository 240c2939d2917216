/**
 * Chunks on the local disk, one file per chunk: `<dir>/ab/cd/<hash>` (two levels of 256-way
 * fan-out, see fanout-dirs.ts, so no directory grows past a few hundred entries even at 16M
 * chunks), temp files in `<dir>/tmp/`, corrupt chunks moved to `<dir>/quarantine/`.
 *
 * Invariant: a chunk's name is visible only over complete, durable bytes, because writers
 * deduplicate against visible names. Writing is split in two so that fsyncs run many at once
 * (ext4 folds concurrent fsyncs into shared journal commits) instead of two per chunk in sequence:
 * - put() stages: it writes the chunk to a temp file, records it in the lease, and queues an fsync
 *   of it that runs in the background, so a big upload is flushed to disk while it still arrives
 *   rather than all at once when it ends;
 * - commit() waits for the lease's temp files to be fsynced, renames them into place, then fsyncs
 *   each directory it renamed into, once.
 * Every read is verified against the hash. One process owns a store directory (open() empties tmp/).
 *
 * Per hash, a publish (rename until its directory is durable), a delete, a quarantine and the dedup
 * check of a put exclude each other (hash-locks.ts): a put never deduplicates against a file that
 * is being deleted, nor against a name whose directory is not yet fsynced.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { AbortedError, CorruptChunkError, DiskFullError, NotFoundError } from '../core/errors.js';
import { errorCode, fsyncPath, nodeChunkIo, writeNewFile, type ChunkIo } from './chunk-io.js';
import { throwIfAborted } from './abort.js';
import { forEachConcurrently } from './concurrency.js';
import { FsyncCoalescer } from './fsync-coalescer.js';
import { FanoutDirectories, isFanoutName } from './fanout-dirs.js';
import { HashLocks } from './hash-locks.js';
import { assertChunkHash, isChunkHash, sha256Hex } from './hash.js';
import { LeaseRegistry, type RegisteredLease, type Staging } from './lease.js';
import type { ChunkLease, ChunkStore, PutResult, StoredChunk } from './types.js';

/**
 * Background fsyncs of staged temp files running at once, store-wide. Node runs them on its thread
 * pool (4 threads unless UV_THREADPOOL_SIZE says otherwise): enough to keep the disk's queue full,
 * few enough to leave threads for the writes and reads of other requests.
 */
const FSYNCS_IN_FLIGHT = 16;
/** fsyncs a commit runs itself, for staged files whose background fsync has not started yet. */
const COMMIT_FSYNCS_IN_FLIGHT = 32;
/** Renames (each after a stat) queued at once by a commit. */
const RENAMES_IN_FLIGHT = 32;

export interface DiskChunkStoreOptions {
  dir: string;
  /** File-system calls; defaults to node:fs/promises. Tests inject failures here. */
  io?: ChunkIo;
}

interface StagedChunk {
  hash: string;
  tmpPath: string;
}

export class DiskChunkStore implements ChunkStore {
  private readonly root: string;
  private readonly tmpDir: string;
  private readonly quarantineDir: string;
  private readonly io: ChunkIo;
  private readonly leases: LeaseRegistry;
  private readonly dirSyncer: FsyncCoalescer;
  private readonly locks = new HashLocks();
  private readonly fanout: FanoutDirectories;
  private readonly syncLimit = pLimit(FSYNCS_IN_FLIGHT);
  /** fsyncs of staged temp files, by temp path, until a commit or a discard takes them. */
  private readonly tempSyncs = new Map<string, TempSync>();

  /** Creates the layout and empties tmp/ (leftovers of a crash are uncommitted chunks). */
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
    this.leases = new LeaseRegistry((staged) => this.discard(staged));
    this.dirSyncer = new FsyncCoalescer((dir) => fsyncPath(this.io, dir));
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
    const owner = this.leases.pin(lease, actual);
    const earlier = owner.staged.get(actual);
    if (earlier !== undefined) {
      // Staged under this lease already: one temp file serves both, and fails both if it fails.
      await earlier;
      return { hash: actual, size: data.length, written: false };
    }
    const staging = this.stage(actual, data, signal);
    owner.staged.set(actual, staging);
    const forget = (): void => {
      if (owner.staged.get(actual) === staging) owner.staged.delete(actual);
    };
    const tmpPath = await staging.catch((err: unknown) => {
      forget();
      throw err;
    });
    if (tmpPath === undefined) forget();
    return { hash: actual, size: data.length, written: tmpPath !== undefined };
  }

  async commit(lease: ChunkLease, signal?: AbortSignal): Promise<void> {
    const owner = this.leases.live(lease);
    const staged = await this.takeStaged(owner);
    if (staged.length === 0) return;
    try {
      throwIfAborted(signal, 'chunk commit');
      // The commit does not queue behind other uploads' background fsyncs: it runs its own.
      await forEachConcurrently(staged, COMMIT_FSYNCS_IN_FLIGHT, (chunk) => this.takeTempSync(chunk.tmpPath));
      throwIfAborted(signal, 'chunk commit');
      await this.locks.run(
        staged.map((chunk) => chunk.hash),
        () => this.publish(staged),
      );
    } catch (err) {
      // Temp files already renamed are gone from tmp/: their unlink fails harmlessly.
      await Promise.all(staged.map((chunk) => this.io.unlink(chunk.tmpPath).catch(ignore)));
      throw asDiskFull(err);
    }
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
    // A staged chunk is pinned too, so a commit never publishes a chunk its lease let go.
    return this.locks.run([hash], async () => {
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
    await this.locks.run([hash], () => ignoreMissing(this.io.rename(this.chunkPath(hash), target)));
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

  /** Writes a chunk to a temp file; resolves to its path, or to undefined if the chunk is stored already. */
  private async stage(hash: string, data: Uint8Array, signal: AbortSignal | undefined): Promise<string | undefined> {
    // Under the hash's lock: a name being published is not yet durable, so wait until it is.
    if (await this.locks.run([hash], () => this.has(hash))) return undefined;
    throwIfAborted(signal, 'chunk write');
    const tmpPath = join(this.tmpDir, `${hash}.${randomUUID()}`);
    try {
      await writeNewFile(this.io, tmpPath, data);
      this.queueTempSync(tmpPath);
    } catch (err) {
      // Best effort: a temp file left behind is removed by the next open().
      await this.io.unlink(tmpPath).catch(ignore);
      throw asDiskFull(err);
    }
    return tmpPath;
  }

  private queueTempSync(tmpPath: string): void {
    const sync = new TempSync(() => fsyncPath(this.io, tmpPath));
    this.tempSyncs.set(tmpPath, sync);
    // A failure here is seen again by the commit, which waits on the same fsync.
    this.syncLimit(() => sync.start()).catch(ignore);
  }

  /** Forgets the temp file's background fsync; starts it now if it has not started. */
  private takeTempSync(tmpPath: string): Promise<void> {
    const sync = this.tempSyncs.get(tmpPath);
    this.tempSyncs.delete(tmpPath);
    return sync?.start() ?? Promise.resolve();
  }

  /** Takes the lease's staged chunks over (a failed put has already cleaned up after itself). */
  private async takeStaged(owner: RegisteredLease): Promise<StagedChunk[]> {
    const stagings = [...owner.staged];
    owner.staged.clear();
    const settled = await Promise.allSettled(stagings.map(async ([hash, staging]) => ({ hash, tmpPath: await staging })));
    const staged: StagedChunk[] = [];
    for (const result of settled) {
      if (result.status === 'fulfilled' && result.value.tmpPath !== undefined) {
        staged.push({ hash: result.value.hash, tmpPath: result.value.tmpPath });
      }
    }
    return staged;
  }

  /**
   * Renames fsynced temp files into place, then fsyncs each directory once: all renames first, so
   * that the directory fsyncs share journal commits. Runs holding every hash's lock. On failure,
   * removes the names it made: they are not known to be durable.
   */
  private async publish(staged: readonly StagedChunk[]): Promise<void> {
    const published: string[] = [];
    const dirs = new Set<string>();
    try {
      await this.fanout.ensure(staged.map((chunk) => chunk.hash));
      await forEachConcurrently(staged, RENAMES_IN_FLIGHT, async ({ hash, tmpPath }) => {
        const dir = this.fanout.dirOf(hash);
        if (await this.has(hash)) {
          // Another writer published it meanwhile, durably: it held this lock until its fsyncs ended.
          await this.io.unlink(tmpPath).catch(ignore);
          return;
        }
        await this.io.rename(tmpPath, join(dir, hash));
        published.push(join(dir, hash));
        dirs.add(dir);
      });
      await Promise.all([...dirs].map((dir) => this.dirSyncer.sync(dir)));
    } catch (err) {
      await Promise.all(published.map((path) => this.io.unlink(path).catch(ignore)));
      throw err;
    }
  }

  /** Removes the temp files of a released lease's uncommitted chunks, once their writes end. */
  private discard(staged: Iterable<Staging>): void {
    for (const staging of staged) {
      void staging
        .then(async (tmpPath) => {
          if (tmpPath === undefined) return;
          this.tempSyncs.get(tmpPath)?.cancel();
          this.tempSyncs.delete(tmpPath);
          await this.io.unlink(tmpPath);
        })
        .catch(ignore);
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

/** The fsync of one staged temp file: run once, by the background queue or by a commit, whichever comes first. */
class TempSync {
  private running: Promise<void> | undefined;

  constructor(private readonly fsync: () => Promise<void>) {}

  start(): Promise<void> {
    this.running ??= this.fsync();
    return this.running;
  }

  /** The file is being discarded: a queued start does nothing. */
  cancel(): void {
    this.running ??= Promise.resolve();
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
