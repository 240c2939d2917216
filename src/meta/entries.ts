/** The current record of each path in a pool (files, folders and tombstones). */
import type { Statement } from 'better-sqlite3';
import type { Db } from './db.js';

export type EntryKind = 'file' | 'dir';

export interface Entry {
  id: number;
  poolId: number;
  path: string;
  parent: string;
  name: string;
  kind: EntryKind;
  fileUid: string;
  size: number;
  mtime: number;
  /** Hex manifest hash; undefined for folders and tombstones. */
  manifest: string | undefined;
  vv: Record<string, number>;
  authorUser: string | undefined;
  authorNode: string;
  deleted: boolean;
  updatedAt: number;
  /** The author node's sequence number for this record: peers ask for records after one. */
  originSeq: number;
  /** The author node's signature over the record (see sync/records.ts); absent on records made before replication existed. */
  signature: string | undefined;
}

export type EntryWrite = Omit<Entry, 'id' | 'parent' | 'name' | 'deleted'>;

export interface Tombstone {
  vv: Record<string, number>;
  authorUser?: string;
  authorNode: string;
  at: number;
  originSeq: number;
  signature?: string;
}

export type SortKey = 'name' | 'size' | 'mtime';

export interface ListOptions {
  sort: SortKey;
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
}

interface EntryRow {
  id: number;
  pool_id: number;
  path: string;
  parent: string;
  name: string;
  kind: EntryKind;
  file_uid: string;
  size: number;
  mtime: number;
  manifest: Buffer | null;
  vv: string;
  author_user: string | null;
  author_node: string;
  deleted: number;
  updated_at: number;
  origin_seq: number;
  signature: string | null;
}

const COLUMNS =
  'id, pool_id, path, parent, name, kind, file_uid, size, mtime, manifest, vv, author_user, author_node, deleted, updated_at, origin_seq, signature';

function toEntry(r: EntryRow): Entry {
  return {
    id: r.id,
    poolId: r.pool_id,
    path: r.path,
    parent: r.parent,
    name: r.name,
    kind: r.kind,
    fileUid: r.file_uid,
    size: r.size,
    mtime: r.mtime,
    manifest: r.manifest ? r.manifest.toString('hex') : undefined,
    vv: JSON.parse(r.vv) as Record<string, number>,
    authorUser: r.author_user ?? undefined,
    authorNode: r.author_node,
    deleted: r.deleted === 1,
    updatedAt: r.updated_at,
    originSeq: r.origin_seq,
    signature: r.signature ?? undefined,
  };
}

function splitPath(path: string): { parent: string; name: string } {
  const i = path.lastIndexOf('/');
  return i < 0 ? { parent: '', name: path } : { parent: path.slice(0, i), name: path.slice(i + 1) };
}

// Sort columns are chosen from this fixed map, never from user input, so they can be spliced into SQL.
const ORDER_BY: Record<SortKey, string> = {
  name: 'name',
  size: 'size',
  mtime: 'mtime',
};

export class EntryRepo {
  private readonly stmts;
  private readonly listStmts = new Map<string, Statement<unknown[]>>();

  constructor(private readonly db: Db) {
    this.stmts = {
      get: db.prepare(`SELECT ${COLUMNS} FROM entries WHERE pool_id = ? AND path = ?`),
      liveByUid: db.prepare(`SELECT ${COLUMNS} FROM entries WHERE pool_id = ? AND file_uid = ? AND deleted = 0`),
      upsert: db.prepare(
        `INSERT INTO entries (pool_id, path, parent, name, kind, file_uid, size, mtime, manifest, vv,
                              author_user, author_node, deleted, updated_at, origin_seq, signature)
         VALUES (@poolId, @path, @parent, @name, @kind, @fileUid, @size, @mtime, @manifest, @vv,
                 @authorUser, @authorNode, 0, @updatedAt, @originSeq, @signature)
         ON CONFLICT (pool_id, path) DO UPDATE SET
           kind = excluded.kind, file_uid = excluded.file_uid, size = excluded.size,
           mtime = excluded.mtime, manifest = excluded.manifest, vv = excluded.vv,
           author_user = excluded.author_user, author_node = excluded.author_node,
           deleted = 0, updated_at = excluded.updated_at, origin_seq = excluded.origin_seq,
           signature = excluded.signature`,
      ),
      tombstone: db.prepare(
        `UPDATE entries SET deleted = 1, manifest = NULL, size = 0, vv = ?, author_user = ?,
           author_node = ?, updated_at = ?, origin_seq = ?, signature = ? WHERE pool_id = ? AND path = ?`,
      ),
      recordsAfter: db.prepare(
        `SELECT ${COLUMNS} FROM entries WHERE pool_id = ? AND author_node = ? AND origin_seq > ? ORDER BY origin_seq LIMIT ?`,
      ),
      originHighs: db.prepare('SELECT author_node AS origin, max(origin_seq) AS seq FROM entries WHERE pool_id = ? GROUP BY author_node'),
      liveFilesUpTo: db.prepare(
        `SELECT count(*) AS n FROM entries WHERE pool_id = ? AND author_node = ? AND origin_seq <= ? AND deleted = 0 AND kind = 'file'`,
      ),
      maxOriginSeq: db.prepare('SELECT max(origin_seq) AS seq FROM entries WHERE author_node = ?'),
      hasChildren: db.prepare('SELECT 1 FROM entries WHERE pool_id = ? AND parent = ? AND deleted = 0 LIMIT 1'),
      countChildren: db.prepare('SELECT count(*) AS n FROM entries WHERE pool_id = ? AND parent = ? AND deleted = 0'),
      // Descendants by path prefix: '/' sorts just before '0', so [dir/, dir0) is exactly dir's subtree.
      subtree: db.prepare(
        `SELECT ${COLUMNS} FROM entries
         WHERE pool_id = ? AND path >= ? AND path < ? AND deleted = 0 ORDER BY path`,
      ),
      liveFiles: db.prepare(`SELECT ${COLUMNS} FROM entries WHERE pool_id = ? AND deleted = 0 AND kind = 'file'`),
      searchByName: db.prepare(
        `SELECT ${COLUMNS} FROM entries WHERE pool_id = ? AND deleted = 0 AND name LIKE ? ESCAPE '\\'
         ORDER BY path LIMIT ?`,
      ),
    };
  }

  get(poolId: number, path: string): Entry | undefined {
    const row = this.stmts.get.get(poolId, path) as EntryRow | undefined;
    return row && toEntry(row);
  }

  /** Where a file (by uid) lives now, if it does. */
  liveByUid(poolId: number, fileUid: string): Entry | undefined {
    const row = this.stmts.liveByUid.get(poolId, fileUid) as EntryRow | undefined;
    return row && toEntry(row);
  }

  /** The live entry at a path; tombstones count as absent. */
  getLive(poolId: number, path: string): Entry | undefined {
    const entry = this.get(poolId, path);
    return entry && !entry.deleted ? entry : undefined;
  }

  upsert(e: EntryWrite): void {
    this.stmts.upsert.run({
      ...splitPath(e.path),
      ...e,
      manifest: e.manifest ? Buffer.from(e.manifest, 'hex') : null,
      vv: JSON.stringify(e.vv),
      authorUser: e.authorUser ?? null,
      signature: e.signature ?? null,
    });
  }

  tombstone(poolId: number, path: string, t: Tombstone): void {
    this.stmts.tombstone.run(JSON.stringify(t.vv), t.authorUser ?? null, t.authorNode, t.at, t.originSeq, t.signature ?? null, poolId, path);
  }

  /** The records of `origin` in a pool with a sequence number above `afterSeq`, oldest first. */
  recordsAfter(poolId: number, origin: string, afterSeq: number, limit: number): Entry[] {
    return (this.stmts.recordsAfter.all(poolId, origin, afterSeq, limit) as EntryRow[]).map(toEntry);
  }

  /** How many live files of a pool came from `origin` with a sequence number up to `seq`. */
  liveFilesUpTo(poolId: number, origin: string, seq: number): number {
    return (this.stmts.liveFilesUpTo.get(poolId, origin, seq) as { n: number }).n;
  }

  /** Each origin's highest sequence number among a pool's current records. */
  originHighs(poolId: number): Map<string, number> {
    const rows = this.stmts.originHighs.all(poolId) as { origin: string; seq: number }[];
    return new Map(rows.map((r) => [r.origin, r.seq]));
  }

  /** This node's highest sequence number in any pool: where its counter resumes after a restart. */
  maxOriginSeq(origin: string): number {
    return (this.stmts.maxOriginSeq.get(origin) as { seq: number | null }).seq ?? 0;
  }

  hasChildren(poolId: number, dir: string): boolean {
    return this.stmts.hasChildren.get(poolId, dir) !== undefined;
  }

  countChildren(poolId: number, dir: string): number {
    return (this.stmts.countChildren.get(poolId, dir) as { n: number }).n;
  }

  /** Live descendants of a folder (not the folder itself), in path order. */
  subtree(poolId: number, dir: string): Entry[] {
    return (this.stmts.subtree.all(poolId, `${dir}/`, `${dir}0`) as EntryRow[]).map(toEntry);
  }

  /** One page of a folder's live children: folders first, then by the chosen key, ties by name (A to Z). */
  list(poolId: number, dir: string, opts: ListOptions): Entry[] {
    const key = `${opts.sort}:${opts.order}`;
    let stmt = this.listStmts.get(key);
    if (!stmt) {
      const dirn = opts.order === 'asc' ? 'ASC' : 'DESC';
      stmt = this.db.prepare(
        `SELECT ${COLUMNS} FROM entries WHERE pool_id = ? AND parent = ? AND deleted = 0
         ORDER BY kind = 'file', ${ORDER_BY[opts.sort]} ${dirn}, name LIMIT ? OFFSET ?`,
      );
      this.listStmts.set(key, stmt);
    }
    return (stmt.all(poolId, dir, opts.limit, opts.offset) as EntryRow[]).map(toEntry);
  }

  liveFiles(poolId: number): Entry[] {
    return (this.stmts.liveFiles.all(poolId) as EntryRow[]).map(toEntry);
  }

  /** Manifest hashes referenced by live files, one per reference (for reference-count checks). */

  searchByName(poolId: number, needle: string, limit: number): Entry[] {
    const pattern = `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return (this.stmts.searchByName.all(poolId, pattern, limit) as EntryRow[]).map(toEntry);
  }
}
