/** Replication bookkeeping: per pool, how far this node has every origin's records; pools shared on the network. */
import type { Db } from './db.js';

export class SyncRepo {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      progress: db.prepare('SELECT origin, max_seq AS seq FROM sync_progress WHERE pool_id = ?'),
      raise: db.prepare(
        `INSERT INTO sync_progress (pool_id, origin, max_seq) VALUES (?, ?, ?)
         ON CONFLICT (pool_id, origin) DO UPDATE SET max_seq = max(max_seq, excluded.max_seq)`,
      ),
      upsertPool: db.prepare(
        'INSERT INTO network_pools (uid, name, descriptor) VALUES (?, ?, ?) ON CONFLICT (uid) DO UPDATE SET name = excluded.name, descriptor = excluded.descriptor',
      ),
      pools: db.prepare('SELECT uid, name, descriptor FROM network_pools ORDER BY name'),
      poolByName: db.prepare('SELECT uid, name, descriptor FROM network_pools WHERE name = ?'),
      poolByUid: db.prepare('SELECT uid, name, descriptor FROM network_pools WHERE uid = ?'),
    };
  }

  /** Origins' sequence numbers up to which this node holds every record of the pool. */
  progress(poolId: number): Map<string, number> {
    const rows = this.stmts.progress.all(poolId) as { origin: string; seq: number }[];
    return new Map(rows.map((r) => [r.origin, r.seq]));
  }

  raise(poolId: number, origin: string, seq: number): void {
    this.stmts.raise.run(poolId, origin, seq);
  }

  recordNetworkPool(uid: string, name: string, descriptor: string): void {
    this.stmts.upsertPool.run(uid, name, descriptor);
  }

  networkPools(): NetworkPoolRow[] {
    return this.stmts.pools.all() as NetworkPoolRow[];
  }

  networkPoolByName(name: string): NetworkPoolRow | undefined {
    return this.stmts.poolByName.get(name) as NetworkPoolRow | undefined;
  }

  networkPoolByUid(uid: string): NetworkPoolRow | undefined {
    return this.stmts.poolByUid.get(uid) as NetworkPoolRow | undefined;
  }
}

export interface NetworkPoolRow {
  uid: string;
  name: string;
  descriptor: string;
}
