/**
 * Leases pin chunks against deletion while a write is in flight (see ChunkLease). The registry
 * counts, per hash, how many live leases pin it. Every step is synchronous, so a check ("is it
 * pinned?") and the mark that follows it can never be split by another task.
 *
 * A lease also holds the chunks staged under it and not yet committed (see ChunkStore.commit):
 * their temp files belong to the lease, so releasing it discards them.
 */
import { InvalidInputError } from '../core/errors.js';
import type { ChunkLease } from './types.js';

/** A chunk being written to a temp file: resolves to its path, or undefined if it was already stored. */
export type Staging = Promise<string | undefined>;

export class RegisteredLease implements ChunkLease {
  readonly hashes = new Set<string>();
  /** Staged, uncommitted chunks by hash. A failed or deduplicated staging removes itself. */
  readonly staged = new Map<string, Staging>();
  released = false;

  constructor(
    readonly registry: LeaseRegistry,
    private readonly onRelease: (lease: RegisteredLease) => void,
  ) {}

  release(): void {
    if (this.released) return;
    this.released = true;
    this.onRelease(this);
  }
}

export class LeaseRegistry {
  private readonly pinCounts = new Map<string, number>();

  /** `discardStaged` gets the lease's staged chunks on release; it must not throw. */
  constructor(private readonly discardStaged: (staged: Iterable<Staging>) => void = () => {}) {}

  create(): ChunkLease {
    return new RegisteredLease(this, (lease) => {
      for (const hash of lease.hashes) this.unpin(hash);
      this.discardStaged([...lease.staged.values()]);
      lease.staged.clear();
    });
  }

  /** The live lease of this registry behind `lease`. Refuses foreign and released leases: they would protect nothing. */
  live(lease: ChunkLease): RegisteredLease {
    if (!(lease instanceof RegisteredLease) || lease.registry !== this) {
      throw new InvalidInputError('lease was not created by this chunk store');
    }
    if (lease.released) throw new InvalidInputError('lease was already released');
    return lease;
  }

  /** Adds `hash` to `lease`, and returns the lease. */
  pin(lease: ChunkLease, hash: string): RegisteredLease {
    const live = this.live(lease);
    if (live.hashes.has(hash)) return live;
    live.hashes.add(hash);
    this.pinCounts.set(hash, (this.pinCounts.get(hash) ?? 0) + 1);
    return live;
  }

  isPinned(hash: string): boolean {
    return this.pinCounts.has(hash);
  }

  private unpin(hash: string): void {
    const count = this.pinCounts.get(hash) ?? 0;
    if (count <= 1) this.pinCounts.delete(hash);
    else this.pinCounts.set(hash, count - 1);
  }
}
