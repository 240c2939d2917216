/**
 * Write locks (RFC 4918 §6, §7): checked in memory, kept in a store so that they outlive a restart
 * of the node (a client that locked a file still sends its token with its next save, which must
 * still find the lock). Expired locks vanish when next looked at.
 */
import { randomBytes } from 'node:crypto';
import type { WebDavLock } from '../../meta/index.js';
import { isWithin, type DavTarget } from './resource-path.js';
import { locked } from './errors.js';

export type DavLock = WebDavLock;
export type LockScope = DavLock['scope'];
export type NewLock = Omit<DavLock, 'token' | 'expiresAt'>;

/** Where locks are kept across restarts; the composition root provides it over the database. */
export interface LockStore {
  /** The locks that have not expired at `now`. */
  load(now: number): DavLock[];
  save(lock: DavLock): Promise<void>;
  remove(tokens: readonly string[]): Promise<void>;
}

export class LockManager {
  private readonly locks = new Map<string, DavLock>();

  constructor(
    private readonly now: () => number,
    private readonly store: LockStore,
  ) {
    for (const l of store.load(now())) this.locks.set(l.token, l);
  }

  /** Locks whose scope includes the resource (§6.1): on it, or depth-infinity on an ancestor. */
  covering(target: DavTarget): DavLock[] {
    return this.live().filter((l) => isWithin(target, l.root) && (l.depth === 'infinity' || l.root.path === target.path));
  }

  /** Locks on the resource or anything inside it. */
  inside(target: DavTarget): DavLock[] {
    return this.live().filter((l) => isWithin(l.root, target));
  }

  byToken(token: string): DavLock | undefined {
    return this.live().find((l) => l.token === token);
  }

  /** Throws 423 if an existing lock conflicts with this one (§6.2: exclusive with anything, shared with exclusive). */
  assertNoConflict(lock: NewLock, hrefOf: (l: DavLock) => string): void {
    const candidates = lock.depth === 'infinity' ? [...this.covering(lock.root), ...this.inside(lock.root)] : this.covering(lock.root);
    const conflicts = candidates.filter((l) => lock.scope === 'exclusive' || l.scope === 'exclusive');
    if (conflicts.length > 0) throw locked('the resource is already locked', [...new Set(conflicts.map(hrefOf))]);
  }

  /** Takes a lock unless an existing one conflicts; resolves once it is stored. */
  async create(lock: NewLock, hrefOf: (l: DavLock) => string): Promise<DavLock> {
    this.assertNoConflict(lock, hrefOf);
    const created = { ...lock, token: newLockToken(), expiresAt: this.now() + lock.timeoutSeconds * 1000 };
    this.locks.set(created.token, created);
    await this.store.save(created);
    return created;
  }

  async refresh(lock: DavLock, timeoutSeconds: number): Promise<DavLock> {
    lock.timeoutSeconds = timeoutSeconds;
    lock.expiresAt = this.now() + timeoutSeconds * 1000;
    await this.store.save(lock);
    return lock;
  }

  async remove(token: string): Promise<void> {
    this.locks.delete(token);
    await this.store.remove([token]);
  }

  /** After a delete or a move away: locks do not follow a resource (§7.6), they end with it. */
  async removeInside(target: DavTarget): Promise<void> {
    const gone = this.inside(target).map((l) => l.token);
    if (gone.length === 0) return;
    for (const token of gone) this.locks.delete(token);
    await this.store.remove(gone);
  }

  secondsLeft(lock: DavLock): number {
    return Math.max(0, Math.ceil((lock.expiresAt - this.now()) / 1000));
  }

  private live(): DavLock[] {
    const now = this.now();
    for (const [token, l] of this.locks) if (l.expiresAt <= now) this.locks.delete(token);
    return [...this.locks.values()];
  }
}

/**
 * 120 random bits in a URN. Shorter than a urn:uuid on purpose: clients write a token and two of
 * our 66-character ETags into one If header, and some (litmus's conditional PUTs among them) cut
 * that header at 200 characters.
 */
function newLockToken(): string {
  return `urn:x-kith:lock:${randomBytes(15).toString('base64url')}`;
}
