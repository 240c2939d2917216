-- Replication. Every entry is the latest signed record of its path: the node that made it
-- (author_node, its origin), that node's sequence number for it, and the origin's signature.
-- A peer asks for the records after the sequence numbers it has seen from each origin.

ALTER TABLE entries ADD COLUMN origin_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE entries ADD COLUMN signature TEXT;
CREATE INDEX entries_origin ON entries(pool_id, author_node, origin_seq);

-- How a node holds a pool shared on its network: NULL = local only.
ALTER TABLE pools ADD COLUMN subscription TEXT CHECK (subscription IN ('mirror', 'replica'));
-- Full copies the network should keep of the pool (NULL: not shared).
ALTER TABLE pools ADD COLUMN copies INTEGER;

-- Per pool, the highest sequence number of each origin whose records this node has all of
-- (records superseded since need not be held: the newer ones are).
CREATE TABLE sync_progress (
  pool_id INTEGER NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
  origin  TEXT NOT NULL,
  max_seq INTEGER NOT NULL,
  PRIMARY KEY (pool_id, origin)
) WITHOUT ROWID;

-- Pools shared on the network, as their creators signed them: what `kith pool subscribe` finds.
CREATE TABLE network_pools (
  uid        TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  descriptor TEXT NOT NULL
) STRICT;
