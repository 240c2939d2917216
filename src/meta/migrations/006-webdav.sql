-- Dead properties (RFC 4918 §4): what WebDAV clients store on a file or folder with PROPPATCH.
-- Keyed by the file uid, so they follow a move or rename, stay with a file through an overwrite,
-- and come back with it from the trash. value is an XML fragment, each element carrying its own
-- namespace declaration, so it can be written back inside any document.
CREATE TABLE dead_properties (
  file_uid TEXT NOT NULL,
  namespace TEXT NOT NULL,
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (file_uid, namespace, name)
) STRICT;

-- WebDAV write locks (RFC 4918 §6), kept so that a client's lock outlives a restart of the node:
-- its next write still carries the token, and must still find the lock. Expired rows are deleted
-- when the node starts.
CREATE TABLE webdav_locks (
  token TEXT PRIMARY KEY,
  pool TEXT NOT NULL,
  path TEXT NOT NULL,
  root_is_collection INTEGER NOT NULL,
  depth TEXT NOT NULL CHECK (depth IN ('0', 'infinity')),
  scope TEXT NOT NULL CHECK (scope IN ('exclusive', 'shared')),
  owner TEXT NOT NULL,
  principal TEXT NOT NULL,
  timeout_seconds INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;
