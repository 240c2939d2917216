/** The network this node belongs to, the peers it knows, and the invites it issued. */
import type { Db } from './db.js';

export interface NetworkRow {
  networkId: string;
  descriptor: string;
  membership: string;
  gatewayList: string | undefined;
  joinedAt: number;
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
}

type Nullable<T> = { [K in keyof T]: undefined extends T[K] ? Exclude<T[K], undefined> | null : T[K] };

function withoutNulls<T>(row: Nullable<T>): T {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v ?? undefined])) as T;
}

const PEER_COLUMNS =
  'node_id AS nodeId, membership, peer_record AS peerRecord, record_seq AS recordSeq, revoked_at AS revokedAt, last_seen AS lastSeen';

export class NetworkRepo {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      get: db.prepare(
        'SELECT network_id AS networkId, descriptor, membership, gateway_list AS gatewayList, joined_at AS joinedAt FROM network WHERE id = 1',
      ),
      insert: db.prepare(
        'INSERT INTO network (id, network_id, descriptor, membership, gateway_list, joined_at) VALUES (1, ?, ?, ?, ?, ?)',
      ),
      setGatewayList: db.prepare('UPDATE network SET gateway_list = ? WHERE id = 1'),
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
      insertInvite: db.prepare(
        'INSERT INTO network_invites (id, secret_hash, role, expires_at, uses_left, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      invite: db.prepare(
        'SELECT id, secret_hash AS secretHash, role, expires_at AS expiresAt, uses_left AS usesLeft, created_at AS createdAt FROM network_invites WHERE id = ?',
      ),
      revoke: db.prepare(
        `INSERT INTO network_peers (node_id, revoked_at, revocation) VALUES (?, ?, ?)
         ON CONFLICT (node_id) DO UPDATE SET revoked_at = excluded.revoked_at, revocation = excluded.revocation`,
      ),
      revocations: db.prepare('SELECT revocation FROM network_peers WHERE revocation IS NOT NULL'),
      useInvite: db.prepare('UPDATE network_invites SET uses_left = uses_left - 1 WHERE id = ? AND uses_left > 0'),
    };
  }

  get(): NetworkRow | undefined {
    const row = this.stmts.get.get() as Nullable<NetworkRow> | undefined;
    return row === undefined ? undefined : withoutNulls(row);
  }

  create(row: NetworkRow): void {
    this.stmts.insert.run(row.networkId, row.descriptor, row.membership, row.gatewayList ?? null, row.joinedAt);
  }

  setGatewayList(json: string): void {
    this.stmts.setGatewayList.run(json);
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

  revoke(nodeId: string, at: number, revocation: string): void {
    this.stmts.revoke.run(nodeId, at, revocation);
  }

  /** Every signed revocation this node holds, as stored. */
  revocations(): string[] {
    return (this.stmts.revocations.all() as { revocation: string }[]).map((r) => r.revocation);
  }

  addInvite(row: InviteRow): void {
    this.stmts.insertInvite.run(row.id, row.secretHash, row.role, row.expiresAt, row.usesLeft, row.createdAt);
  }

  invite(id: string): InviteRow | undefined {
    return this.stmts.invite.get(id) as InviteRow | undefined;
  }

  /** Takes one use of an invite; false when none is left. */
  useInvite(id: string): boolean {
    return this.stmts.useInvite.run(id).changes === 1;
  }
}
