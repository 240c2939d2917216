/** Earlier contents of files. A version belongs to a file (its uid), so it follows renames. */
import type { Db } from './db.js';

export interface Version {
  id: number;
  poolId: number;
  fileUid: string;
  path: string;
  size: number;
  mtime: number;
  manifest: string;
  vv: Record<string, number>;
  authorUser: string | undefined;
  authorNode: string;
  replacedAt: number;
}

interface VersionRow {
  id: number;
  pool_id: number;
  file_uid: string;
  path: string;
  size: number;
  mtime: number;
  manifest: Buffer;
  vv: string;
  author_user: string | null;
  author_node: string;
  replaced_at: number;
}

const COLUMNS = 'id, pool_id, file_uid, path, size, mtime, manifest, vv, author_user, author_node, replaced_at';

function toVersion(r: VersionRow): Version {
  return {
    id: r.id,
    poolId: r.pool_id,
    fileUid: r.file_uid,
    path: r.path,
    size: r.size,
    mtime: r.mtime,
    manifest: r.manifest.toString('hex'),
    vv: JSON.parse(r.vv) as Record<string, number>,
    authorUser: r.author_user ?? undefined,
    authorNode: r.author_node,
    replacedAt: r.replaced_at,
  };
}

export class VersionRepo {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      insert: db.prepare(
        `INSERT INTO versions (pool_id, file_uid, path, size, mtime, manifest, vv, author_user, author_node, replaced_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      listForFile: db.prepare(
        `SELECT ${COLUMNS} FROM versions WHERE pool_id = ? AND file_uid = ? ORDER BY mtime DESC, id DESC`,
      ),
      get: db.prepare(`SELECT ${COLUMNS} FROM versions WHERE id = ? AND pool_id = ?`),
      delete: db.prepare('DELETE FROM versions WHERE id = ?'),
      poolVersions: db.prepare(`SELECT ${COLUMNS} FROM versions WHERE pool_id = ? ORDER BY file_uid, mtime DESC`),
      sizeOfFile: db.prepare('SELECT coalesce(sum(size), 0) AS n FROM versions WHERE pool_id = ? AND file_uid = ?'),
      moveFile: db.prepare('UPDATE versions SET pool_id = ? WHERE pool_id = ? AND file_uid = ?'),
      deleteFile: db.prepare('DELETE FROM versions WHERE pool_id = ? AND file_uid = ? RETURNING manifest, size'),
    };
  }

  insert(v: Omit<Version, 'id'>): number {
    const res = this.stmts.insert.run(
      v.poolId,
      v.fileUid,
      v.path,
      v.size,
      v.mtime,
      Buffer.from(v.manifest, 'hex'),
      JSON.stringify(v.vv),
      v.authorUser ?? null,
      v.authorNode,
      v.replacedAt,
    );
    return Number(res.lastInsertRowid);
  }

  /** Newest first. */
  listForFile(poolId: number, fileUid: string): Version[] {
    return (this.stmts.listForFile.all(poolId, fileUid) as VersionRow[]).map(toVersion);
  }

  get(poolId: number, id: number): Version | undefined {
    const row = this.stmts.get.get(id, poolId) as VersionRow | undefined;
    return row && toVersion(row);
  }

  delete(id: number): void {
    this.stmts.delete.run(id);
  }

  /** All versions of a pool grouped by file, newest first within a file. */
  allInPool(poolId: number): Version[] {
    return (this.stmts.poolVersions.all(poolId) as VersionRow[]).map(toVersion);
  }

  /** Moves a file's versions to another pool; returns their total size. */
  moveFile(fileUid: string, fromPoolId: number, toPoolId: number): number {
    const bytes = (this.stmts.sizeOfFile.get(fromPoolId, fileUid) as { n: number }).n;
    this.stmts.moveFile.run(toPoolId, fromPoolId, fileUid);
    return bytes;
  }

  /** Deletes every version of a file; returns what they referenced, for the caller to release. */
  deleteFile(poolId: number, fileUid: string): { manifest: string; size: number }[] {
    const rows = this.stmts.deleteFile.all(poolId, fileUid) as { manifest: Buffer; size: number }[];
    return rows.map((r) => ({ manifest: r.manifest.toString('hex'), size: r.size }));
  }

}
