/**
 * Write locks (RFC 4918 §6, §7), held in memory: a lock is a lease a client renews, and a node that
 * restarts has dropped its clients' connections anyway, so locks end with the process rather than
 * cost a database write per LOCK and refresh. Expired locks vanish when next looked at.
 */
import { randomBytes } from 'node:crypto';
import { isWithin, type DavTarget } from './resource-path.js';
import { locked } from './errors.js';

export type LockScope = 'exclusive' | 'shared';

export interface DavLock {
  /** A state token (§6.5), unique across time: see `newLockToken`. */
  token: string;
  root: DavTarget;
  rootIsCollection: boolean;
  depth: 0 | 'infinity';
  scope: LockScope;
  /** The client's DAV:owner content, serialized XML. */
  owner: string;
  /** Who took the lock: only they may use or remove it. */
  principal: string;
  timeoutSeconds: number;
  expiresAt: number;
}

export type NewLock = Omit<DavLock, 'token' | 'expiresAt'>;

export class LockManager {
  private readonly locks = new Map<string, DavLock>();

  constructor(private readonly now: () => number) {}

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

  /** Takes a lock unless an existing one conflicts. */
  create(lock: NewLock, hrefOf: (l: DavLock) => string): DavLock {
    this.assertNoConflict(lock, hrefOf);
    const created = { ...lock, token: newLockToken(), expiresAt: this.now() + lock.timeoutSeconds * 1000 };
    this.locks.set(created.token, created);
    return created;
  }

  refresh(lock: DavLock, timeoutSeconds: number): DavLock {
    lock.timeoutSeconds = timeoutSeconds;
    lock.expiresAt = this.now() + timeoutSeconds * 1000;
    return lock;
  }

  remove(token: string): void {
    this.locks.delete(token);
  }

  /** After a delete or a move away: locks do not follow a resource (§7.6), they end with it. */
  removeInside(target: DavTarget): void {
    for (const l of this.inside(target)) this.locks.delete(l.token);
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
