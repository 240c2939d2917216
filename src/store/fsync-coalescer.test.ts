import { settledFlag } from '../../test/helpers/settled.js';
import { describe, expect, it } from 'vitest';
import { FsyncCoalescer } from './fsync-coalescer.js';

/** An fsync stand-in that stays pending until the test completes it. */
function controlledFsync() {
  const pending: { dir: string; done: () => void; fail: (err: Error) => void }[] = [];
  const fsync = (dir: string): Promise<void> =>
    new Promise((resolve, reject) => pending.push({ dir, done: resolve, fail: reject }));
  return { fsync, pending };
}


const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('FsyncCoalescer', () => {
  it('makes requests that arrive during an fsync share the next one, not the running one', async () => {
    const { fsync, pending } = controlledFsync();
    const syncer = new FsyncCoalescer(fsync);
    const first = settledFlag(syncer.sync('/d'));
    const later = Array.from({ length: 10 }, () => settledFlag(syncer.sync('/d')));
    expect(pending.length, 'fsyncs started while the first runs').toBe(1);

    pending[0].done();
    await flush();
    expect(first.settled).toBe(true);
    expect(later.filter((f) => f.settled).length, 'later requests settled by the first fsync').toBe(0);
    expect(pending.length, 'fsyncs started once the first ended').toBe(2);

    pending[1].done();
    await flush();
    expect(later.every((f) => f.settled)).toBe(true);
    expect(pending.length).toBe(2);
  });

  it('runs fsyncs of different directories independently', () => {
    const { fsync, pending } = controlledFsync();
    const syncer = new FsyncCoalescer(fsync);
    void syncer.sync('/a');
    void syncer.sync('/b');
    expect(pending.map((p) => p.dir)).toEqual(['/a', '/b']);
  });

  it('passes an fsync failure to every request it served, and later requests start afresh', async () => {
    const { fsync, pending } = controlledFsync();
    const syncer = new FsyncCoalescer(fsync);
    const first = syncer.sync('/d');
    pending[0].fail(new Error('EIO'));
    await expect(first).rejects.toThrow('EIO');
    const again = syncer.sync('/d');
    expect(pending.length).toBe(2);
    pending[1].done();
    await expect(again).resolves.toBeUndefined();
  });
});
