/**
 * Which old versions to keep, as Nextcloud does it: every version of the last day, then one per
 * hour for the next day, one per day up to a month, one per week after that. Within each slot the
 * newest version stays. Pure, so it is tested on its own.
 */
const HOUR = 3600_000;
const DAY = 24 * HOUR;

export interface RetentionBand {
  /** The band covers versions younger than this (ms); the last band is open-ended. */
  untilAge: number;
  /** One version per slot of this length (ms); 0 keeps every version. */
  slot: number;
}

export const DEFAULT_VERSION_BANDS: readonly RetentionBand[] = [
  { untilAge: DAY, slot: 0 },
  { untilAge: 2 * DAY, slot: HOUR },
  { untilAge: 30 * DAY, slot: DAY },
  { untilAge: Number.POSITIVE_INFINITY, slot: 7 * DAY },
];

export interface Versioned {
  id: number;
  /** When this content was written. */
  mtime: number;
}

/** Ids of the versions the bands do not keep. */
export function versionsToExpire(versions: readonly Versioned[], now: number, bands = DEFAULT_VERSION_BANDS): number[] {
  const newestFirst = [...versions].sort((a, b) => b.mtime - a.mtime || b.id - a.id);
  const taken = new Set<string>();
  const expired: number[] = [];
  for (const v of newestFirst) {
    const age = Math.max(0, now - v.mtime);
    const bandIndex = bands.findIndex((b) => age < b.untilAge);
    const band = bands[bandIndex === -1 ? bands.length - 1 : bandIndex]!;
    if (band.slot === 0) continue;
    const key = `${bandIndex}:${Math.floor(v.mtime / band.slot)}`;
    if (taken.has(key)) expired.push(v.id);
    else taken.add(key);
  }
  return expired;
}

/** Oldest-first ids to drop so that the total size fits in `budget` bytes. */
export function versionsOverBudget(versions: readonly (Versioned & { size: number })[], budget: number): number[] {
  let total = versions.reduce((sum, v) => sum + v.size, 0);
  const out: number[] = [];
  for (const v of [...versions].sort((a, b) => a.mtime - b.mtime || a.id - b.id)) {
    if (total <= budget) break;
    out.push(v.id);
    total -= v.size;
  }
  return out;
}
