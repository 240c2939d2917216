/**
 * The two levels of 256-way fan-out that hold chunk files: `<root>/ab/cd/<hash>` for a hash that
 * starts with "abcd". Directories are created on first use, and each new one is made durable
 * (its parent fsynced) before any chunk inside it is acknowledged.
 */
import { join } from 'node:path';
import type { ChunkIo } from './chunk-io.js';
import type { DirectorySyncer } from './dir-syncer.js';

const FANOUT_NAME = /^[0-9a-f]{2}$/;

export function isFanoutName(name: string): boolean {
  return FANOUT_NAME.test(name);
}

export class FanoutDirectories {
  /**
   * Directories known to exist durably, one byte each (0-255: `ab`, 256 + 0-65535: `ab/cd`):
   * 64 KiB where a set of paths would take megabytes on a small machine.
   */
  private readonly durable = new Uint8Array(256 + 256 * 256);
  /** Directories being created, by the same key. */
  private readonly creating = new Map<number, Promise<void>>();

  constructor(
    private readonly root: string,
    private readonly io: Pick<ChunkIo, 'mkdir'>,
    private readonly dirSyncer: DirectorySyncer,
  ) {}

  dirOf(hash: string): string {
    return join(this.root, hash.slice(0, 2), hash.slice(2, 4));
  }

  /**
   * Creates the directory for `hash` level by level, fsyncing the parent of each level it creates.
   * Level by level, and shared between concurrent callers, because a put into `ab/ef` must not be
   * acknowledged while another put's creation of `ab` is still waiting for the root's fsync.
   * A directory found already there is taken as durable: its creator fsynced its parent.
   */
  async ensure(hash: string): Promise<string> {
    const outer = join(this.root, hash.slice(0, 2));
    const inner = join(outer, hash.slice(2, 4));
    await this.ensureDurable(outer, this.root, Number.parseInt(hash.slice(0, 2), 16));
    await this.ensureDurable(inner, outer, 256 + Number.parseInt(hash.slice(0, 4), 16));
    return inner;
  }

  private async ensureDurable(dir: string, parent: string, key: number): Promise<void> {
    if (this.durable[key] === 1) return;
    let creating = this.creating.get(key);
    if (creating === undefined) {
      creating = this.create(dir, parent)
        .then(() => {
          this.durable[key] = 1;
        })
        .finally(() => this.creating.delete(key));
      this.creating.set(key, creating);
    }
    await creating;
  }

  private async create(dir: string, parent: string): Promise<void> {
    const created = await this.io.mkdir(dir, { recursive: true });
    if (created !== undefined) await this.dirSyncer.sync(parent);
  }
}
