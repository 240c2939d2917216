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
  const migrations = readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{3}-[\w-]+\.sql$/.test(f))
    .sort()
    .map((name) => ({
      version: Number(name.slice(0, 3)),
      name,
      sql: readFileSync(new URL(name, MIGRATIONS_DIR), 'utf8'),
    }));
  // Two files with one number would be applied as one: refuse rather than skip one silently.
  const twin = migrations.find((m, i) => migrations[i + 1]?.version === m.version);
  if (twin !== undefined) throw new KithError('E_INTERNAL', `two migrations are numbered ${twin.version}: rename one (${MIGRATIONS_DIR.pathname})`);
  return migrations;
}

/**
 * Applies, in order and each in its own transaction, every migration not applied yet, and records
 * each in schema_migrations. So a migration numbered below one already applied (work merged in
 * another order than it was numbered) is still applied; user_version keeps the highest applied,
 * for tools that read it. A database from before that record had every migration up to its
 * user_version.
 */
export function migrate(db: Db): void {
  const migrations = loadMigrations();
  const latest = migrations.at(-1)?.version ?? 0;
  const current = db.pragma('user_version', { simple: true }) as number;
  const newer = () => new KithError('E_INTERNAL', `database schema version ${current} is newer than this program knows (${latest}): upgrade Kith`);
  // Checked before anything is written: a newer program's database is left as it is.
  if (current > latest) throw newer();
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT');
  const applied = appliedVersions(db, migrations, current);
  const known = new Set(migrations.map((m) => m.version));
  if ([...applied].some((version) => !known.has(version))) throw newer();
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of migrations) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, Date.now());
      db.pragma(`user_version = ${Math.max(m.version, db.pragma('user_version', { simple: true }) as number)}`);
    })();
  }
}

/** The migrations applied so far; for a database older than the record, those up to user_version. */
function appliedVersions(db: Db, migrations: Migration[], current: number): Set<number> {
  const recorded = (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((row) => row.version);
  if (recorded.length > 0 || current === 0) return new Set(recorded);
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, 0)');
  const legacy = migrations.filter((m) => m.version <= current);
  db.transaction(() => legacy.forEach((m) => record.run(m.version, m.name)))();
  return new Set(legacy.map((m) => m.version));
}
