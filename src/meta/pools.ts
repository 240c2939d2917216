/** Pools, their members and their byte counters. */
import type { Statement } from 'better-sqlite3';
import type { Db } from './db.js';

export type PoolKind = 'home' | 'shared';
export type MemberRole = 'owner' | 'writer' | 'reader';

export interface Pool {
  id: number;
  uid: string;
  name: string;
  kind: PoolKind;
  ownerId: number | undefined;
  createdAt: number;
  deletedAt: number | undefined;
  trashRetentionDays: number | undefined;
  filesBytes: number;
  versionsBytes: number;
  trashBytes: number;
  /** How this node holds the pool when it is shared on the network; undefined: local only. */
  subscription: Subscription | undefined;
  /** Full copies the network should keep; undefined: not shared. */
  copies: number | undefined;
}

export type Subscription = 'mirror' | 'replica';

interface PoolRow {
  id: number;
  uid: string;
  name: string;
  kind: PoolKind;
  owner_id: number | null;
  created_at: number;
  deleted_at: number | null;
  trash_retention_days: number | null;
  files_bytes: number;
  versions_bytes: number;
  trash_bytes: number;
  subscription: Subscription | null;
  copies: number | null;
}

const COLUMNS =
  'id, uid, name, kind, owner_id, created_at, deleted_at, trash_retention_days, files_bytes, versions_bytes, trash_bytes, subscription, copies';

const toPool = (r: PoolRow): Pool => ({
  id: r.id,
  uid: r.uid,
  name: r.name,
  kind: r.kind,
  ownerId: r.owner_id ?? undefined,
  createdAt: r.created_at,
  deletedAt: r.deleted_at ?? undefined,
  trashRetentionDays: r.trash_retention_days ?? undefined,
  filesBytes: r.files_bytes,
  versionsBytes: r.versions_bytes,
  trashBytes: r.trash_bytes,
  subscription: r.subscription ?? undefined,
  copies: r.copies ?? undefined,
});

export type ByteCounter = 'files_bytes' | 'versions_bytes' | 'trash_bytes';

export class PoolRepo {
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.stmts = {
      insert: db.prepare('INSERT INTO pools (uid, name, kind, owner_id, created_at) VALUES (?, ?, ?, ?, ?)'),
      byName: db.prepare(`SELECT ${COLUMNS} FROM pools WHERE name = ? AND deleted_at IS NULL`),
      byId: db.prepare(`SELECT ${COLUMNS} FROM pools WHERE id = ?`),
      byUid: db.prepare(`SELECT ${COLUMNS} FROM pools WHERE uid = ? AND deleted_at IS NULL`),
      subscribed: db.prepare(`SELECT ${COLUMNS} FROM pools WHERE subscription IS NOT NULL AND deleted_at IS NULL ORDER BY name`),
      setSharing: db.prepare('UPDATE pools SET subscription = ?, copies = ? WHERE id = ?'),
      all: db.prepare(`SELECT ${COLUMNS} FROM pools WHERE deleted_at IS NULL ORDER BY name`),
      deleted: db.prepare(`SELECT ${COLUMNS} FROM pools WHERE deleted_at IS NOT NULL ORDER BY deleted_at DESC`),
      forUser: db.prepare(
        `SELECT ${COLUMNS.split(', ').map((c) => `p.${c}`).join(', ')} FROM pools p
         JOIN pool_members m ON m.pool_id = p.id WHERE m.user_id = ? AND p.deleted_at IS NULL ORDER BY p.name`,
      ),
      rename: db.prepare('UPDATE pools SET name = ? WHERE id = ?'),
      setDeleted: db.prepare('UPDATE pools SET deleted_at = ? WHERE id = ?'),
      purge: db.prepare('DELETE FROM pools WHERE id = ?'),
      setTrashRetention: db.prepare('UPDATE pools SET trash_retention_days = ? WHERE id = ?'),
      addMember: db.prepare(
        `INSERT INTO pool_members (pool_id, user_id, role) VALUES (?, ?, ?)
         ON CONFLICT (pool_id, user_id) DO UPDATE SET role = excluded.role`,
      ),
      memberRole: db.prepare('SELECT role FROM pool_members WHERE pool_id = ? AND user_id = ?'),
      homeOf: db.prepare(`SELECT ${COLUMNS} FROM pools WHERE kind = 'home' AND owner_id = ? AND deleted_at IS NULL`),
      usageOf: db.prepare(
        `SELECT coalesce(sum(files_bytes), 0) AS files, coalesce(sum(versions_bytes), 0) AS versions,
                coalesce(sum(trash_bytes), 0) AS trash
         FROM pools WHERE owner_id = ? AND deleted_at IS NULL`,
      ),
    };
  }

  insert(p: { uid: string; name: string; kind: PoolKind; ownerId?: number; createdAt: number }): number {
    return Number(this.stmts.insert.run(p.uid, p.name, p.kind, p.ownerId ?? null, p.createdAt).lastInsertRowid);
  }

  byName(name: string): Pool | undefined {
    const row = this.stmts.byName.get(name) as PoolRow | undefined;
    return row && toPool(row);
  }

  byId(id: number): Pool | undefined {
    const row = this.stmts.byId.get(id) as PoolRow | undefined;
    return row && toPool(row);
  }

  byUid(uid: string): Pool | undefined {
    const row = this.stmts.byUid.get(uid) as PoolRow | undefined;
    return row && toPool(row);
  }

  /** Live pools this node replicates with its network. */
  subscribed(): Pool[] {
    return (this.stmts.subscribed.all() as PoolRow[]).map(toPool);
  }

  setSharing(id: number, subscription: Subscription, copies: number | undefined): void {
    this.stmts.setSharing.run(subscription, copies ?? null, id);
  }

  all(): Pool[] {
    return (this.stmts.all.all() as PoolRow[]).map(toPool);
  }

  deleted(): Pool[] {
    return (this.stmts.deleted.all() as PoolRow[]).map(toPool);
  }

  forUser(userId: number): Pool[] {
    return (this.stmts.forUser.all(userId) as PoolRow[]).map(toPool);
  }

  homeOf(userId: number): Pool | undefined {
    const row = this.stmts.homeOf.get(userId) as PoolRow | undefined;
    return row && toPool(row);
  }

  rename(id: number, name: string): void {
    this.stmts.rename.run(name, id);
  }

  setDeleted(id: number, at: number | undefined): void {
    this.stmts.setDeleted.run(at ?? null, id);
  }

  purge(id: number): void {
    this.stmts.purge.run(id);
  }

  setTrashRetention(id: number, days: number | undefined): void {
    this.stmts.setTrashRetention.run(days ?? null, id);
  }

  addMember(poolId: number, userId: number, role: MemberRole): void {
    this.stmts.addMember.run(poolId, userId, role);
  }

  memberRole(poolId: number, userId: number): MemberRole | undefined {
    return (this.stmts.memberRole.get(poolId, userId) as { role: MemberRole } | undefined)?.role;
  }

  /** Adds `delta` bytes to one of a pool's counters, in the caller's transaction. */
  addBytes(poolId: number, counter: ByteCounter, delta: number): void {
    if (delta === 0) return;
    // The column name comes from the ByteCounter union, never from input.
    this.counterStmt(counter).run(delta, poolId);
  }

  usageOf(userId: number): { files: number; versions: number; trash: number } {
    return this.stmts.usageOf.get(userId) as { files: number; versions: number; trash: number };
  }

  private readonly counterStmts = new Map<ByteCounter, Statement<unknown[]>>();

  private counterStmt(counter: ByteCounter): Statement<unknown[]> {
    let stmt = this.counterStmts.get(counter);
    if (!stmt) {
      stmt = this.db.prepare(`UPDATE pools SET ${counter} = ${counter} + ? WHERE id = ?`);
      this.counterStmts.set(counter, stmt);
    }
    return stmt;
  }
}
