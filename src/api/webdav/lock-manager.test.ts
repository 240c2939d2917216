import { describe, expect, it } from 'vitest';
import { LockManager, type DavLock, type LockStore, type NewLock } from './lock-manager.js';

const lock = (path: string, over: Partial<NewLock> = {}): NewLock => ({
  root: { pool: 'p', path },
  rootIsCollection: false,
  depth: 0,
  scope: 'exclusive',
  owner: '',
  principal: 'ann',
  timeoutSeconds: 60,
  ...over,
});
const href = () => '/dav/p/x';

/** A store in a map, standing in for the database. */
function memoryStore(): LockStore & { rows: Map<string, DavLock> } {
  const rows = new Map<string, DavLock>();
  return {
    rows,
    load: (now) => [...rows.values()].filter((l) => l.expiresAt > now),
    save: async (l) => void rows.set(l.token, { ...l }),
    remove: async (tokens) => tokens.forEach((t) => rows.delete(t)),
  };
}

describe('LockManager (RFC 4918 §6, §7)', () => {
  it('covers a resource by a lock on it or a depth-infinity lock above it', async () => {
    let now = 0;
    const locks = new LockManager(() => now, memoryStore());
    const dir = await locks.create(lock('d', { depth: 'infinity', rootIsCollection: true }), href);
    expect(locks.covering({ pool: 'p', path: 'd/e/f' })).toEqual([dir]);
    expect(locks.covering({ pool: 'p', path: 'dd' })).toEqual([]);
    const file = await locks.create(lock('x'), href);
    expect(locks.covering({ pool: 'p', path: 'x/y' })).toEqual([]);
    expect(locks.inside({ pool: 'p', path: '' }).map((l) => l.token).sort()).toEqual([dir.token, file.token].sort());
    now = 61_000;
    expect(locks.covering({ pool: 'p', path: 'x' })).toEqual([]);
  });

  it('lets shared locks share, and nothing share with an exclusive lock', async () => {
    const locks = new LockManager(() => 0, memoryStore());
    await locks.create(lock('s', { scope: 'shared' }), href);
    await locks.create(lock('s', { scope: 'shared', principal: 'bob' }), href);
    await expect(locks.create(lock('s'), href)).rejects.toMatchObject({ status: 423 });
    await locks.create(lock('e'), href);
    await expect(locks.create(lock('e', { scope: 'shared' }), href)).rejects.toMatchObject({ status: 423 });
    // A depth-infinity lock conflicts with a lock inside its tree.
    await expect(locks.create(lock('', { depth: 'infinity', rootIsCollection: true }), href)).rejects.toMatchObject({ status: 423 });
  });

  it('refreshes the timeout, and gives short tokens that fit in an If header', async () => {
    let now = 0;
    const locks = new LockManager(() => now, memoryStore());
    const l = await locks.create(lock('r'), href);
    expect(l.token).toMatch(/^urn:x-kith:lock:[\w-]{20}$/);
    now = 50_000;
    await locks.refresh(l, 60);
    now = 100_000;
    expect(locks.byToken(l.token)).toBe(l);
    expect(locks.secondsLeft(l)).toBe(10);
  });

  it('keeps its locks in the store: a new manager over it (a restarted node) finds them', async () => {
    let now = 0;
    const store = memoryStore();
    const first = new LockManager(() => now, store);
    const kept = await first.create(lock('kept', { timeoutSeconds: 600 }), href);
    const unlocked = await first.create(lock('unlocked'), href);
    await first.remove(unlocked.token);
    await first.create(lock('short', { timeoutSeconds: 1 }), href);
    now = 5_000;
    const second = new LockManager(() => now, store);
    expect(second.inside({ pool: 'p', path: '' })).toEqual([kept]);
    await second.removeInside({ pool: 'p', path: 'kept' });
    expect(new LockManager(() => now, store).inside({ pool: 'p', path: '' })).toEqual([]);
  });
});
