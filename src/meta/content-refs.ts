/**
 * Reference counts of manifests and chunks. Callers change them inside the same transaction as
 * the row that holds the reference (a file record, a version, a trash entry), so a crash can never
 * leave a count that disagrees with the references; `kith check` recomputes them to prove it.
 */
import { decodeManifest } from '../store/index.js';
import type { Db } from './db.js';

export interface ChunkEntry {
  hash: string;
  size: number;
}

export interface ManifestRow {
  hash: string;
  size: number;
  chunks: Buffer;
  refs: number;
}

export interface UnreferencedChunk {
  hash: string;
  size: number;
}

const hex = (b: Buffer): string => b.toString('hex');
const blob = (h: string): Buffer => Buffer.from(h, 'hex');

export class ContentRefs {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      getManifest: db.prepare('SELECT hash, size, chunks, refs FROM manifests WHERE hash = ?'),
      bumpManifest: db.prepare('UPDATE manifests SET refs = refs + ? WHERE hash = ?'),
      insertManifest: db.prepare('INSERT INTO manifests (hash, size, chunks, refs) VALUES (?, ?, ?, ?)'),
      deleteManifest: db.prepare('DELETE FROM manifests WHERE hash = ?'),
      upChunk: db.prepare(
        `INSERT INTO chunks (hash, size, refs, zero_since, data) VALUES (?, ?, 1, NULL, ?)
         ON CONFLICT (hash) DO UPDATE SET refs = refs + 1, zero_since = NULL, data = coalesce(data, excluded.data)`,
      ),
      inlineData: db.prepare('SELECT data FROM chunks WHERE hash = ? AND data IS NOT NULL'),
      downChunk: db.prepare(
        `UPDATE chunks SET refs = refs - 1,
           zero_since = CASE WHEN refs = 1 THEN ? ELSE zero_since END
         WHERE hash = ?`,
      ),
      unreferenced: db.prepare(
        'SELECT hash, size FROM chunks WHERE refs = 0 AND zero_since <= ? ORDER BY zero_since LIMIT ?',
      ),
      deleteIfUnreferenced: db.prepare('DELETE FROM chunks WHERE hash = ? AND refs = 0'),
      hasChunk: db.prepare('SELECT 1 FROM chunks WHERE hash = ?'),
    };
  }

  getManifest(hash: string): ManifestRow | undefined {
    const row = this.stmts.getManifest.get(blob(hash)) as ManifestRow & { hash: Buffer } | undefined;
    return row && { ...row, hash: hex(row.hash) };
  }

  /**
   * Adds one reference to a manifest. The first reference stores the manifest and adds one
   * reference to each chunk it lists (a chunk listed twice counts twice). `inline` holds the bytes
   * of chunks kept in the database rather than in chunk files.
   */
  ref(hash: string, size: number, encoded: Buffer, chunks: readonly ChunkEntry[], inline?: ReadonlyMap<string, Buffer>): void {
    const key = blob(hash);
    if (this.stmts.bumpManifest.run(1, key).changes > 0) return;
    this.stmts.insertManifest.run(key, size, encoded, 1);
    for (const c of chunks) this.stmts.upChunk.run(blob(c.hash), c.size, inline?.get(c.hash) ?? null);
  }

  /** The bytes of a chunk kept in the database, if it is one. */
  inlineData(hash: string): Buffer | undefined {
    return (this.stmts.inlineData.get(blob(hash)) as { data: Buffer } | undefined)?.data;
  }

  /** Adds a reference to a manifest already stored (a copy, a restore). */
  refExisting(hash: string): void {
    if (this.stmts.bumpManifest.run(1, blob(hash)).changes === 0) {
      throw new Error(`manifest ${hash} is not stored`);
    }
  }

  /** Drops one reference; the last one releases the manifest's chunks, which start their grace period. */
  unref(hash: string, now: number): void {
    const key = blob(hash);
    const row = this.stmts.getManifest.get(key) as ManifestRow | undefined;
    if (!row) throw new Error(`manifest ${hash} is not stored`);
    if (row.refs > 1) {
      this.stmts.bumpManifest.run(-1, key);
      return;
    }
    this.stmts.deleteManifest.run(key);
    for (const c of decodeManifest(row.chunks)) this.stmts.downChunk.run(now, blob(c.hash));
  }

  /** Chunks whose last reference went away before `before`, oldest first. */
  unreferencedSince(before: number, limit: number): UnreferencedChunk[] {
    const rows = this.stmts.unreferenced.all(before, limit) as { hash: Buffer; size: number }[];
    return rows.map((r) => ({ hash: hex(r.hash), size: r.size }));
  }

  /** Forgets a chunk if it is still unreferenced; false if a new reference arrived meanwhile. */
  forgetUnreferenced(hash: string): boolean {
    return this.stmts.deleteIfUnreferenced.run(blob(hash)).changes > 0;
  }

  isKnownChunk(hash: string): boolean {
    return this.stmts.hasChunk.get(blob(hash)) !== undefined;
  }
}
