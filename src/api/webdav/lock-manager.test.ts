import { describe, expect, it } from 'vitest';
import { LockManager, type NewLock } from './lock-manager.js';

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

describe('LockManager (RFC 4918 §6, §7)', () => {
  it('covers a resource by a lock on it or a depth-infinity lock above it', () => {
    let now = 0;
    const locks = new LockManager(() => now);
    const dir = locks.create(lock('d', { depth: 'infinity', rootIsCollection: true }), href);
    expect(locks.covering({ pool: 'p', path: 'd/e/f' })).toEqual([dir]);
    expect(locks.covering({ pool: 'p', path: 'dd' })).toEqual([]);
    const file = locks.create(lock('x'), href);
    expect(locks.covering({ pool: 'p', path: 'x/y' })).toEqual([]);
    expect(locks.inside({ pool: 'p', path: '' }).map((l) => l.token).sort()).toEqual([dir.token, file.token].sort());
    now = 61_000;
    expect(locks.covering({ pool: 'p', path: 'x' })).toEqual([]);
  });

  it('lets shared locks share, and nothing share with an exclusive lock', () => {
    const locks = new LockManager(() => 0);
    locks.create(lock('s', { scope: 'shared' }), href);
    locks.create(lock('s', { scope: 'shared', principal: 'bob' }), href);
    expect(() => locks.create(lock('s'), href)).toThrow(expect.objectContaining({ status: 423 }));
    locks.create(lock('e'), href);
    expect(() => locks.create(lock('e', { scope: 'shared' }), href)).toThrow(expect.objectContaining({ status: 423 }));
    // A depth-infinity lock conflicts with a lock inside its tree.
    expect(() => locks.create(lock('', { depth: 'infinity', rootIsCollection: true }), href)).toThrow(expect.objectContaining({ status: 423 }));
  });

  it('refreshes the timeout, and gives short tokens that fit in an If header', () => {
    let now = 0;
    const locks = new LockManager(() => now);
    const l = locks.create(lock('r'), href);
    expect(l.token).toMatch(/^urn:x-kith:lock:[\w-]{20}$/);
    now = 50_000;
    locks.refresh(l, 60);
    now = 100_000;
    expect(locks.byToken(l.token)).toBe(l);
    expect(locks.secondsLeft(l)).toBe(10);
  });
});
