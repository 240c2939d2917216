-- Share links: a capability to one file or folder of a pool, for people without an account.
-- 'download' links show the item (a folder is browsed); 'drop' links only take uploads into a
-- folder and show nothing; 'feed' links give the folder's activity as an Atom feed. A link acts with its creator's rights: it stops working when the
-- creator loses access, is disabled or removed.
CREATE TABLE share_links (
  id               INTEGER PRIMARY KEY,
  -- The secret part of the URL. Kept (not hashed) so the link manager can show the link again.
  token            TEXT NOT NULL UNIQUE,
  kind             TEXT NOT NULL CHECK (kind IN ('download', 'drop', 'feed')),
  pool_id          INTEGER NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
  path             TEXT NOT NULL,
  -- NULL: the node's own administrator (the local CLI).
  created_by       INTEGER REFERENCES users(id) ON DELETE CASCADE,
  created_at       INTEGER NOT NULL,
  -- ms since epoch; NULL: never.
  expires_at       INTEGER,
  -- scrypt, as user passwords; NULL: no password.
  password_hash    TEXT,
  max_downloads    INTEGER,
  downloads        INTEGER NOT NULL DEFAULT 0,
  -- drop links: the largest file one upload may bring.
  max_upload_bytes INTEGER,
  uploads          INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX share_links_by_creator ON share_links (created_by);
