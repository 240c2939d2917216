/**
 * Sessions (browser cookies) and API tokens (CLI, app passwords). Both are looked up by the
 * SHA-256 of their secret; the secret itself is never stored.
 */
import type { Db } from './db.js';

export interface Session {
  id: number;
  userId: number;
  createdAt: number;
  expiresAt: number;
  lastSeenAt: number;
  userAgent: string | undefined;
  address: string | undefined;
}

export interface Token {
  id: number;
  userId: number;
  label: string;
  createdAt: number;
  lastUsedAt: number | undefined;
}

interface SessionRow {
  id: number;
  user_id: number;
  created_at: number;
  expires_at: number;
  last_seen_at: number;
  user_agent: string | null;
  address: string | null;
}

interface TokenRow {
  id: number;
  user_id: number;
  label: string;
  created_at: number;
  last_used_at: number | null;
}

const toSession = (r: SessionRow): Session => ({
  id: r.id,
  userId: r.user_id,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  lastSeenAt: r.last_seen_at,
  userAgent: r.user_agent ?? undefined,
  address: r.address ?? undefined,
});

const toToken = (r: TokenRow): Token => ({
  id: r.id,
  userId: r.user_id,
  label: r.label,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at ?? undefined,
});

const SESSION_COLUMNS = 'id, user_id, created_at, expires_at, last_seen_at, user_agent, address';
const TOKEN_COLUMNS = 'id, user_id, label, created_at, last_used_at';

export class SessionRepo {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      insert: db.prepare(
        `INSERT INTO sessions (secret_hash, user_id, created_at, expires_at, last_seen_at, user_agent, address)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      bySecret: db.prepare(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE secret_hash = ?`),
      touch: db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id = ?'),
      forUser: db.prepare(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE user_id = ? ORDER BY last_seen_at DESC`),
      delete: db.prepare('DELETE FROM sessions WHERE id = ? AND user_id = ?'),
      deleteForUser: db.prepare('DELETE FROM sessions WHERE user_id = ?'),
      deleteExpired: db.prepare('DELETE FROM sessions WHERE expires_at < ?'),
    };
  }

  insert(secretHash: Buffer, s: Omit<Session, 'id'>): number {
    const res = this.stmts.insert.run(
      secretHash,
      s.userId,
      s.createdAt,
      s.expiresAt,
      s.lastSeenAt,
      s.userAgent ?? null,
      s.address ?? null,
    );
    return Number(res.lastInsertRowid);
  }

  bySecret(secretHash: Buffer): Session | undefined {
    const row = this.stmts.bySecret.get(secretHash) as SessionRow | undefined;
    return row && toSession(row);
  }

  touch(id: number, at: number): void {
    this.stmts.touch.run(at, id);
  }

  forUser(userId: number): Session[] {
    return (this.stmts.forUser.all(userId) as SessionRow[]).map(toSession);
  }

  delete(userId: number, id: number): boolean {
    return this.stmts.delete.run(id, userId).changes > 0;
  }

  deleteForUser(userId: number): void {
    this.stmts.deleteForUser.run(userId);
  }

  deleteExpired(now: number): number {
    return this.stmts.deleteExpired.run(now).changes;
  }
}

export class TokenRepo {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      insert: db.prepare('INSERT INTO tokens (secret_hash, user_id, label, created_at) VALUES (?, ?, ?, ?)'),
      bySecret: db.prepare(`SELECT ${TOKEN_COLUMNS} FROM tokens WHERE secret_hash = ?`),
      byLabel: db.prepare(`SELECT ${TOKEN_COLUMNS} FROM tokens WHERE user_id = ? AND label = ?`),
      touch: db.prepare('UPDATE tokens SET last_used_at = ? WHERE id = ?'),
      forUser: db.prepare(`SELECT ${TOKEN_COLUMNS} FROM tokens WHERE user_id = ? ORDER BY label`),
      delete: db.prepare('DELETE FROM tokens WHERE id = ? AND user_id = ?'),
    };
  }

  insert(secretHash: Buffer, t: { userId: number; label: string; createdAt: number }): number {
    return Number(this.stmts.insert.run(secretHash, t.userId, t.label, t.createdAt).lastInsertRowid);
  }

  bySecret(secretHash: Buffer): Token | undefined {
    const row = this.stmts.bySecret.get(secretHash) as TokenRow | undefined;
    return row && toToken(row);
  }

  byLabel(userId: number, label: string): Token | undefined {
    const row = this.stmts.byLabel.get(userId, label) as TokenRow | undefined;
    return row && toToken(row);
  }

  touch(id: number, at: number): void {
    this.stmts.touch.run(at, id);
  }

  forUser(userId: number): Token[] {
    return (this.stmts.forUser.all(userId) as TokenRow[]).map(toToken);
  }

  delete(userId: number, id: number): boolean {
    return this.stmts.delete.run(id, userId).changes > 0;
  }
}
