/** Multipart uploads in progress and their parts; each part row holds one manifest reference. */
import type { Db } from './db.js';

export interface Upload {
  id: number;
  uploadId: string;
  poolId: number;
  path: string;
  userId: number | undefined;
  contentType: string | undefined;
  userMeta: Record<string, string>;
  createdAt: number;
}

export interface UploadPart {
  partNumber: number;
  manifest: string;
  size: number;
  etag: string;
  createdAt: number;
}

interface UploadRow {
  id: number;
  upload_id: string;
  pool_id: number;
  path: string;
  user_id: number | null;
  content_type: string | null;
  user_meta: string;
  created_at: number;
}

interface PartRow {
  part_number: number;
  manifest: Buffer;
  size: number;
  etag: string;
  created_at: number;
}

const toUpload = (r: UploadRow): Upload => ({
  id: r.id,
  uploadId: r.upload_id,
  poolId: r.pool_id,
  path: r.path,
  userId: r.user_id ?? undefined,
  contentType: r.content_type ?? undefined,
  userMeta: JSON.parse(r.user_meta) as Record<string, string>,
  createdAt: r.created_at,
});

const toPart = (r: PartRow): UploadPart => ({ partNumber: r.part_number, manifest: r.manifest.toString('hex'), size: r.size, etag: r.etag, createdAt: r.created_at });

const UPLOAD_COLUMNS = 'id, upload_id, pool_id, path, user_id, content_type, user_meta, created_at';

export class UploadRepo {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      insert: db.prepare('INSERT INTO s3_uploads (upload_id, pool_id, path, user_id, content_type, user_meta, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      byUploadId: db.prepare(`SELECT ${UPLOAD_COLUMNS} FROM s3_uploads WHERE upload_id = ?`),
      inPool: db.prepare(`SELECT ${UPLOAD_COLUMNS} FROM s3_uploads WHERE pool_id = ? ORDER BY path, created_at`),
      delete: db.prepare('DELETE FROM s3_uploads WHERE id = ?'),
      part: db.prepare('SELECT part_number, manifest, size, etag, created_at FROM s3_upload_parts WHERE upload = ? AND part_number = ?'),
      parts: db.prepare('SELECT part_number, manifest, size, etag, created_at FROM s3_upload_parts WHERE upload = ? ORDER BY part_number'),
      putPart: db.prepare(
        `INSERT INTO s3_upload_parts (upload, part_number, manifest, size, etag, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (upload, part_number) DO UPDATE SET manifest = excluded.manifest, size = excluded.size, etag = excluded.etag, created_at = excluded.created_at`,
      ),
      manifestsInPool: db.prepare('SELECT p.manifest FROM s3_upload_parts p JOIN s3_uploads u ON u.id = p.upload WHERE u.pool_id = ?'),
    };
  }

  insert(u: Omit<Upload, 'id'>): number {
    return Number(this.stmts.insert.run(u.uploadId, u.poolId, u.path, u.userId ?? null, u.contentType ?? null, JSON.stringify(u.userMeta), u.createdAt).lastInsertRowid);
  }

  byUploadId(uploadId: string): Upload | undefined {
    const row = this.stmts.byUploadId.get(uploadId) as UploadRow | undefined;
    return row && toUpload(row);
  }

  inPool(poolId: number): Upload[] {
    return (this.stmts.inPool.all(poolId) as UploadRow[]).map(toUpload);
  }

  /** Deletes the upload and its part rows; the caller drops the parts' references. */
  delete(id: number): void {
    this.stmts.delete.run(id);
  }

  part(upload: number, partNumber: number): UploadPart | undefined {
    const row = this.stmts.part.get(upload, partNumber) as PartRow | undefined;
    return row && toPart(row);
  }

  parts(upload: number): UploadPart[] {
    return (this.stmts.parts.all(upload) as PartRow[]).map(toPart);
  }

  putPart(upload: number, p: UploadPart): void {
    this.stmts.putPart.run(upload, p.partNumber, Buffer.from(p.manifest, 'hex'), p.size, p.etag, p.createdAt);
  }

  /** Manifests the parts of a pool's uploads hold (for purging the pool). */
  manifestsInPool(poolId: number): string[] {
    return (this.stmts.manifestsInPool.all(poolId) as { manifest: Buffer }[]).map((r) => r.manifest.toString('hex'));
  }
}
