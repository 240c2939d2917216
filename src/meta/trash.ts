/** Deleted files and folders, restorable until purged. A folder is one item with its content beside it. */
import type { Db } from './db.js';
import type { EntryKind } from './entries.js';

export interface TrashItem {
  id: number;
  poolId: number;
  originalPath: string;
  kind: EntryKind;
  size: number;
  deletedAt: number;
  deletedBy: string | undefined;
}

export interface TrashEntry {
  /** Relative to the item; '' is the item itself. */
  relPath: string;
  kind: EntryKind;
  fileUid: string;
  size: number;
  mtime: number;
  manifest: string | undefined;
}

interface ItemRow {
  id: number;
  pool_id: number;
  original_path: string;
  kind: EntryKind;
  size: number;
  deleted_at: number;
  deleted_by: string | null;
}

interface EntryRow {
  rel_path: string;
  kind: EntryKind;
  file_uid: string;
  size: number;
  mtime: number;
  manifest: Buffer | null;
}

const toItem = (r: ItemRow): TrashItem => ({
  id: r.id,
  poolId: r.pool_id,
  originalPath: r.original_path,
  kind: r.kind,
  size: r.size,
  deletedAt: r.deleted_at,
  deletedBy: r.deleted_by ?? undefined,
});

const toEntry = (r: EntryRow): TrashEntry => ({
  relPath: r.rel_path,
  kind: r.kind,
  fileUid: r.file_uid,
  size: r.size,
  mtime: r.mtime,
  manifest: r.manifest ? r.manifest.toString('hex') : undefined,
});

const ITEM_COLUMNS = 'id, pool_id, original_path, kind, size, deleted_at, deleted_by';

export class TrashRepo {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      insertItem: db.prepare(
        'INSERT INTO trash (pool_id, original_path, kind, size, deleted_at, deleted_by) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      insertEntry: db.prepare(
        `INSERT INTO trash_entries (trash_id, rel_path, kind, file_uid, size, mtime, manifest)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      list: db.prepare(`SELECT ${ITEM_COLUMNS} FROM trash WHERE pool_id = ? ORDER BY deleted_at DESC, id DESC`),
      get: db.prepare(`SELECT ${ITEM_COLUMNS} FROM trash WHERE id = ? AND pool_id = ?`),
      entries: db.prepare(
        'SELECT rel_path, kind, file_uid, size, mtime, manifest FROM trash_entries WHERE trash_id = ? ORDER BY rel_path',
      ),
      delete: db.prepare('DELETE FROM trash WHERE id = ?'),
      olderThan: db.prepare(`SELECT ${ITEM_COLUMNS} FROM trash WHERE deleted_at < ? AND pool_id = ? ORDER BY deleted_at`),
    };
  }

  insert(item: Omit<TrashItem, 'id'>, entries: readonly TrashEntry[]): number {
    const res = this.stmts.insertItem.run(
      item.poolId,
      item.originalPath,
      item.kind,
      item.size,
      item.deletedAt,
      item.deletedBy ?? null,
    );
    const id = Number(res.lastInsertRowid);
    for (const e of entries) {
      this.stmts.insertEntry.run(
        id,
        e.relPath,
        e.kind,
        e.fileUid,
        e.size,
        e.mtime,
        e.manifest ? Buffer.from(e.manifest, 'hex') : null,
      );
    }
    return id;
  }

  list(poolId: number): TrashItem[] {
    return (this.stmts.list.all(poolId) as ItemRow[]).map(toItem);
  }

  get(poolId: number, id: number): TrashItem | undefined {
    const row = this.stmts.get.get(id, poolId) as ItemRow | undefined;
    return row && toItem(row);
  }

  entries(id: number): TrashEntry[] {
    return (this.stmts.entries.all(id) as EntryRow[]).map(toEntry);
  }

  delete(id: number): void {
    this.stmts.delete.run(id);
  }

  deletedBefore(poolId: number, before: number): TrashItem[] {
    return (this.stmts.olderThan.all(before, poolId) as ItemRow[]).map(toItem);
  }

}
