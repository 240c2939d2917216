/** The network this node belongs to, the peers it knows, and the invites it issued. */
import type { Db } from './db.js';

export interface NetworkRow {
  networkId: string;
  descriptor: string;
  membership: string;
  gatewayList: string | undefined;
  joinedAt: number;
  /** The role this node asks for; undefined: the role its membership allows. */
  requestedRole?: string | undefined;
  /** JSON array of the multiaddrs other homes reach this node at. */
  publicAddrs?: string | undefined;
}

export interface PeerRow {
  nodeId: string;
  membership: string | undefined;
  peerRecord: string | undefined;
  recordSeq: number | undefined;
  revokedAt: number | undefined;
  lastSeen: number | undefined;
}

export interface InviteRow {
  id: string;
  secretHash: string;
  role: string;
  expiresAt: number;
  usesLeft: number;
  createdAt: number;
  /** The admin-signed invite record, handed on to gateways (its revocation, once revoked). */
  record: string | undefined;
  revokedAt?: number | undefined;
}

type Nullable<T> = { [K in keyof T]: undefined extends T[K] ? Exclude<T[K], undefined> | null : T[K] };

function withoutNulls<T>(row: Nullable<T>): T {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v ?? undefined])) as T;
}

const INVITE_COLUMNS =
  'id, secret_hash AS secretHash, role, expires_at AS expiresAt, uses_left AS usesLeft, created_at AS createdAt, record, revoked_at AS revokedAt';

const PEER_COLUMNS =
  'node_id AS nodeId, membership, peer_record AS peerRecord, record_seq AS recordSeq, revoked_at AS revokedAt, last_seen AS lastSeen';

export class NetworkRepo {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      get: db.prepare(
        `SELECT network_id AS networkId, descriptor, membership, gateway_list AS gatewayList, joined_at AS joinedAt,
         requested_role AS requestedRole, public_addrs AS publicAddrs FROM network WHERE id = 1`,
      ),
      insert: db.prepare(
        'INSERT INTO network (id, network_id, descriptor, membership, gateway_list, joined_at, public_addrs) VALUES (1, ?, ?, ?, ?, ?, ?)',
      ),
      setGatewayList: db.prepare('UPDATE network SET gateway_list = ? WHERE id = 1'),
      setMembership: db.prepare('UPDATE network SET membership = ? WHERE id = 1'),
      setRequest: db.prepare('UPDATE network SET requested_role = ?, public_addrs = coalesce(?, public_addrs) WHERE id = 1'),
      peer: db.prepare(`SELECT ${PEER_COLUMNS} FROM network_peers WHERE node_id = ?`),
      peers: db.prepare(`SELECT ${PEER_COLUMNS} FROM network_peers ORDER BY node_id`),
      upsertMember: db.prepare(
        `INSERT INTO network_peers (node_id, membership, last_seen) VALUES (?, ?, ?)
         ON CONFLICT (node_id) DO UPDATE SET membership = excluded.membership, last_seen = excluded.last_seen`,
      ),
      upsertRecord: db.prepare(
        `INSERT INTO network_peers (node_id, peer_record, record_seq) VALUES (?, ?, ?)
         ON CONFLICT (node_id) DO UPDATE SET peer_record = excluded.peer_record, record_seq = excluded.record_seq`,
      ),
      // Uses that other gateways reported before the record itself arrived count against it. A
      // held invite changes only by being revoked; the uses counted so far are kept.
      insertInvite: db.prepare(
        `INSERT INTO network_invites (id, secret_hash, role, expires_at, uses_left, created_at, record, revoked_at)
         VALUES (@id, @secretHash, @role, @expiresAt, max(0, @usesLeft - (SELECT count(*) FROM network_invite_uses WHERE invite_id = @id)), @createdAt, @record, @revokedAt)
         ON CONFLICT (id) DO UPDATE SET revoked_at = excluded.revoked_at, record = excluded.record
         WHERE excluded.revoked_at IS NOT NULL AND network_invites.revoked_at IS NULL`,
      ),
      invite: db.prepare(`SELECT ${INVITE_COLUMNS} FROM network_invites WHERE id = ?`),
      invites: db.prepare(`SELECT ${INVITE_COLUMNS} FROM network_invites ORDER BY created_at DESC, id LIMIT ?`),
      // Revocations travel until the invite would have expired anyway.
      liveInviteRecords: db.prepare(
        `SELECT record FROM network_invites WHERE record IS NOT NULL AND (uses_left > 0 OR revoked_at IS NOT NULL)
         AND (expires_at = 0 OR expires_at > ?)`,
      ),
      insertUse: db.prepare('INSERT INTO network_invite_uses (invite_id, node_id, admitted_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
      hasUse: db.prepare('SELECT 1 FROM network_invite_uses WHERE invite_id = ? AND node_id = ?'),
      revoke: db.prepare(
        `INSERT INTO network_peers (node_id, revoked_at, revocation) VALUES (?, ?, ?)
         ON CONFLICT (node_id) DO UPDATE SET revoked_at = excluded.revoked_at, revocation = excluded.revocation`,
      ),
      revocations: db.prepare('SELECT revocation FROM network_peers WHERE revocation IS NOT NULL'),
      seen: db.prepare('UPDATE network_peers SET last_seen = ? WHERE node_id = ?'),
      useInvite: db.prepare('UPDATE network_invites SET uses_left = uses_left - 1 WHERE id = ? AND uses_left > 0'),
    };
  }

  get(): NetworkRow | undefined {
    const row = this.stmts.get.get() as Nullable<NetworkRow> | undefined;
    return row === undefined ? undefined : withoutNulls(row);
  }

  create(row: NetworkRow): void {
    this.stmts.insert.run(row.networkId, row.descriptor, row.membership, row.gatewayList ?? null, row.joinedAt, row.publicAddrs ?? null);
  }

  setGatewayList(json: string): void {
    this.stmts.setGatewayList.run(json);
  }

  /** Replaces this node's own membership (an admin granted it another role). */
  setMembership(json: string): void {
    this.stmts.setMembership.run(json);
  }

  /** The role this node asks for, and (when given) the addresses it is reachable at. */
  setRequest(role: string, publicAddrs: string | undefined): void {
    this.stmts.setRequest.run(role, publicAddrs ?? null);
  }

  peer(nodeId: string): PeerRow | undefined {
    const row = this.stmts.peer.get(nodeId) as Nullable<PeerRow> | undefined;
    return row === undefined ? undefined : withoutNulls(row);
  }

  peers(): PeerRow[] {
    return (this.stmts.peers.all() as Nullable<PeerRow>[]).map((row) => withoutNulls(row));
  }

  recordMember(nodeId: string, membership: string, seenAt: number): void {
    this.stmts.upsertMember.run(nodeId, membership, seenAt);
  }

  recordPeerRecord(nodeId: string, record: string, seq: number): void {
    this.stmts.upsertRecord.run(nodeId, record, seq);
  }

  /** When this node last had a verified connection to a member. */
  noteSeen(nodeId: string, at: number): void {
    this.stmts.seen.run(at, nodeId);
  }

  revoke(nodeId: string, at: number, revocation: string): void {
    this.stmts.revoke.run(nodeId, at, revocation);
  }

  /** Every signed revocation this node holds, as stored. */
  revocations(): string[] {
    return (this.stmts.revocations.all() as { revocation: string }[]).map((r) => r.revocation);
  }

  /** Stores an invite unless it is already held: then only a revocation changes it (its count of uses left is kept). */
  addInvite(row: InviteRow): void {
    const { id, secretHash, role, expiresAt, usesLeft, createdAt } = row;
    this.stmts.insertInvite.run({ id, secretHash, role, expiresAt, usesLeft, createdAt, record: row.record ?? null, revokedAt: row.revokedAt ?? null });
  }

  invite(id: string): InviteRow | undefined {
    const row = this.stmts.invite.get(id) as Nullable<InviteRow> | undefined;
    return row === undefined ? undefined : withoutNulls(row);
  }

  /** The invites held (issued here or handed on by an admin), newest first. */
  invites(limit: number): InviteRow[] {
    return (this.stmts.invites.all(limit) as Nullable<InviteRow>[]).map((row) => withoutNulls(row));
  }

  /** Signed records of the invites that can still admit someone, to hand on to gateways. */
  liveInviteRecords(now: number): string[] {
    return (this.stmts.liveInviteRecords.all(now) as { record: string }[]).map((r) => r.record);
  }

  /** Whether `node` was already admitted with the invite (a retried join uses no second use). */
  hasInviteUse(inviteId: string, node: string): boolean {
    return this.stmts.hasUse.get(inviteId, node) !== undefined;
  }

  /** Takes one use of an invite to admit `node`; false when none is left. */
  takeInviteUse(inviteId: string, node: string, at: number): boolean {
    if (this.stmts.useInvite.run(inviteId).changes === 0) return false;
    this.stmts.insertUse.run(inviteId, node, at);
    return true;
  }

  /** Counts an admission another gateway made, once however often it is reported. */
  noteInviteUse(inviteId: string, node: string, at: number): void {
    if (this.stmts.insertUse.run(inviteId, node, at).changes === 1) this.stmts.useInvite.run(inviteId);
  }
}
