-- A user's favorite files and folders. Kept by file uid, so a favorite follows its file when it is
-- renamed or moved within its pool; one whose file is gone is simply not listed.
CREATE TABLE favorites (
  user_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  pool_id  INTEGER NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
  file_uid TEXT NOT NULL,
  added_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, pool_id, file_uid)
) STRICT, WITHOUT ROWID;

-- Recent files: the latest writes across the pools a user reads.
CREATE INDEX events_by_type ON events (type, seq);
