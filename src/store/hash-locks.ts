/**
 * Mutual exclusion per chunk hash: an operation that changes which file a hash names (publish,
 * delete, quarantine), or that must not observe such a change half done (the dedup check of a put),
 * runs only while no other one holds any of its hashes.
 *
 * A multi-hash operation takes all its hashes in one synchronous step, never one by one: holding
 * some while waiting for others could deadlock two commits that share chunks.
 */
export class HashLocks {
  private readonly busy = new Map<string, Promise<unknown>>();

  async run<T>(hashes: readonly string[], operation: () => Promise<T>): Promise<T> {
    for (let waiting = this.holders(hashes); waiting.length > 0; waiting = this.holders(hashes)) {
      await Promise.all(waiting.map((holder) => holder.then(ignore, ignore)));
    }
    // Same synchronous step as the check above ended: nothing can slip in between.
    const running = operation();
    for (const hash of hashes) this.busy.set(hash, running);
    try {
      return await running;
    } finally {
      for (const hash of hashes) if (this.busy.get(hash) === running) this.busy.delete(hash);
    }
  }

  private holders(hashes: readonly string[]): Promise<unknown>[] {
    const holders = new Set<Promise<unknown>>();
    for (const hash of hashes) {
      const holder = this.busy.get(hash);
      if (holder !== undefined) holders.add(holder);
    }
    return [...holders];
  }
}

function ignore(): void {}
