-- An admin can take an invite back before it is used up or expires. revoked_at: when (ms since
-- epoch), NULL while it stands. The record column then holds the admin-signed revocation (the
-- invite record with revokedAt set), so that gateways that were away still learn of it.
ALTER TABLE network_invites ADD COLUMN revoked_at INTEGER;
