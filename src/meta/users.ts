/** Local user accounts. */
import type { Db } from './db.js';

export type Role = 'admin' | 'user';

export interface User {
  id: number;
  name: string;
  role: Role;
  passwordHash: string | undefined;
  quotaBytes: number | undefined;
  disabled: boolean;
  createdAt: number;
}

interface UserRow {
  id: number;
  name: string;
  role: Role;
  password_hash: string | null;
  quota_bytes: number | null;
  disabled: number;
  created_at: number;
}

const COLUMNS = 'id, name, role, password_hash, quota_bytes, disabled, created_at';

const toUser = (r: UserRow): User => ({
  id: r.id,
  name: r.name,
  role: r.role,
  passwordHash: r.password_hash ?? undefined,
  quotaBytes: r.quota_bytes ?? undefined,
  disabled: r.disabled === 1,
  createdAt: r.created_at,
});

export class UserRepo {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      insert: db.prepare(
        'INSERT INTO users (name, role, password_hash, quota_bytes, created_at) VALUES (?, ?, ?, ?, ?)',
      ),
      byName: db.prepare(`SELECT ${COLUMNS} FROM users WHERE name = ?`),
      byId: db.prepare(`SELECT ${COLUMNS} FROM users WHERE id = ?`),
      all: db.prepare(`SELECT ${COLUMNS} FROM users ORDER BY name`),
      countAdmins: db.prepare("SELECT count(*) AS n FROM users WHERE role = 'admin' AND disabled = 0"),
      setPassword: db.prepare('UPDATE users SET password_hash = ? WHERE id = ?'),
      setQuota: db.prepare('UPDATE users SET quota_bytes = ? WHERE id = ?'),
      setRole: db.prepare('UPDATE users SET role = ? WHERE id = ?'),
      setDisabled: db.prepare('UPDATE users SET disabled = ? WHERE id = ?'),
      delete: db.prepare('DELETE FROM users WHERE id = ?'),
    };
  }

  insert(u: { name: string; role: Role; passwordHash?: string; quotaBytes?: number; createdAt: number }): number {
    const res = this.stmts.insert.run(u.name, u.role, u.passwordHash ?? null, u.quotaBytes ?? null, u.createdAt);
    return Number(res.lastInsertRowid);
  }

  byName(name: string): User | undefined {
    const row = this.stmts.byName.get(name) as UserRow | undefined;
    return row && toUser(row);
  }

  byId(id: number): User | undefined {
    const row = this.stmts.byId.get(id) as UserRow | undefined;
    return row && toUser(row);
  }

  all(): User[] {
    return (this.stmts.all.all() as UserRow[]).map(toUser);
  }

  countActiveAdmins(): number {
    return (this.stmts.countAdmins.get() as { n: number }).n;
  }

  setPassword(id: number, hash: string): void {
    this.stmts.setPassword.run(hash, id);
  }

  setQuota(id: number, bytes: number | undefined): void {
    this.stmts.setQuota.run(bytes ?? null, id);
  }

  setRole(id: number, role: Role): void {
    this.stmts.setRole.run(role, id);
  }

  setDisabled(id: number, disabled: boolean): void {
    this.stmts.setDisabled.run(disabled ? 1 : 0, id);
  }

  delete(id: number): void {
    this.stmts.delete.run(id);
  }
}
