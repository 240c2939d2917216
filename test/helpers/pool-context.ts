/**
 * The pool layer on a temp directory, with a clock the test controls: real SQLite, real chunk
 * files, no HTTP. For tests of time-driven behaviour (garbage collection, trash and version expiry).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../src/core/log.js';
import { loadOrCreateNodeKey } from '../../src/identity/index.js';
import { openMeta } from '../../src/meta/index.js';
import { createPoolContext, createPoolServices, type PoolContext, type PoolPolicy, type PoolServices } from '../../src/pool/index.js';
import { DiskChunkStore } from '../../src/store/index.js';

export interface TestPools {
  ctx: PoolContext;
  disk: DiskChunkStore;
  services: PoolServices;
  close(): Promise<void>;
}

export async function openTestPools(now: () => number, policy: Partial<PoolPolicy> = {}): Promise<TestPools> {
  const dir = await mkdtemp(join(tmpdir(), 'kith-pools-'));
  const meta = openMeta(join(dir, 'kith.db'));
  const disk = await DiskChunkStore.open({ dir: join(dir, 'chunks') });
  const ctx = createPoolContext({
    meta,
    disk,
    key: await loadOrCreateNodeKey(dir),
    policy: { trashRetentionDays: 30, versionsMaxQuotaShare: 0.5, gcGraceSeconds: 60, inlineMaxBytes: 8192, acceptAnonymous: false, ...policy },
    log: createLogger({ level: 'silent' }),
    now,
  });
  return {
    ctx,
    disk,
    services: createPoolServices(ctx, 3600_000),
    async close() {
      await meta.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function* bytesOf(text: string): AsyncGenerator<Buffer> {
  yield Buffer.from(text);
}
