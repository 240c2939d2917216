/**
 * How well a pool is kept: on how many homes each live file is, how far each holder has come, and
 * the sentence a person reads first. A holder's summary (per origin, how far it has the records)
 * says which files it has: a live file whose record is `seq` of `origin` is held by every node
 * whose vector reaches that far. So counting files per number of homes takes one count per
 * origin and holder, never a walk over the files.
 */
import type { Pool } from '../meta/index.js';

export type Vector = Record<string, number>;

export interface HomesCount {
  /** Number of nodes (this one included) that hold these files. */
  homes: number;
  files: number;
}

export interface ReplicationHealth {
  files: number;
  /** The fewest homes any live file is on (0 without files). */
  minHomes: number;
  /** Live files held by this node alone. */
  singleHomeFiles: number;
  /** Pools with fewer complete copies than their target. */
  poolsBelowTarget: number;
  summary: string;
}

export interface PoolReplication {
  pool: string;
  uid: string;
  subscription: string;
  copies: number | undefined;
  /** Nodes (this one included) holding every record known here. */
  completeCopies: number;
  belowTarget: boolean;
  /** Whether this node is pulling changes for it now. */
  syncing: boolean;
  /** Live files here, and on how many homes they are. */
  files: number;
  filesByHomes: HomesCount[];
  /** Per holder, from its last summary: `progress` is the share (0 to 1) of the records known anywhere that it has. */
  holders: { node: string; complete: boolean; connected: boolean; progress: number }[];
}

/** What replicationOf needs besides the pool and its holders' vectors. */
export interface ReplicationContext {
  self: string;
  connected: Set<string>;
  syncing: boolean;
  liveFilesUpTo(origin: string, seq: number): number;
}

/**
 * A pool's replication from its holders' vectors (this node's among them): which hold a complete
 * copy, how far each has come, and on how many homes its files are.
 */
export function replicationOf(pool: Pool, vectors: Map<string, Vector>, context: ReplicationContext): PoolReplication {
  const union = unionOf([...vectors.values()]);
  const holders = [...vectors].map(([node, vector]) => ({
    node,
    complete: !isAhead(union, vector),
    connected: node === context.self || context.connected.has(node),
    progress: progressOf(vector, union),
  }));
  const complete = holders.filter((h) => h.complete).length;
  const byHomes = filesByHomes([...vectors.values()], context.liveFilesUpTo);
  return {
    pool: pool.name,
    uid: pool.uid,
    subscription: pool.subscription!,
    copies: pool.copies,
    completeCopies: complete,
    belowTarget: pool.copies !== undefined && complete < pool.copies,
    syncing: context.syncing,
    files: byHomes.reduce((sum, group) => sum + group.files, 0),
    filesByHomes: byHomes,
    holders,
  };
}

/** Whether `a` has records `b` lacks. */
export function isAhead(a: Vector, b: Vector): boolean {
  return Object.entries(a).some(([origin, seq]) => seq > (b[origin] ?? 0));
}

/** Per origin, the furthest any holder has come. */
export function unionOf(vectors: Vector[]): Vector {
  const union: Vector = {};
  for (const vector of vectors) for (const [origin, seq] of Object.entries(vector)) union[origin] = Math.max(seq, union[origin] ?? 0);
  return union;
}

/** The share (0 to 1) of the records known anywhere that `vector` has. */
export function progressOf(vector: Vector, union: Vector): number {
  const total = Object.values(union).reduce((sum, seq) => sum + seq, 0);
  if (total === 0) return 1;
  const held = Object.entries(union).reduce((sum, [origin, seq]) => sum + Math.min(vector[origin] ?? 0, seq), 0);
  return held / total;
}

/**
 * Live files by the number of holders that have them. `liveFilesUpTo(origin, seq)` counts the live
 * files whose record is `origin`'s up to `seq`. Sorted by homes, fewest first; empty groups left out.
 */
export function filesByHomes(vectors: Vector[], liveFilesUpTo: (origin: string, seq: number) => number): HomesCount[] {
  const counts = new Map<number, number>();
  for (const origin of Object.keys(unionOf(vectors))) {
    // The j-th furthest holder's reach: files up to it are on at least j homes.
    const reach = vectors.map((v) => v[origin] ?? 0).sort((a, b) => b - a);
    const atLeast = reach.map((seq) => (seq === 0 ? 0 : liveFilesUpTo(origin, seq)));
    atLeast.forEach((files, i) => {
      const exactly = files - (atLeast[i + 1] ?? 0);
      if (exactly > 0) counts.set(i + 1, (counts.get(i + 1) ?? 0) + exactly);
    });
  }
  return [...counts].sort(([a], [b]) => a - b).map(([homes, files]) => ({ homes, files }));
}

/** The network's pools held here, in a few numbers and one sentence. */
export function summarizeHealth(pools: PoolReplication[]): ReplicationHealth {
  const files = pools.reduce((sum, pool) => sum + pool.files, 0);
  const groups = pools.flatMap((pool) => pool.filesByHomes);
  const minHomes = groups.length === 0 ? 0 : Math.min(...groups.map((g) => g.homes));
  const singleHomeFiles = groups.filter((g) => g.homes === 1).reduce((sum, g) => sum + g.files, 0);
  const poolsBelowTarget = pools.filter((pool) => pool.belowTarget).length;
  const sameEverywhere = groups.every((g) => g.homes === minHomes);
  return { files, minHomes, singleHomeFiles, poolsBelowTarget, summary: sentence(files, minHomes, singleHomeFiles, sameEverywhere) };
}

function sentence(files: number, minHomes: number, singleHomeFiles: number, sameEverywhere: boolean): string {
  if (files === 0) return 'No files yet.';
  if (singleHomeFiles === 1) return '1 file is only at one home.';
  if (singleHomeFiles > 1) return `${singleHomeFiles} files are only at one home.`;
  return `Every file is on ${sameEverywhere ? '' : 'at least '}${minHomes} homes.`;
}
