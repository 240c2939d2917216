/**
 * Leases pin chunks against deletion while a write is in flight (see ChunkLease). The registry
 * counts, per hash, how many live leases pin it. Every step is synchronous, so a check ("is it
 * pinned?") and the mark that follows it can never be split by another task.
 */
import { InvalidInputError } from '../core/errors.js';
import type { ChunkLease } from './types.js';

class RegisteredLease implements ChunkLease {
  readonly hashes = new Set<string>();
  released = false;

  constructor(
    readonly registry: LeaseRegistry,
    private readonly onRelease: (hashes: ReadonlySet<string>) => void,
  ) {}

  release(): void {
    if (this.released) return;
    this.released = true;
    this.onRelease(this.hashes);
  }
}

export class LeaseRegistry {
  private readonly pinCounts = new Map<string, number>();

  create(): ChunkLease {
    return new RegisteredLease(this, (hashes) => {
      for (const hash of hashes) this.unpin(hash);
    });
  }

  /** Adds `hash` to `lease`. Refuses foreign and released leases: they would protect nothing. */
  pin(lease: ChunkLease, hash: string): void {
    if (!(lease instanceof RegisteredLease) || lease.registry !== this) {
      throw new InvalidInputError('lease was not created by this chunk store');
    }
    if (lease.released) throw new InvalidInputError('lease was already released');
    if (lease.hashes.has(hash)) return;
    lease.hashes.add(hash);
    this.pinCounts.set(hash, (this.pinCounts.get(hash) ?? 0) + 1);
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
