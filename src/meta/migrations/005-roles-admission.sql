-- Roles set by configuration, and admission through any gateway.
-- requested_role: the role this node asks for (`kith role set`); NULL = what its membership allows.
-- public_addrs: JSON array of the multiaddrs other homes reach this node at, if it was given one.
ALTER TABLE network ADD COLUMN requested_role TEXT;
ALTER TABLE network ADD COLUMN public_addrs TEXT;

-- The admin-signed invite record, handed on to every gateway so that any of them can admit. NULL
-- for an invite issued before records existed: only its issuer can admit with it.
ALTER TABLE network_invites ADD COLUMN record TEXT;

-- Which nodes joined with which invite, as this node admitted them or heard from other gateways.
-- uses_left is decremented once per new row, so each node counts an admission once.
CREATE TABLE network_invite_uses (
  invite_id TEXT NOT NULL,
  node_id TEXT NOT NULL,
  admitted_at INTEGER NOT NULL,
  PRIMARY KEY (invite_id, node_id)
) STRICT;
