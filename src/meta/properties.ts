/** Dead properties of files and folders (set by WebDAV clients), by file uid. */
import type { Db } from './db.js';

export interface DeadProperty {
  namespace: string;
  name: string;
  /** An XML fragment (text and elements), self-contained in its namespaces. */
  value: string;
}

export class PropertyRepo {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      list: db.prepare('SELECT namespace, name, value FROM dead_properties WHERE file_uid = ? ORDER BY namespace, name'),
      set: db.prepare(
        `INSERT INTO dead_properties (file_uid, namespace, name, value) VALUES (?, ?, ?, ?)
         ON CONFLICT (file_uid, namespace, name) DO UPDATE SET value = excluded.value`,
      ),
      remove: db.prepare('DELETE FROM dead_properties WHERE file_uid = ? AND namespace = ? AND name = ?'),
      removeAll: db.prepare('DELETE FROM dead_properties WHERE file_uid = ?'),
      removeForPool: db.prepare(
        `DELETE FROM dead_properties WHERE file_uid IN (
           SELECT file_uid FROM entries WHERE pool_id = @poolId
           UNION SELECT te.file_uid FROM trash_entries te JOIN trash t ON t.id = te.trash_id WHERE t.pool_id = @poolId
           UNION SELECT uid FROM pools WHERE id = @poolId)`,
      ),
      copy: db.prepare(
        `INSERT OR REPLACE INTO dead_properties (file_uid, namespace, name, value)
         SELECT ?, namespace, name, value FROM dead_properties WHERE file_uid = ?`,
      ),
    };
  }

  list(fileUid: string): DeadProperty[] {
    return this.stmts.list.all(fileUid) as DeadProperty[];
  }

  set(fileUid: string, p: DeadProperty): void {
    this.stmts.set.run(fileUid, p.namespace, p.name, p.value);
  }

  remove(fileUid: string, namespace: string, name: string): void {
    this.stmts.remove.run(fileUid, namespace, name);
  }

  /** When a file is gone for good (purged from the trash). */
  removeAll(fileUid: string): void {
    this.stmts.removeAll.run(fileUid);
  }

  /** When a pool is purged: the properties of its files, its trash and its root. */
  removeForPool(poolId: number): void {
    this.stmts.removeForPool.run({ poolId });
  }

  copy(fromUid: string, toUid: string): void {
    this.stmts.copy.run(toUid, fromUid);
  }
}
