/** Old versions of a file: list, open, restore, delete; and the per-pool expiry sweep. */
import type { Actor } from '../core/actor.js';
import { NotFoundError } from '../core/errors.js';
import { normalizePath } from '../core/names.js';
import type { Entry, Pool, Version } from '../meta/index.js';
import { resolvePool } from './access.js';
import type { PoolContext } from './context.js';
import type { FileService, OpenedFile } from './files.js';
import { nextRecord } from './records.js';
import { dropVersion, keepAsVersion } from './version-keeping.js';
import { versionsOverBudget, versionsToExpire } from './version-policy.js';

export class VersionService {
  constructor(
    private readonly ctx: PoolContext,
    private readonly files: FileService,
  ) {}

  /** Versions of the file now at `path`, newest first (the current content is not among them). */
  list(poolName: string, rawPath: string, actor: Actor): Version[] {
    const pool = resolvePool(this.ctx.meta, poolName, actor, 'read');
    const entry = this.files.requireFile(pool, normalizePath(rawPath));
    return this.ctx.meta.versions.listForFile(pool.id, entry.fileUid);
  }

  open(poolName: string, rawPath: string, id: number, actor: Actor, range?: { start?: number; end?: number }, signal?: AbortSignal): OpenedFile & { version: Version } {
    const pool = resolvePool(this.ctx.meta, poolName, actor, 'read');
    const entry = this.files.requireFile(pool, normalizePath(rawPath));
    const version = this.requireVersion(pool, entry, id);
    const opened = this.files.openContent({ ...entry, size: version.size, mtime: version.mtime, manifest: version.manifest }, version.manifest, range, signal);
    return { ...opened, version };
  }

  /** Makes a version current again; the content it replaces becomes a version in turn. */
  async restore(poolName: string, rawPath: string, id: number, actor: Actor): Promise<Entry> {
    const { meta } = this.ctx;
    return meta.commit(() => {
      const pool = resolvePool(meta, poolName, actor, 'write');
      const entry = this.files.requireFile(pool, normalizePath(rawPath));
      const version = this.requireVersion(pool, entry, id);
      // The version's reference becomes the file's; the file's reference becomes a new version's.
      meta.versions.delete(version.id);
      meta.pools.addBytes(pool.id, 'versions_bytes', -version.size);
      keepAsVersion(this.ctx, pool, entry);
      meta.entries.upsert(nextRecord(this.ctx, entry, { poolId: pool.id, path: entry.path, kind: 'file', size: version.size, mtime: this.ctx.now(), manifest: version.manifest, fileUid: entry.fileUid }, actor));
      meta.pools.addBytes(pool.id, 'files_bytes', version.size - entry.size);
      meta.events.append({ at: this.ctx.now(), poolId: pool.id, type: 'version.restored', path: entry.path, actor: actor.name, detail: { versionId: id } });
      return meta.entries.getLive(pool.id, entry.path)!;
    });
  }

  async delete(poolName: string, rawPath: string, id: number, actor: Actor): Promise<void> {
    const { meta } = this.ctx;
    await meta.commit(() => {
      const pool = resolvePool(meta, poolName, actor, 'write');
      const entry = this.files.requireFile(pool, normalizePath(rawPath));
      dropVersion(this.ctx, this.requireVersion(pool, entry, id));
      meta.events.append({ at: this.ctx.now(), poolId: pool.id, type: 'version.deleted', path: entry.path, actor: actor.name, detail: { versionId: id } });
    });
  }

  /**
   * Applies the retention bands to every file (versions age into coarser bands over time), then
   * the quota share: if an owner's versions use more than their share, the oldest go first.
   */
  async expire(): Promise<number> {
    const { meta } = this.ctx;
    let dropped = 0;
    for (const pool of meta.pools.all()) {
      const versions = meta.versions.allInPool(pool.id);
      const doomed = new Set(versionsToExpire(versions, this.ctx.now()));
      const budget = this.versionBudget(pool);
      if (budget !== undefined) {
        for (const id of versionsOverBudget(versions.filter((v) => !doomed.has(v.id)), budget)) doomed.add(id);
      }
      if (doomed.size === 0) continue;
      await meta.commit(() => {
        for (const v of versions) if (doomed.has(v.id)) dropVersion(this.ctx, v);
      });
      dropped += doomed.size;
    }
    return dropped;
  }

  private versionBudget(pool: Pool): number | undefined {
    if (pool.ownerId === undefined) return undefined;
    const quota = this.ctx.meta.users.byId(pool.ownerId)?.quotaBytes;
    return quota === undefined ? undefined : Math.floor(quota * this.ctx.policy.versionsMaxQuotaShare);
  }

  private requireVersion(pool: Pool, entry: Entry, id: number): Version {
    const version = this.ctx.meta.versions.get(pool.id, id);
    if (!version || version.fileUid !== entry.fileUid) throw new NotFoundError(`no version ${id} of "${entry.path}"`);
    return version;
  }
}
