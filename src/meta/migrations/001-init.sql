-- Kith metadata, version 1. Times are Unix milliseconds. Hashes are raw 32-byte SHA-256 BLOBs:
-- half the size of hex text, which matters for the chunk index of a large store on a small node.

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  role          TEXT NOT NULL CHECK (role IN ('admin', 'user')),
  password_hash TEXT,
  quota_bytes   INTEGER,
  disabled      INTEGER NOT NULL DEFAULT 0,
  created_at    INTEGER NOT NULL
);

-- Session cookies and API tokens are stored only as SHA-256 hashes: a leaked database
-- does not leak working credentials.
CREATE TABLE sessions (
  id           INTEGER PRIMARY KEY,
  secret_hash  BLOB NOT NULL UNIQUE,
  user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  user_agent   TEXT,
  address      TEXT
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE tokens (
  id           INTEGER PRIMARY KEY,
  secret_hash  BLOB NOT NULL UNIQUE,
  user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  label        TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  last_used_at INTEGER,
  UNIQUE (user_id, label)
);

CREATE TABLE pools (
  id                   INTEGER PRIMARY KEY,
  uid                  TEXT NOT NULL UNIQUE,
  name                 TEXT NOT NULL,
  kind                 TEXT NOT NULL CHECK (kind IN ('home', 'shared')),
  owner_id             INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at           INTEGER NOT NULL,
  deleted_at           INTEGER,
  -- NULL: the node's default applies.
  trash_retention_days REAL,
  -- Byte counters kept in the same transactions as the rows they sum, for quota checks.
  files_bytes          INTEGER NOT NULL DEFAULT 0,
  versions_bytes       INTEGER NOT NULL DEFAULT 0,
  trash_bytes          INTEGER NOT NULL DEFAULT 0
);
-- A name is unique among live pools; a deleted pool keeps its name until purged or restored.
CREATE UNIQUE INDEX pools_live_name ON pools(name) WHERE deleted_at IS NULL;

CREATE TABLE pool_members (
  pool_id INTEGER NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role    TEXT NOT NULL CHECK (role IN ('owner', 'writer', 'reader')),
  PRIMARY KEY (pool_id, user_id)
) WITHOUT ROWID;

-- Content: a manifest lists chunks; references count manifests, and a manifest counts its chunks
-- once. A copy of a file adds one manifest reference, whatever its size.
CREATE TABLE manifests (
  hash   BLOB PRIMARY KEY,
  size   INTEGER NOT NULL,
  chunks BLOB NOT NULL,
  refs   INTEGER NOT NULL CHECK (refs >= 0)
) WITHOUT ROWID;

CREATE TABLE chunks (
  hash       BLOB PRIMARY KEY,
  size       INTEGER NOT NULL,
  refs       INTEGER NOT NULL CHECK (refs >= 0),
  -- When refs last reached zero: the garbage collector waits a grace period after it.
  zero_since INTEGER,
  -- The bytes of a small file's only chunk, kept here instead of in a chunk file: they become
  -- durable with the same commit as the file record, without an fsync of their own.
  data       BLOB
);
CREATE INDEX chunks_unreferenced ON chunks(zero_since) WHERE refs = 0;

-- The current record of every path in a pool, tombstones included (deleted = 1) so that
-- replication can tell "deleted" from "never seen".
CREATE TABLE entries (
  id          INTEGER PRIMARY KEY,
  pool_id     INTEGER NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
  path        TEXT NOT NULL,
  parent      TEXT NOT NULL,
  name        TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('file', 'dir')),
  -- Stable across renames: versions follow the file.
  file_uid    TEXT NOT NULL,
  size        INTEGER NOT NULL DEFAULT 0,
  mtime       INTEGER NOT NULL,
  manifest    BLOB REFERENCES manifests(hash),
  vv          TEXT NOT NULL,
  author_user TEXT,
  author_node TEXT NOT NULL,
  deleted     INTEGER NOT NULL DEFAULT 0,
  updated_at  INTEGER NOT NULL,
  UNIQUE (pool_id, path)
);
CREATE INDEX entries_listing ON entries(pool_id, parent, name) WHERE deleted = 0;
CREATE INDEX entries_file ON entries(pool_id, file_uid) WHERE deleted = 0;

CREATE TABLE versions (
  id          INTEGER PRIMARY KEY,
  pool_id     INTEGER NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
  file_uid    TEXT NOT NULL,
  path        TEXT NOT NULL,
  size        INTEGER NOT NULL,
  mtime       INTEGER NOT NULL,
  manifest    BLOB NOT NULL REFERENCES manifests(hash),
  vv          TEXT NOT NULL,
  author_user TEXT,
  author_node TEXT NOT NULL,
  -- When this content stopped being current.
  replaced_at INTEGER NOT NULL
);
CREATE INDEX versions_file ON versions(pool_id, file_uid, mtime);

-- A deleted file or folder is one trash item; a folder's content is kept beside it.
CREATE TABLE trash (
  id            INTEGER PRIMARY KEY,
  pool_id       INTEGER NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
  original_path TEXT NOT NULL,
  kind          TEXT NOT NULL CHECK (kind IN ('file', 'dir')),
  size          INTEGER NOT NULL,
  deleted_at    INTEGER NOT NULL,
  deleted_by    TEXT
);
CREATE INDEX trash_pool ON trash(pool_id, deleted_at);

CREATE TABLE trash_entries (
  trash_id INTEGER NOT NULL REFERENCES trash(id) ON DELETE CASCADE,
  -- Relative to the trashed item; '' for the item itself.
  rel_path TEXT NOT NULL,
  kind     TEXT NOT NULL CHECK (kind IN ('file', 'dir')),
  file_uid TEXT NOT NULL,
  size     INTEGER NOT NULL,
  mtime    INTEGER NOT NULL,
  manifest BLOB REFERENCES manifests(hash),
  PRIMARY KEY (trash_id, rel_path)
) WITHOUT ROWID;

-- The durable log of every change, in commit order. Later consumers (sync, webhooks, activity,
-- search) keep their own cursor on seq.
CREATE TABLE events (
  -- Never deleted from the end, so plain rowids already grow monotonically (no AUTOINCREMENT cost).
  seq      INTEGER PRIMARY KEY,
  at       INTEGER NOT NULL,
  pool_id  INTEGER,
  type     TEXT NOT NULL,
  path     TEXT,
  actor    TEXT,
  detail   TEXT
);
CREATE INDEX events_pool ON events(pool_id, seq);
