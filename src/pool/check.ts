/**
 * `kith check`: proves the store consistent, or says exactly what is not. It recounts every
 * reference, reads and verifies every chunk, and names the files a bad chunk damages. With
 * `repair`, counts are set right and corrupt chunks are quarantined (never served again); damaged
 * files are reported, since only another copy (a peer, a backup) can bring their bytes back.
 */
import { CorruptChunkError, NotFoundError } from '../core/errors.js';
import type { ContentUser, RefMismatch } from '../meta/index.js';
import type { PoolContext } from './context.js';

export interface DamagedChunk {
  hash: string;
  problem: 'corrupt' | 'missing';
  usedBy: { pool: string; path: string; where: ContentUser['where'] }[];
}

export interface CheckReport {
  ok: boolean;
  chunksVerified: number;
  bytesVerified: number;
  manifestRefMismatches: RefMismatch[];
  chunkRefMismatches: RefMismatch[];
  damagedChunks: DamagedChunk[];
  repaired: string[];
  unrepairable: string[];
}

export async function checkStore(ctx: PoolContext, opts: { repair: boolean; signal?: AbortSignal }): Promise<CheckReport> {
  const { meta } = ctx;
  const report: CheckReport = {
    ok: true,
    chunksVerified: 0,
    bytesVerified: 0,
    manifestRefMismatches: meta.integrity.manifestMismatches(),
    chunkRefMismatches: meta.integrity.chunkMismatches(),
    damagedChunks: [],
    repaired: [],
    unrepairable: [],
  };
  await verifyChunks(ctx, report, opts.signal);
  if (opts.repair) await repair(ctx, report);
  report.ok =
    report.damagedChunks.length === 0 &&
    (opts.repair ? report.unrepairable.length === 0 : report.manifestRefMismatches.length + report.chunkRefMismatches.length === 0);
  return report;
}

async function verifyChunks(ctx: PoolContext, report: CheckReport, signal?: AbortSignal): Promise<void> {
  const bad = new Map<string, DamagedChunk['problem']>();
  for (const chunk of ctx.meta.integrity.knownChunks()) {
    signal?.throwIfAborted();
    if (chunk.refs === 0) continue;
    try {
      const data = await ctx.store.get(chunk.hash, signal);
      if (data.length !== chunk.size) throw new CorruptChunkError(chunk.hash);
      report.chunksVerified++;
      report.bytesVerified += data.length;
    } catch (err) {
      if (err instanceof CorruptChunkError) bad.set(chunk.hash, 'corrupt');
      else if (err instanceof NotFoundError) bad.set(chunk.hash, 'missing');
      else throw err;
    }
  }
  const users = ctx.meta.integrity.usersOfChunks(new Set(bad.keys()));
  for (const [hash, problem] of bad) {
    const usedBy = (users.get(hash) ?? []).map((u) => ({ pool: ctx.meta.pools.byId(u.poolId)?.name ?? `#${u.poolId}`, path: u.path, where: u.where }));
    report.damagedChunks.push({ hash, problem, usedBy });
  }
}

async function repair(ctx: PoolContext, report: CheckReport): Promise<void> {
  const { meta } = ctx;
  await meta.commit(() => {
    for (const m of report.manifestRefMismatches) {
      if (m.stored === -1) {
        report.unrepairable.push(`manifest ${m.hash} is referenced ${m.actual} time(s) but not stored`);
      } else {
        meta.integrity.fixManifestRefs(m.hash, m.actual);
        report.repaired.push(`manifest ${m.hash}: reference count ${m.stored} → ${m.actual}`);
      }
    }
    for (const c of report.chunkRefMismatches) {
      meta.integrity.fixChunkRefs(c.hash, c.actual, ctx.now());
      report.repaired.push(`chunk ${c.hash}: reference count ${c.stored === -1 ? '(missing row)' : c.stored} → ${c.actual}`);
    }
  });
  for (const d of report.damagedChunks) {
    if (d.problem === 'corrupt') {
      await ctx.store.quarantine(d.hash);
      report.repaired.push(`chunk ${d.hash}: corrupt copy moved to quarantine`);
    }
    for (const u of d.usedBy) report.unrepairable.push(`${u.pool}/${u.path} (${u.where}) has lost chunk ${d.hash}: restore it from another copy`);
  }
}
