/** Share links (see migrations/008-share-links.sql): created, listed, counted, revoked. */
import type { Db } from './db.js';

export const SHARE_LINK_KINDS = ['download', 'drop', 'feed'] as const;
export type ShareLinkKind = (typeof SHARE_LINK_KINDS)[number];

export interface ShareLink {
  id: number;
  token: string;
  kind: ShareLinkKind;
  poolId: number;
  path: string;
  /** undefined: the node's own administrator. */
  createdBy: number | undefined;
  createdAt: number;
  expiresAt: number | undefined;
  passwordHash: string | undefined;
  maxDownloads: number | undefined;
  downloads: number;
  maxUploadBytes: number | undefined;
  uploads: number;
}

export type NewShareLink = Omit<ShareLink, 'id' | 'downloads' | 'uploads'>;

const COLUMNS = `id, token, kind, pool_id AS poolId, path, created_by AS createdBy, created_at AS createdAt,
  expires_at AS expiresAt, password_hash AS passwordHash, max_downloads AS maxDownloads, downloads,
  max_upload_bytes AS maxUploadBytes, uploads`;

type Row = { [K in keyof ShareLink]: ShareLink[K] extends infer V ? (undefined extends V ? Exclude<V, undefined> | null : V) : never };

function fromRow(row: Row): ShareLink {
  return {
    ...row,
    createdBy: row.createdBy ?? undefined,
    expiresAt: row.expiresAt ?? undefined,
    passwordHash: row.passwordHash ?? undefined,
    maxDownloads: row.maxDownloads ?? undefined,
    maxUploadBytes: row.maxUploadBytes ?? undefined,
  };
}

export class ShareLinkRepo {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      insert: db.prepare(
        `INSERT INTO share_links (token, kind, pool_id, path, created_by, created_at, expires_at, password_hash, max_downloads, max_upload_bytes)
         VALUES (@token, @kind, @poolId, @path, @createdBy, @createdAt, @expiresAt, @passwordHash, @maxDownloads, @maxUploadBytes)`,
      ),
      byToken: db.prepare(`SELECT ${COLUMNS} FROM share_links WHERE token = ?`),
      byId: db.prepare(`SELECT ${COLUMNS} FROM share_links WHERE id = ?`),
      all: db.prepare(`SELECT ${COLUMNS} FROM share_links ORDER BY created_at DESC, id DESC`),
      byCreator: db.prepare(`SELECT ${COLUMNS} FROM share_links WHERE created_by = ? ORDER BY created_at DESC, id DESC`),
      countDownload: db.prepare('UPDATE share_links SET downloads = downloads + 1 WHERE id = ? AND (max_downloads IS NULL OR downloads < max_downloads)'),
      countUpload: db.prepare('UPDATE share_links SET uploads = uploads + 1 WHERE id = ?'),
      delete: db.prepare('DELETE FROM share_links WHERE id = ?'),
    };
  }

  create(link: NewShareLink): ShareLink {
    const id = Number(this.stmts.insert.run({ ...link, createdBy: link.createdBy ?? null, expiresAt: link.expiresAt ?? null, passwordHash: link.passwordHash ?? null, maxDownloads: link.maxDownloads ?? null, maxUploadBytes: link.maxUploadBytes ?? null }).lastInsertRowid);
    return this.byId(id)!;
  }

  byToken(token: string): ShareLink | undefined {
    const row = this.stmts.byToken.get(token) as Row | undefined;
    return row === undefined ? undefined : fromRow(row);
  }

  byId(id: number): ShareLink | undefined {
    const row = this.stmts.byId.get(id) as Row | undefined;
    return row === undefined ? undefined : fromRow(row);
  }

  /** Every link, or those `userId` created; newest first. */
  list(userId?: number): ShareLink[] {
    const rows = (userId === undefined ? this.stmts.all.all() : this.stmts.byCreator.all(userId)) as Row[];
    return rows.map(fromRow);
  }

  /** Counts one download; false when the link's downloads are used up. */
  countDownload(id: number): boolean {
    return this.stmts.countDownload.run(id).changes === 1;
  }

  countUpload(id: number): void {
    this.stmts.countUpload.run(id);
  }

  delete(id: number): boolean {
    return this.stmts.delete.run(id).changes === 1;
  }
}
