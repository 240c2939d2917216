-- The network this node belongs to (at most one), the members and peers it knows, and the
-- invites it issued. Records that arrive from peers are stored as the signed JSON they came in,
-- so they can be handed on and checked again by anyone.

CREATE TABLE network (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  network_id TEXT NOT NULL,
  descriptor TEXT NOT NULL,      -- NetworkDescriptor JSON; its hash is network_id
  membership TEXT NOT NULL,      -- this node's signed membership
  gateway_list TEXT,             -- latest signed gateway list
  joined_at INTEGER NOT NULL
) STRICT;

CREATE TABLE network_peers (
  node_id TEXT PRIMARY KEY,
  membership TEXT,               -- the peer's signed membership, as last verified
  peer_record TEXT,              -- the peer's signed address record
  record_seq INTEGER,
  revoked_at INTEGER,
  revocation TEXT,               -- the admin-signed revocation, handed on to every member
  last_seen INTEGER
) STRICT;

CREATE TABLE network_invites (
  id TEXT PRIMARY KEY,
  secret_hash TEXT NOT NULL,     -- SHA-256 of the secret: the database never holds a usable invite
  role TEXT NOT NULL,
  expires_at INTEGER NOT NULL,   -- ms since epoch; 0 = never
  uses_left INTEGER NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
