import { createHash, randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { settledFlag } from '../../test/helpers/settled.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CorruptChunkError, DiskFullError, InvalidInputError, NotFoundError } from '../core/errors.js';
import { nodeChunkIo, type ChunkIo } from './chunk-io.js';
import { DiskChunkStore } from './disk-chunk-store.js';

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');
const chunkPath = (dir: string, hash: string): string => join(dir, hash.slice(0, 2), hash.slice(2, 4), hash);

/** Every file (not directory) under `dir`, as paths relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();
}

/** Polls `condition` until it holds, failing after a deadline rather than sleeping a fixed time. */
async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Real file system calls, each logged as "<call> <path>". */
function recordingIo(log: string[]): ChunkIo {
  return {
    ...nodeChunkIo,
    open: async (path, flags) => {
      log.push(`open ${path}`);
      const file = await nodeChunkIo.open(path, flags);
      return {
        write: (...args) => (log.push(`write ${path}`), file.write(...args)),
        sync: () => (log.push(`sync ${path}`), file.sync()),
        close: () => file.close(),
      };
    },
    readFile: (path, options) => (log.push(`readFile ${path}`), nodeChunkIo.readFile(path, options)),
    stat: (path) => (log.push(`stat ${path}`), nodeChunkIo.stat(path)),
    readdir: (path) => (log.push(`readdir ${path}`), nodeChunkIo.readdir(path)),
    mkdir: (path, options) => (log.push(`mkdir ${path}`), nodeChunkIo.mkdir(path, options)),
    rename: (from, to) => (log.push(`rename ${from} ${to}`), nodeChunkIo.rename(from, to)),
    unlink: (path) => (log.push(`unlink ${path}`), nodeChunkIo.unlink(path)),
  };
}

/** Real file system calls, except that writes fail with `code` once `limit` bytes were written. */
function diskFullAfter(limit: number, code: string): ChunkIo {
  let written = 0;
  return {
    ...nodeChunkIo,
    open: async (path, flags) => {
      const file = await nodeChunkIo.open(path, flags);
      return {
        write: async (data, offset, length, position) => {
          const room = limit - written;
          if (room <= 0) throw Object.assign(new Error(`${code}: no space left`), { code });
          const result = await file.write(data, offset, Math.min(length, room), position);
          written += result.bytesWritten;
          return result;
        },
        sync: () => file.sync(),
        close: () => file.close(),
      };
    },
  };
}

/** Real file system calls, except that fsyncs of temp files fail with `code`. */
function failingTempSync(dir: string, code: string): ChunkIo {
  return {
    ...nodeChunkIo,
    open: async (path, flags) => {
      const file = await nodeChunkIo.open(path, flags);
      if (!path.startsWith(join(dir, 'tmp'))) return file;
      const sync = (): Promise<void> => Promise.reject(Object.assign(new Error(`${code}: fsync failed`), { code }));
      return { write: (...args) => file.write(...args), sync, close: () => file.close() };
    },
  };
}

/** Two small buffers whose hashes share the first two hex digits but not the next two. */
function twoChunksSharingOuterDir(): [Buffer, Buffer] {
  const byOuter = new Map<string, Buffer>();
  for (let i = 0; ; i++) {
    const data = Buffer.from(`chunk ${i}`);
    const hash = sha256(data);
    const other = byOuter.get(hash.slice(0, 2));
    if (other !== undefined && sha256(other).slice(2, 4) !== hash.slice(2, 4)) return [other, data];
    byOuter.set(hash.slice(0, 2), data);
  }
}

/**
 * Holds every fsync of `target` (a path, or a test of the path) until `allow()` is called; other
 * paths pass straight through.
 */
function gateSyncOf(target: string | ((path: string) => boolean), io: ChunkIo): { io: ChunkIo; allow: () => void } {
  const gatedPath = typeof target === 'string' ? (path: string) => path === target : target;
  let allow = (): void => {};
  const allowed = new Promise<void>((resolve) => (allow = resolve));
  const gated: ChunkIo = {
    ...io,
    open: async (path, flags) => {
      const file = await io.open(path, flags);
      if (!gatedPath(path)) return file;
      return { write: (...args) => file.write(...args), sync: async () => (await allowed, file.sync()), close: () => file.close() };
    },
  };
  return { io: gated, allow };
}

/** Waits, a bounded number of event-loop turns, until `condition` holds. */
async function eventually(condition: () => boolean, what: string): Promise<void> {
  for (let turn = 0; turn < 1000 && !condition(); turn++) await new Promise((resolve) => setTimeout(resolve, 1));
  if (!condition()) throw new Error(`timed out waiting until ${what}`);
}

describe('DiskChunkStore', () => {
  let dir: string;
  let store: DiskChunkStore;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kith-store-'));
    store = await DiskChunkStore.open({ dir });
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('open() creates tmp/ and quarantine/ and empties tmp/', async () => {
    await writeFile(join(dir, 'tmp', 'leftover'), 'half a chunk');
    await DiskChunkStore.open({ dir });
    expect(await readdir(join(dir, 'tmp'))).toEqual([]);
    expect((await stat(join(dir, 'quarantine'))).isDirectory()).toBe(true);
  });

  /** Puts and commits `data` under a lease of its own. */
  const store1 = async (data: Buffer, into: DiskChunkStore = store) => {
    const lease = into.lease();
    const result = await into.put(lease, data);
    await into.commit(lease);
    return result;
  };

  it('stores a chunk under ab/cd/<hash> and reads it back', async () => {
    const data = randomBytes(100_000);
    const lease = store.lease();
    const result = await store.put(lease, data);
    await store.commit(lease);
    expect(result).toEqual({ hash: sha256(data), size: data.length, written: true });
    expect((await readFile(chunkPath(dir, result.hash))).equals(data)).toBe(true);
    expect((await store.get(result.hash)).equals(data)).toBe(true);
    expect(await store.has(result.hash)).toBe(true);
    expect([...lease.hashes]).toEqual([result.hash]);
  });

  it('stages a chunk invisibly; commit makes it visible', async () => {
    const log: string[] = [];
    const recorded = new DiskChunkStore({ dir, io: recordingIo(log) });
    const data = randomBytes(5000);
    const lease = recorded.lease();
    expect(await recorded.put(lease, data)).toMatchObject({ hash: sha256(data), written: true });
    expect(log.filter((line) => line.startsWith('rename ')), 'put alone').toEqual([]);
    expect(await recorded.has(sha256(data))).toBe(false);
    await expect(recorded.get(sha256(data))).rejects.toThrow(NotFoundError);
    expect(await filesUnder(dir)).toEqual([expect.stringMatching(/^tmp\//)]);
    await recorded.commit(lease);
    expect((await recorded.get(sha256(data))).equals(data)).toBe(true);
    expect(await filesUnder(dir)).toEqual([chunkPath(dir, sha256(data)).slice(dir.length + 1)]);
  });

  it('fsyncs a staged chunk in the background, before any commit asks for it', async () => {
    const log: string[] = [];
    const recorded = new DiskChunkStore({ dir, io: recordingIo(log) });
    await recorded.put(recorded.lease(), randomBytes(5000));
    const tmpSync = (): boolean => log.some((line) => line.startsWith(`sync ${join(dir, 'tmp')}`));
    await eventually(tmpSync, 'the staged chunk is fsynced');
    expect(log.filter((line) => line.startsWith('rename '))).toEqual([]);
  });

  it('does not acknowledge a commit while a background fsync of its chunks still runs', async () => {
    const { io, allow } = gateSyncOf((path) => path.startsWith(join(dir, 'tmp')), nodeChunkIo);
    const gatedStore = new DiskChunkStore({ dir, io });
    const data = randomBytes(5000);
    const lease = gatedStore.lease();
    await gatedStore.put(lease, data);
    const committing = gatedStore.commit(lease);
    const committed = settledFlag(committing);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(committed.settled).toBe(false);
    expect(await gatedStore.has(sha256(data))).toBe(false);
    allow();
    await committing;
    expect(await gatedStore.has(sha256(data))).toBe(true);
  });

  it('skips the queued fsyncs of chunks whose lease was released uncommitted', async () => {
    const log: string[] = [];
    const { io, allow } = gateSyncOf((path) => path.startsWith(join(dir, 'tmp')), recordingIo(log));
    const gatedStore = new DiskChunkStore({ dir, io });
    const lease = gatedStore.lease();
    // More chunks than background fsyncs may run at once (16): the rest wait in the queue.
    for (let i = 0; i < 24; i++) await gatedStore.put(lease, randomBytes(100));
    lease.release();
    allow();
    await eventually(() => readdirSync(join(dir, 'tmp')).length === 0, 'the released chunks are removed');
    await new Promise((resolve) => setTimeout(resolve, 20));
    const tmpSyncs = log.filter((line) => line.startsWith(`sync ${join(dir, 'tmp')}`));
    expect(tmpSyncs.length).toBeGreaterThan(0);
    expect(tmpSyncs.length).toBeLessThan(24);
  });

  it('makes a chunk durable in order: write, fsync file, rename, fsync its directory', async () => {
    const log: string[] = [];
    const recorded = new DiskChunkStore({ dir, io: recordingIo(log) });
    const { hash } = await store1(Buffer.from('durable'), recorded);
    const fanout = join(dir, hash.slice(0, 2), hash.slice(2, 4));
    const step = (prefix: string): number => log.findIndex((line) => line.startsWith(prefix));
    const written = step(`write ${join(dir, 'tmp')}`);
    const fileSynced = step(`sync ${join(dir, 'tmp')}`);
    const renamed = step(`rename ${join(dir, 'tmp')}`);
    const dirSynced = log.lastIndexOf(`sync ${fanout}`);
    expect([written, fileSynced, renamed, dirSynced].every((i) => i >= 0), log.join('\n')).toBe(true);
    expect(written < fileSynced && fileSynced < renamed && renamed < dirSynced, log.join('\n')).toBe(true);
    // A fan-out directory new to this process has its parents fsynced too.
    expect(log).toContain(`sync ${dir}`);
    expect(log).toContain(`sync ${join(dir, hash.slice(0, 2))}`);
  });

  it('does not acknowledge a commit into a new fan-out directory before that directory is durable', async () => {
    // Two chunks under the same new `ab/`, in different `ab/cd/`, in two commits: the second must
    // also wait for the fsync that makes `ab` durable, although the first created `ab`.
    const [first, second] = twoChunksSharingOuterDir();
    const log: string[] = [];
    const { io: gated, allow: allowRootSync } = gateSyncOf(dir, recordingIo(log));
    const gatedStore = new DiskChunkStore({ dir, io: gated });
    const firstPut = settledFlag(store1(first, gatedStore));
    const secondPut = settledFlag(store1(second, gatedStore));
    await until(() => log.includes(`open ${dir}`), 'the fsync of the store root to start');
    await until(() => log.filter((line) => line.startsWith(`sync ${join(dir, 'tmp')}`)).length === 2, 'both temp files to be synced');
    // Asserting that something does NOT happen needs a grace period: a put that wrongly skipped
    // the wait would finish within a few milliseconds.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect({ first: firstPut.settled, second: secondPut.settled }).toEqual({ first: false, second: false });
    expect(log.filter((line) => line.startsWith('rename'))).toEqual([]);
    allowRootSync();
    await until(() => firstPut.settled && secondPut.settled, 'both commits to finish');
    expect(await gatedStore.has(sha256(first))).toBe(true);
    expect(await gatedStore.has(sha256(second))).toBe(true);
  });

  it('deduplicates: a second put writes nothing', async () => {
    const data = randomBytes(5000);
    await store1(data);
    const filesBefore = await filesUnder(dir);
    const mtimeBefore = (await stat(chunkPath(dir, sha256(data)))).mtimeMs;
    const second = await store.put(store.lease(), data);
    expect(second.written).toBe(false);
    expect(await filesUnder(dir)).toEqual(filesBefore);
    expect((await stat(chunkPath(dir, sha256(data)))).mtimeMs).toBe(mtimeBefore);
  });

  it('stores a chunk once when several leases put and commit it concurrently', async () => {
    const data = randomBytes(50_000);
    const leases = Array.from({ length: 5 }, () => store.lease());
    await Promise.all(leases.map((lease) => store.put(lease, data)));
    await Promise.all(leases.map((lease) => store.commit(lease)));
    expect(await filesUnder(dir)).toEqual([chunkPath(dir, sha256(data)).slice(dir.length + 1)]);
    expect((await store.get(sha256(data))).equals(data)).toBe(true);
  });

  it('stages a chunk put twice under one lease once', async () => {
    const data = randomBytes(50_000);
    const lease = store.lease();
    const results = await Promise.all([store.put(lease, data), store.put(lease, data)]);
    expect(results.map((r) => r.written)).toEqual([true, false]);
    expect(await readdir(join(dir, 'tmp'))).toHaveLength(1);
    await store.commit(lease);
    expect(await filesUnder(dir)).toEqual([chunkPath(dir, sha256(data)).slice(dir.length + 1)]);
  });

  it('commit waits for puts still staging, and commits nothing twice', async () => {
    const lease = store.lease();
    const data = [randomBytes(1000), randomBytes(2000)];
    const puts = data.map((d) => store.put(lease, d));
    await store.commit(lease);
    await Promise.all(puts);
    for (const d of data) expect(await store.has(sha256(d))).toBe(true);
    await store.commit(lease);
    expect(await readdir(join(dir, 'tmp'))).toEqual([]);
  });

  it('refuses to commit a released lease or one of another store', async () => {
    const released = store.lease();
    released.release();
    await expect(store.commit(released)).rejects.toThrow(InvalidInputError);
    const other = await DiskChunkStore.open({ dir: join(dir, 'other') });
    await expect(store.commit(other.lease())).rejects.toThrow(InvalidInputError);
  });

  it('accepts a put whose given hash matches, refuses one whose hash does not', async () => {
    const data = Buffer.from('content');
    const lease = store.lease();
    await expect(store.put(lease, data, sha256(data))).resolves.toMatchObject({ written: true });
    await store.commit(lease);
    const other = sha256(Buffer.from('other'));
    await expect(store.put(store.lease(), data, other)).rejects.toThrow(CorruptChunkError);
    expect(await store.has(other)).toBe(false);
  });

  it('throws CorruptChunkError when one byte on disk flipped', async () => {
    const data = randomBytes(10_000);
    const { hash } = await store1(data);
    const onDisk = await readFile(chunkPath(dir, hash));
    onDisk[1234] ^= 0x01;
    await writeFile(chunkPath(dir, hash), onDisk);
    await expect(store.get(hash)).rejects.toThrow(CorruptChunkError);
  });

  it('throws NotFoundError for a chunk that is not stored', async () => {
    await expect(store.get(sha256(Buffer.from('never stored')))).rejects.toThrow(NotFoundError);
    expect(await store.has(sha256(Buffer.from('never stored')))).toBe(false);
  });

  it.each([
    '../../../../etc/passwd',
    'A'.repeat(64),
    'a'.repeat(63),
    'a'.repeat(65),
    `${'a'.repeat(62)}/x`,
    '',
  ])('refuses the hash %j before touching the file system', async (bad) => {
    const log: string[] = [];
    const recorded = new DiskChunkStore({ dir, io: recordingIo(log) });
    await expect(recorded.get(bad)).rejects.toThrow(InvalidInputError);
    await expect(recorded.has(bad)).rejects.toThrow(InvalidInputError);
    await expect(recorded.deleteIfUnleased(bad)).rejects.toThrow(InvalidInputError);
    await expect(recorded.quarantine(bad)).rejects.toThrow(InvalidInputError);
    await expect(recorded.put(recorded.lease(), Buffer.from('x'), bad)).rejects.toThrow(InvalidInputError);
    expect(log).toEqual([]);
  });

  it.each(['ENOSPC', 'EDQUOT'])('turns %s in the middle of a write into DiskFullError, leaving nothing behind', async (code) => {
    const full = new DiskChunkStore({ dir, io: diskFullAfter(30_000, code) });
    const data = randomBytes(100_000);
    const error: unknown = await full.put(full.lease(), data).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(DiskFullError);
    expect((error as DiskFullError).cause).toMatchObject({ code });
    expect(await readdir(join(dir, 'tmp'))).toEqual([]);
    expect(await store.has(sha256(data))).toBe(false);
    await expect(store.get(sha256(data))).rejects.toThrow(NotFoundError);
  });

  it.each([
    ['EIO', Error],
    ['ENOSPC', DiskFullError],
  ])('fails a commit whose fsync fails with %s, leaving no chunk and no temp file', async (code, type) => {
    const failing = new DiskChunkStore({ dir, io: failingTempSync(dir, code) });
    const lease = failing.lease();
    const data = [randomBytes(1000), randomBytes(2000), randomBytes(3000)];
    for (const d of data) await failing.put(lease, d);
    const error: unknown = await failing.commit(lease).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(type);
    expect(String(error)).toMatch(type === Error ? code : /no space/);
    expect(await filesUnder(dir)).toEqual([]);
    for (const d of data) expect(await store.has(sha256(d))).toBe(false);
  });

  it('fails a commit whose directory fsync fails, taking back the names it made', async () => {
    const data = randomBytes(1000);
    const fanout = join(dir, sha256(data).slice(0, 2), sha256(data).slice(2, 4));
    const io: ChunkIo = {
      ...nodeChunkIo,
      open: async (path, flags) => {
        const file = await nodeChunkIo.open(path, flags);
        if (path !== fanout) return file;
        return { write: (...args) => file.write(...args), sync: () => Promise.reject(new Error('EIO: fsync failed')), close: () => file.close() };
      },
    };
    const failing = new DiskChunkStore({ dir, io });
    const lease = failing.lease();
    await failing.put(lease, data);
    await expect(failing.commit(lease)).rejects.toThrow('EIO');
    expect(await filesUnder(dir)).toEqual([]);
  });

  describe('leases', () => {
    it('block deleteIfUnleased until released', async () => {
      const lease = store.lease();
      const { hash } = await store.put(lease, Buffer.from('pinned'));
      await store.commit(lease);
      expect(await store.deleteIfUnleased(hash)).toBe(false);
      expect(await store.has(hash)).toBe(true);
      lease.release();
      expect(await store.deleteIfUnleased(hash)).toBe(true);
      expect(await store.has(hash)).toBe(false);
      expect(await store.deleteIfUnleased(hash)).toBe(false);
    });

    it('pin a deduplicated chunk too, and every lease must be released', async () => {
      const data = Buffer.from('shared');
      const first = store.lease();
      const second = store.lease();
      const { hash } = await store.put(first, data);
      await store.commit(first);
      expect((await store.put(second, data)).written).toBe(false);
      first.release();
      expect(await store.deleteIfUnleased(hash)).toBe(false);
      second.release();
      second.release();
      expect(await store.deleteIfUnleased(hash)).toBe(true);
    });

    it('block deleteIfUnleased of a staged chunk, and release() discards it', async () => {
      const lease = store.lease();
      const { hash } = await store.put(lease, Buffer.from('staged'));
      expect(await store.deleteIfUnleased(hash)).toBe(false);
      expect(await readdir(join(dir, 'tmp'))).toHaveLength(1);
      lease.release();
      await until(() => readdirSync(join(dir, 'tmp')).length === 0, 'the temp file to be removed');
      expect(await store.has(hash)).toBe(false);
    });

    it('discard on release a chunk whose staging was still running', async () => {
      const lease = store.lease();
      const putting = store.put(lease, randomBytes(1_000_000));
      lease.release();
      await putting;
      await until(() => readdirSync(join(dir, 'tmp')).length === 0, 'the temp file to be removed');
    });

    it('make a put wait for a commit publishing the same chunk until its name is durable', async () => {
      const data = Buffer.from('published by another writer');
      const fanout = join(dir, sha256(data).slice(0, 2), sha256(data).slice(2, 4));
      const log: string[] = [];
      const { io: gated, allow: allowSync } = gateSyncOf(fanout, recordingIo(log));
      const gatedStore = new DiskChunkStore({ dir, io: gated });
      const committing = settledFlag(store1(data, gatedStore));
      await until(() => log.includes(`open ${fanout}`), 'the directory fsync to start');
      const putting = gatedStore.put(gatedStore.lease(), data);
      const put = settledFlag(putting);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect({ commit: committing.settled, put: put.settled }).toEqual({ commit: false, put: false });
      allowSync();
      expect(await putting).toMatchObject({ written: false });
      await until(() => committing.settled, 'the commit to finish');
    });

    it('refuse a released lease and a lease of another store', async () => {
      const released = store.lease();
      released.release();
      await expect(store.put(released, Buffer.from('x'))).rejects.toThrow(InvalidInputError);
      const other = await DiskChunkStore.open({ dir: join(dir, 'other') });
      await expect(store.put(other.lease(), Buffer.from('x'))).rejects.toThrow(InvalidInputError);
    });

    it('make a put that arrives during a deletion wait for it, then write the chunk again', async () => {
      const data = Buffer.from('deleted, then wanted again');
      const hash = sha256(data);
      let allowUnlink = (): void => {};
      const unlinkAllowed = new Promise<void>((resolve) => (allowUnlink = resolve));
      const slowUnlink: ChunkIo = {
        ...nodeChunkIo,
        unlink: async (path) => {
          if (path.endsWith(hash)) await unlinkAllowed;
          return nodeChunkIo.unlink(path);
        },
      };
      const slow = await DiskChunkStore.open({ dir, io: slowUnlink });
      const setup = slow.lease();
      await slow.put(setup, data);
      await slow.commit(setup);
      setup.release();

      const deleting = slow.deleteIfUnleased(hash);
      const lease = slow.lease();
      const putting = slow.put(lease, data);
      await until(() => lease.hashes.has(hash), 'the put to pin the chunk');
      allowUnlink();

      expect(await deleting).toBe(true);
      expect(await putting).toMatchObject({ hash, written: true });
      await slow.commit(lease);
      expect((await slow.get(hash)).equals(data)).toBe(true);
    });
  });

  it('lists exactly the stored chunks, skipping tmp/, quarantine/ and stray names', async () => {
    const lease = store.lease();
    const stored = await Promise.all(Array.from({ length: 20 }, (_, i) => store.put(lease, randomBytes(100 + i))));
    await store.commit(lease);
    const quarantined = stored.pop()!;
    await store.quarantine(quarantined.hash);
    await writeFile(join(dir, 'tmp', sha256(Buffer.from('temp'))), 'temp');
    const { hash: sample } = stored[0];
    await writeFile(join(dir, sample.slice(0, 2), sample.slice(2, 4), 'notes.txt'), 'stray');
    const misplaced = sha256(Buffer.from('misplaced'));
    await writeFile(join(dir, sample.slice(0, 2), sample.slice(2, 4), misplaced), 'misplaced');
    await mkdir(join(dir, 'zz', 'zz'), { recursive: true });

    const listed = [];
    for await (const chunk of store.list()) listed.push(chunk);
    const byHash = (a: { hash: string }, b: { hash: string }): number => a.hash.localeCompare(b.hash);
    expect(listed.map(({ hash, size }) => ({ hash, size })).sort(byHash)).toEqual(
      stored.map(({ hash, size }) => ({ hash, size })).sort(byHash),
    );
    expect(listed.every((c) => c.mtimeMs > 0)).toBe(true);
  });

  it('quarantine moves a chunk out of reach, and a later put stores it again', async () => {
    const data = randomBytes(3000);
    const { hash } = await store1(data);
    await store.quarantine(hash);
    await expect(store.get(hash)).rejects.toThrow(NotFoundError);
    const quarantined = await readdir(join(dir, 'quarantine'));
    expect(quarantined.map((name) => name.split('.')[0])).toEqual([hash]);
    await store.quarantine(hash);
    expect((await store1(data)).written).toBe(true);
    expect((await store.get(hash)).equals(data)).toBe(true);
  });
});
