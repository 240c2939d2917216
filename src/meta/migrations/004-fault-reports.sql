-- Peers that send corrupt data. Reports are kept as the signed JSON they travel in, so a gateway
-- can hand them on and anyone can check them again.

-- Reports this node made that no gateway has acknowledged yet: sent when a gateway connects.
CREATE TABLE fault_reports_outbox (
  id         INTEGER PRIMARY KEY,
  offender   TEXT NOT NULL,
  report     TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

-- On a gateway: the latest verified report of each member about each offender.
CREATE TABLE fault_reports (
  offender    TEXT NOT NULL,
  reporter    TEXT NOT NULL,
  report      TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  PRIMARY KEY (offender, reporter)
) STRICT, WITHOUT ROWID;

-- The latest block notice held about each node (a gateway's block, or an admin's lift); members
-- refuse a blocked node's connections and no one hands out its address.
CREATE TABLE network_blocks (
  node_id TEXT PRIMARY KEY,
  blocked INTEGER NOT NULL CHECK (blocked IN (0, 1)),
  at      INTEGER NOT NULL,
  notice  TEXT NOT NULL
) STRICT;
