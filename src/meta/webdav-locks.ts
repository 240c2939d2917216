/** WebDAV write locks, so that they outlive a restart (the lock logic itself is the WebDAV API's). */
import type { Db } from './db.js';

export interface WebDavLock {
  /** A state token (RFC 4918 §6.5). */
  token: string;
  /** The locked resource: a pool by name, and a path inside it ('' for its root). */
  root: { pool: string; path: string };
  rootIsCollection: boolean;
  depth: 0 | 'infinity';
  scope: 'exclusive' | 'shared';
  /** The client's DAV:owner content, serialized XML. */
  owner: string;
  /** The user who took the lock. */
  principal: string;
  timeoutSeconds: number;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

interface LockRow {
  token: string;
  pool: string;
  path: string;
  root_is_collection: number;
  depth: '0' | 'infinity';
  scope: 'exclusive' | 'shared';
  owner: string;
  principal: string;
  timeout_seconds: number;
  expires_at: number;
}

export class WebDavLockRepo {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      live: db.prepare('SELECT * FROM webdav_locks WHERE expires_at > ?'),
      put: db.prepare(
        `INSERT OR REPLACE INTO webdav_locks (token, pool, path, root_is_collection, depth, scope, owner, principal, timeout_seconds, expires_at)
         VALUES (@token, @pool, @path, @root_is_collection, @depth, @scope, @owner, @principal, @timeout_seconds, @expires_at)`,
      ),
      delete: db.prepare('DELETE FROM webdav_locks WHERE token = ?'),
      deleteExpired: db.prepare('DELETE FROM webdav_locks WHERE expires_at <= ?'),
    };
  }

  live(now: number): WebDavLock[] {
    return (this.stmts.live.all(now) as LockRow[]).map((r) => ({
      token: r.token,
      root: { pool: r.pool, path: r.path },
      rootIsCollection: r.root_is_collection === 1,
      depth: r.depth === '0' ? 0 : 'infinity',
      scope: r.scope,
      owner: r.owner,
      principal: r.principal,
      timeoutSeconds: r.timeout_seconds,
      expiresAt: r.expires_at,
    }));
  }

  /** Inserts a lock, or replaces it with its refreshed self. */
  put(l: WebDavLock): void {
    this.stmts.put.run({
      token: l.token,
      pool: l.root.pool,
      path: l.root.path,
      root_is_collection: l.rootIsCollection ? 1 : 0,
      depth: String(l.depth),
      scope: l.scope,
      owner: l.owner,
      principal: l.principal,
      timeout_seconds: l.timeoutSeconds,
      expires_at: l.expiresAt,
    });
  }

  delete(tokens: readonly string[]): void {
    for (const token of tokens) this.stmts.delete.run(token);
  }

  deleteExpired(now: number): void {
    this.stmts.deleteExpired.run(now);
  }
}
