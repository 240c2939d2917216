/** S3 access keys: the id in clear, the secret sealed by the auth layer (never stored in clear). */
import type { Db } from './db.js';

export interface S3Key {
  id: number;
  accessKeyId: string;
  userId: number;
  sealedSecret: Buffer;
  createdAt: number;
  lastUsedAt: number | undefined;
}

interface S3KeyRow {
  id: number;
  access_key_id: string;
  user_id: number;
  sealed_secret: Buffer;
  created_at: number;
  last_used_at: number | null;
}

const toKey = (r: S3KeyRow): S3Key => ({
  id: r.id,
  accessKeyId: r.access_key_id,
  userId: r.user_id,
  sealedSecret: r.sealed_secret,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at ?? undefined,
});

const COLUMNS = 'id, access_key_id, user_id, sealed_secret, created_at, last_used_at';

export class S3KeyRepo {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      insert: db.prepare('INSERT INTO s3_keys (access_key_id, user_id, sealed_secret, created_at) VALUES (?, ?, ?, ?)'),
      byAccessKeyId: db.prepare(`SELECT ${COLUMNS} FROM s3_keys WHERE access_key_id = ?`),
      forUser: db.prepare(`SELECT ${COLUMNS} FROM s3_keys WHERE user_id = ? ORDER BY created_at`),
      touch: db.prepare('UPDATE s3_keys SET last_used_at = ? WHERE id = ?'),
      delete: db.prepare('DELETE FROM s3_keys WHERE user_id = ? AND access_key_id = ?'),
    };
  }

  insert(k: { accessKeyId: string; userId: number; sealedSecret: Buffer; createdAt: number }): number {
    return Number(this.stmts.insert.run(k.accessKeyId, k.userId, k.sealedSecret, k.createdAt).lastInsertRowid);
  }

  byAccessKeyId(accessKeyId: string): S3Key | undefined {
    const row = this.stmts.byAccessKeyId.get(accessKeyId) as S3KeyRow | undefined;
    return row && toKey(row);
  }

  forUser(userId: number): S3Key[] {
    return (this.stmts.forUser.all(userId) as S3KeyRow[]).map(toKey);
  }

  touch(id: number, at: number): void {
    this.stmts.touch.run(at, id);
  }

  delete(userId: number, accessKeyId: string): boolean {
    return this.stmts.delete.run(userId, accessKeyId).changes > 0;
  }
}
