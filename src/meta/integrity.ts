/**
 * Queries for `kith check`: recount every reference from scratch and compare with the stored
 * counts. Counting happens in SQLite temp tables, so memory stays flat however large the store.
 */
import { decodeManifest } from '../store/index.js';
import type { Db } from './db.js';

const PAGE = 1000;

export interface RefMismatch {
  hash: string;
  stored: number;
  actual: number;
}

export interface ContentUser {
  poolId: number;
  path: string;
  where: 'file' | 'version' | 'trash';
}

export class IntegrityQueries {
  constructor(private readonly db: Db) {}

  /** Manifests whose stored count differs from the references that exist (missing manifests: stored -1). */
  manifestMismatches(): RefMismatch[] {
    this.db.exec(`
      DROP TABLE IF EXISTS temp.manifest_refs;
      CREATE TEMP TABLE manifest_refs AS
        SELECT hash, count(*) AS n FROM (
          SELECT manifest AS hash FROM entries WHERE deleted = 0 AND kind = 'file' AND manifest IS NOT NULL
          UNION ALL SELECT manifest FROM versions
          UNION ALL SELECT manifest FROM trash_entries WHERE manifest IS NOT NULL
          UNION ALL SELECT manifest FROM s3_upload_parts
        ) GROUP BY hash;
      CREATE INDEX temp.manifest_refs_hash ON manifest_refs(hash);`);
    return this.compareCounts('manifests', 'manifest_refs');
  }

  /** Chunks whose stored count differs from the listings in stored manifests (missing rows: stored -1). */
  chunkMismatches(): RefMismatch[] {
    this.db.exec(`
      DROP TABLE IF EXISTS temp.chunk_refs;
      CREATE TEMP TABLE chunk_refs (hash BLOB PRIMARY KEY, size INTEGER, n INTEGER) WITHOUT ROWID;`);
    const add = this.db.prepare(
      'INSERT INTO temp.chunk_refs (hash, size, n) VALUES (?, ?, 1) ON CONFLICT (hash) DO UPDATE SET n = n + 1',
    );
    // Pages, not one open cursor: better-sqlite3 cannot write while a cursor is open.
    for (const page of this.manifestPages()) {
      this.db.transaction(() => {
        for (const m of page) for (const c of decodeManifest(m.chunks)) add.run(Buffer.from(c.hash, 'hex'), c.size);
      })();
    }
    return this.compareCounts('chunks', 'chunk_refs');
  }

  /** Rows of `table` whose `refs` differ from the recount in `temp.<recount>`, and recounted hashes with no row. */
  private compareCounts(table: 'manifests' | 'chunks', recount: 'manifest_refs' | 'chunk_refs'): RefMismatch[] {
    const rows = this.db
      .prepare(
        `SELECT t.hash, t.refs AS stored, coalesce(r.n, 0) AS actual FROM ${table} t
           LEFT JOIN temp.${recount} r ON r.hash = t.hash WHERE t.refs != coalesce(r.n, 0)
         UNION ALL
         SELECT r.hash, -1, r.n FROM temp.${recount} r WHERE NOT EXISTS (SELECT 1 FROM ${table} t WHERE t.hash = r.hash)`,
      )
      .all() as { hash: Buffer; stored: number; actual: number }[];
    return rows.map((r) => ({ hash: r.hash.toString('hex'), stored: r.stored, actual: r.actual }));
  }

  /** Sets a chunk's count to what exists, creating its row if it was missing. */
  fixChunkRefs(hash: string, actual: number, now: number): void {
    const key = Buffer.from(hash, 'hex');
    const size = (this.db.prepare('SELECT size FROM temp.chunk_refs WHERE hash = ?').get(key) as { size: number } | undefined)?.size ?? 0;
    this.db
      .prepare(
        `INSERT INTO chunks (hash, size, refs, zero_since) VALUES (?, ?, ?, ?)
         ON CONFLICT (hash) DO UPDATE SET refs = excluded.refs, zero_since = excluded.zero_since`,
      )
      .run(key, size, actual, actual === 0 ? now : null);
  }

  fixManifestRefs(hash: string, actual: number): void {
    this.db.prepare('UPDATE manifests SET refs = ? WHERE hash = ?').run(actual, Buffer.from(hash, 'hex'));
  }

  /** Every chunk the database knows of, streamed. */
  *knownChunks(): Generator<{ hash: string; size: number; refs: number }> {
    // Paged, so that no cursor stays open while the caller awaits (other writes go on meanwhile).
    const page = this.db.prepare('SELECT hash, size, refs FROM chunks WHERE hash > ? ORDER BY hash LIMIT ?');
    for (let after: Buffer = Buffer.alloc(0); ; ) {
      const rows = page.all(after, PAGE) as { hash: Buffer; size: number; refs: number }[];
      for (const r of rows) yield { hash: r.hash.toString('hex'), size: r.size, refs: r.refs };
      if (rows.length < PAGE) return;
      after = rows.at(-1)!.hash;
    }
  }

  private *manifestPages(): Generator<{ hash: Buffer; chunks: Buffer }[]> {
    const page = this.db.prepare('SELECT hash, chunks FROM manifests WHERE hash > ? ORDER BY hash LIMIT ?');
    for (let after: Buffer = Buffer.alloc(0); ; ) {
      const rows = page.all(after, PAGE) as { hash: Buffer; chunks: Buffer }[];
      yield rows;
      if (rows.length < PAGE) return;
      after = rows.at(-1)!.hash;
    }
  }

  /** Where the given chunks are used: which files, versions and trash entries would be damaged. */
  usersOfChunks(hashes: ReadonlySet<string>): Map<string, ContentUser[]> {
    const out = new Map<string, ContentUser[]>();
    const byManifest = new Map<string, string[]>();
    for (const page of this.manifestPages()) {
      for (const m of page) {
        const hit = decodeManifest(m.chunks).filter((c) => hashes.has(c.hash)).map((c) => c.hash);
        if (hit.length > 0) byManifest.set(m.hash.toString('hex'), [...new Set(hit)]);
      }
    }
    const users = this.db.prepare(
      `SELECT pool_id AS poolId, path, 'file' AS kind FROM entries WHERE manifest = ? AND deleted = 0
       UNION ALL SELECT v.pool_id, coalesce((SELECT e.path FROM entries e
           WHERE e.pool_id = v.pool_id AND e.file_uid = v.file_uid AND e.deleted = 0), v.path), 'version'
         FROM versions v WHERE v.manifest = ?
       UNION ALL SELECT t.pool_id, t.original_path || CASE WHEN e.rel_path = '' THEN '' ELSE '/' || e.rel_path END, 'trash'
         FROM trash_entries e JOIN trash t ON t.id = e.trash_id WHERE e.manifest = ?`,
    );
    for (const [manifest, chunkHashes] of byManifest) {
      const key = Buffer.from(manifest, 'hex');
      const rows = users.all(key, key, key) as { poolId: number; path: string; kind: ContentUser['where'] }[];
      for (const h of chunkHashes) {
        const list = out.get(h) ?? [];
        list.push(...rows.map((r) => ({ poolId: r.poolId, path: r.path, where: r.kind })));
        out.set(h, list);
      }
    }
    return out;
  }
}
