/** Favorites (see migrations/009-favorites.sql). */
import type { Db } from './db.js';

export interface Favorite {
  poolId: number;
  fileUid: string;
  addedAt: number;
}

export class FavoriteRepo {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      add: db.prepare('INSERT INTO favorites (user_id, pool_id, file_uid, added_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING'),
      remove: db.prepare('DELETE FROM favorites WHERE user_id = ? AND pool_id = ? AND file_uid = ?'),
      list: db.prepare('SELECT pool_id AS poolId, file_uid AS fileUid, added_at AS addedAt FROM favorites WHERE user_id = ? ORDER BY added_at DESC'),
    };
  }

  add(userId: number, poolId: number, fileUid: string, at: number): void {
    this.stmts.add.run(userId, poolId, fileUid, at);
  }

  remove(userId: number, poolId: number, fileUid: string): boolean {
    return this.stmts.remove.run(userId, poolId, fileUid).changes === 1;
  }

  /** Newest first. */
  list(userId: number): Favorite[] {
    return this.stmts.list.all(userId) as Favorite[];
  }
}
