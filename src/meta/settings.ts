/** Small node-wide values (the setup token's hash, the node's creation time). */
import type { Db } from './db.js';

export class SettingsRepo {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      get: db.prepare('SELECT value FROM settings WHERE key = ?'),
      set: db.prepare(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      ),
      delete: db.prepare('DELETE FROM settings WHERE key = ?'),
    };
  }

  get(key: string): string | undefined {
    return (this.stmts.get.get(key) as { value: string } | undefined)?.value;
  }

  set(key: string, value: string): void {
    this.stmts.set.run(key, value);
  }

  delete(key: string): void {
    this.stmts.delete.run(key);
  }
}
