/**
 * What S3 adds to a file version (ETag, Content-Type, x-amz-meta-*), keyed by file uid and
 * manifest so that it follows the version through moves and restores; and the flat, key-ordered
 * walk over a pool's files that S3 listings page through.
 */
import type { Db } from './db.js';
import type { Entry } from './entries.js';

export interface ObjectAttrs {
  etag: string;
  contentType: string | undefined;
  userMeta: Record<string, string>;
}

interface AttrRow {
  etag: string;
  content_type: string | null;
  user_meta: string;
}

const blob = (h: string): Buffer => Buffer.from(h, 'hex');

export class ObjectAttrRepo {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      get: db.prepare('SELECT etag, content_type, user_meta FROM s3_object_attrs WHERE file_uid = ? AND manifest = ?'),
      put: db.prepare(
        `INSERT INTO s3_object_attrs (file_uid, manifest, etag, content_type, user_meta) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (file_uid, manifest) DO UPDATE SET etag = excluded.etag, content_type = excluded.content_type, user_meta = excluded.user_meta`,
      ),
      // Paths sort as SQLite compares TEXT (memcmp of UTF-8): the order S3 lists keys in.
      filesFrom: db.prepare(
        `SELECT path, file_uid, size, mtime, manifest FROM entries
         WHERE pool_id = ? AND kind = 'file' AND deleted = 0 AND path >= ? AND path > ? ORDER BY path LIMIT ?`,
      ),
    };
  }

  get(fileUid: string, manifest: string): ObjectAttrs | undefined {
    const row = this.stmts.get.get(fileUid, blob(manifest)) as AttrRow | undefined;
    return row && { etag: row.etag, contentType: row.content_type ?? undefined, userMeta: JSON.parse(row.user_meta) as Record<string, string> };
  }

  put(fileUid: string, manifest: string, attrs: ObjectAttrs): void {
    this.stmts.put.run(fileUid, blob(manifest), attrs.etag, attrs.contentType ?? null, JSON.stringify(attrs.userMeta));
  }

  /** Live files with a path >= `from` and > `after`, in key order. */
  filesFrom(poolId: number, from: string, after: string, limit: number): Pick<Entry, 'path' | 'fileUid' | 'size' | 'mtime' | 'manifest'>[] {
    const rows = this.stmts.filesFrom.all(poolId, from, after, limit) as { path: string; file_uid: string; size: number; mtime: number; manifest: Buffer }[];
    return rows.map((r) => ({ path: r.path, fileUid: r.file_uid, size: r.size, mtime: r.mtime, manifest: r.manifest.toString('hex') }));
  }
}
