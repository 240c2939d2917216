import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { KithError } from '../core/errors.js';

export type Db = Database.Database;

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

/**
 * Opens the node's database in WAL mode, which lets readers (listings, downloads) proceed while a
 * write commits. synchronous=NORMAL: a COMMIT writes the WAL but does not fsync it, so it costs
 * microseconds and never blocks the event loop on the disk. Durability comes from CommitQueue,
 * which fsyncs the WAL file in the background after each group of commits and acknowledges them
 * only then. SQLite stays crash-consistent either way (the WAL frames are checksummed).
 */
export function openDatabase(file: string): Db {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // 8 MiB of page cache (the default is 2 MiB): enough for the hot index pages of a large pool.
  db.pragma('cache_size = -8192');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

interface Migration {
  version: number;
  name: string;
  sql: string;
}

function loadMigrations(): Migration[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{3}-[\w-]+\.sql$/.test(f))
    .sort()
    .map((name) => ({
      version: Number(name.slice(0, 3)),
      name,
      sql: readFileSync(new URL(name, MIGRATIONS_DIR), 'utf8'),
    }));
}

/** Applies, in order and each in its own transaction, the migrations newer than user_version. */
export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const migrations = loadMigrations();
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new KithError(
      'E_INTERNAL',
      `database schema version ${current} is newer than this program knows (${latest}): upgrade Kith`,
    );
  }
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}
