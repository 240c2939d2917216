import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError } from './errors.js';
import { lockDataDir } from './data-dir-lock.js';

/** A process that is alive until killed, and its pid. */
function otherProcess() {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  return { pid: child.pid!, stop: async () => (child.kill('SIGKILL'), await exited) };
}

describe('data directory lock', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kith-lock-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('is taken with this pid and gone once released', async () => {
    const lock = await lockDataDir(dir);
    expect(await readFile(join(dir, 'lock'), 'utf8')).toBe(`${process.pid}\n`);
    await lock.release();
    await expect(stat(join(dir, 'lock'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses a directory another live process holds, naming its pid', async () => {
    const other = otherProcess();
    try {
      await writeFile(join(dir, 'lock'), `${other.pid}\n`);
      const error: unknown = await lockDataDir(dir).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(ConflictError);
      expect(String(error)).toContain(`pid ${other.pid}`);
    } finally {
      await other.stop();
    }
  });

  it('takes over the lock of a process that is gone (kill -9, power cut)', async () => {
    const other = otherProcess();
    await other.stop();
    await writeFile(join(dir, 'lock'), `${other.pid}\n`);
    const lock = await lockDataDir(dir);
    expect(await readFile(join(dir, 'lock'), 'utf8')).toBe(`${process.pid}\n`);
    await lock.release();
  });
});
