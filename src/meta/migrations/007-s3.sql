-- The S3 door: access keys, per-version object attributes, multipart uploads, bucket
-- notifications and their delivery outbox.

-- Access keys for AWS Signature V4. SigV4 needs the secret itself on the server, so it is kept
-- sealed (AES-256-GCM, with a key that lives in the data directory, not in the database).
CREATE TABLE s3_keys (
  id INTEGER PRIMARY KEY,
  access_key_id TEXT NOT NULL UNIQUE,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  sealed_secret BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER
) STRICT;
CREATE INDEX s3_keys_user ON s3_keys (user_id);

-- What S3 clients expect of an object beyond its bytes, per file version (file uid + manifest):
-- the ETag (MD5 hex, or md5-of-md5s-N for multipart), Content-Type and x-amz-meta-* headers.
CREATE TABLE s3_object_attrs (
  file_uid TEXT NOT NULL,
  manifest BLOB NOT NULL,
  etag TEXT NOT NULL,
  content_type TEXT,
  user_meta TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (file_uid, manifest)
) STRICT;

-- Multipart uploads in progress. Each part holds one reference on its manifest (so its chunks
-- stay out of the garbage collector's reach) until the upload is completed or aborted.
CREATE TABLE s3_uploads (
  id INTEGER PRIMARY KEY,
  upload_id TEXT NOT NULL UNIQUE,
  pool_id INTEGER NOT NULL REFERENCES pools (id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  user_id INTEGER,
  content_type TEXT,
  user_meta TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX s3_uploads_pool ON s3_uploads (pool_id, path);

CREATE TABLE s3_upload_parts (
  upload INTEGER NOT NULL REFERENCES s3_uploads (id) ON DELETE CASCADE,
  part_number INTEGER NOT NULL,
  manifest BLOB NOT NULL,
  size INTEGER NOT NULL,
  etag TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (upload, part_number)
) STRICT;

-- Bucket notification configuration: one webhook target per row.
CREATE TABLE s3_notify_targets (
  id INTEGER PRIMARY KEY,
  pool_id INTEGER NOT NULL REFERENCES pools (id) ON DELETE CASCADE,
  config_id TEXT NOT NULL,
  url TEXT NOT NULL,
  events TEXT NOT NULL,
  prefix TEXT NOT NULL DEFAULT '',
  suffix TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX s3_notify_targets_pool ON s3_notify_targets (pool_id);

-- Events waiting for delivery (at least once): written in the transaction of the change itself,
-- removed once the target answered 2xx; retried with exponential backoff until then.
CREATE TABLE s3_outbox (
  id INTEGER PRIMARY KEY,
  url TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at INTEGER NOT NULL,
  last_error TEXT
) STRICT;
CREATE INDEX s3_outbox_due ON s3_outbox (next_at);
