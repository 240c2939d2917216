/**
 * The two levels of 256-way fan-out that hold chunk files: `<root>/ab/cd/<hash>` for a hash that
 * starts with "abcd". Directories are created on first use, and each new one is made durable
 * (its parent fsynced) before any chunk inside it is acknowledged.
 */
import { join } from 'node:path';
import type { ChunkIo } from './chunk-io.js';
import { forEachConcurrently } from './concurrency.js';
import type { FsyncCoalescer } from './fsync-coalescer.js';

const FANOUT_NAME = /^[0-9a-f]{2}$/;
const MKDIRS_IN_FLIGHT = 32;

export function isFanoutName(name: string): boolean {
  return FANOUT_NAME.test(name);
}

interface FanoutDir {
  /** 0-255 for `ab`, 256 + 0-65535 for `ab/cd`. */
  key: number;
  path: string;
  parent: string;
}

export class FanoutDirectories {
  /**
   * Directories known to exist durably, one byte each (by FanoutDir.key): 64 KiB where a set of
   * paths would take megabytes on a small machine.
   */
  private readonly durable = new Uint8Array(256 + 256 * 256);
  /** Directories being created, by key. */
  private readonly creating = new Map<number, Promise<void>>();

  constructor(
    private readonly root: string,
    private readonly io: Pick<ChunkIo, 'mkdir'>,
    private readonly dirSyncer: FsyncCoalescer,
  ) {}

  dirOf(hash: string): string {
    return join(this.root, hash.slice(0, 2), hash.slice(2, 4));
  }

  /**
   * Creates the directories for `hashes` level by level: every missing `ab` first, then one fsync
   * of the root; then every missing `ab/cd`, then one fsync of each parent. Per level and shared
   * between concurrent callers, because a chunk in `ab/ef` must not be acknowledged while another
   * commit's creation of `ab` is still waiting for the root's fsync; batched, because on a young
   * store nearly every chunk needs a new directory, and fsyncs that follow all the mkdirs share
   * journal commits. A directory found already there is taken as durable: its creator fsynced its parent.
   */
  async ensure(hashes: Iterable<string>): Promise<void> {
    const outer = new Map<number, FanoutDir>();
    const inner = new Map<number, FanoutDir>();
    for (const hash of hashes) {
      const outerPath = join(this.root, hash.slice(0, 2));
      const outerKey = Number.parseInt(hash.slice(0, 2), 16);
      const innerKey = 256 + Number.parseInt(hash.slice(0, 4), 16);
      outer.set(outerKey, { key: outerKey, path: outerPath, parent: this.root });
      inner.set(innerKey, { key: innerKey, path: join(outerPath, hash.slice(2, 4)), parent: outerPath });
    }
    await this.ensureLevel([...outer.values()]);
    await this.ensureLevel([...inner.values()]);
  }

  private async ensureLevel(dirs: readonly FanoutDir[]): Promise<void> {
    const waits: Promise<void>[] = [];
    const missing: FanoutDir[] = [];
    for (const dir of dirs) {
      if (this.durable[dir.key] === 1) continue;
      const creating = this.creating.get(dir.key);
      if (creating !== undefined) waits.push(creating);
      else missing.push(dir);
    }
    if (missing.length > 0) {
      const created = this.create(missing).then(() => {
        for (const dir of missing) this.durable[dir.key] = 1;
      });
      const forget = (): void => {
        for (const dir of missing) if (this.creating.get(dir.key) === created) this.creating.delete(dir.key);
      };
      void created.then(forget, forget);
      for (const dir of missing) this.creating.set(dir.key, created);
      waits.push(created);
    }
    await Promise.all(waits);
  }

  private async create(dirs: readonly FanoutDir[]): Promise<void> {
    const parents = new Set<string>();
    await forEachConcurrently(dirs, MKDIRS_IN_FLIGHT, async (dir) => {
      if ((await this.io.mkdir(dir.path, { recursive: true })) !== undefined) parents.add(dir.parent);
    });
    await Promise.all([...parents].map((parent) => this.dirSyncer.sync(parent)));
  }
}
