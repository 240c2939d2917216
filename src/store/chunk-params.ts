/**
 * Chunk size policy. Product decision: the average chunk size grows with the file size, in
 * power-of-two tiers, so that the chunk index of a big store stays small enough for a Raspberry Pi
 * while small edits of ordinary files stay cheap to store and to re-send:
 *
 *   avg = clamp(nextPow2(sizeHint / 2048), 64 KiB, 1 MiB); min = avg / 4; max = avg * 4
 *
 * - Files up to 128 MiB (and streams of unknown size) use the 64 KiB tier: a 1-byte edit of a
 *   100 MiB file re-sends about one chunk, ~64-80 KiB expected with normalized chunking, below the
 *   163 KiB Syncthing was measured to send for the same edit with its 128 KiB blocks.
 * - Files over 1 GiB use the 1 MiB tier: a 1 TiB store of large files holds ~1M chunks (~100 MB of
 *   index). Only a store made entirely of files at the smallest tier reaches ~16M chunks per TiB
 *   (e.g. 1 TiB of 100 MiB files).
 *
 * The tier is chosen from the size hint once per file, so a file's chunks (and thus its dedup with
 * other copies of the same content) depend only on its content and its size.
 */
import { InvalidInputError } from '../core/errors.js';

export interface ChunkParams {
  /** No cut before this many bytes: the chunker does not even hash them. */
  min: number;
  /** The size the cut-point masks aim at. */
  avg: number;
  /** A chunk is cut here at the latest. */
  max: number;
  /** Stricter mask (more bits) used below `avg`: makes chunks shorter than avg less likely. */
  maskS: number;
  /** Looser mask (fewer bits) used from `avg` on: makes chunks longer than avg less likely. */
  maskL: number;
}

const KIB = 1024;
const MIN_AVG = 64 * KIB;
const MAX_AVG = 1024 * KIB;
const SIZE_HINT_DIVISOR = 2048;
/** FastCDC normalization level 2: maskS has 2 bits more than log2(avg), maskL 2 bits fewer. */
const NORMALIZATION_LEVEL = 2;

/** The average chunk sizes of every tier, smallest first. */
export const CHUNK_TIERS: readonly number[] = Object.freeze([64, 128, 256, 512, 1024].map((k) => k * KIB));

const PARAMS_BY_AVG = new Map(CHUNK_TIERS.map((avg) => [avg, paramsForAverage(avg)]));

export function chunkParamsFor(sizeHint?: number): ChunkParams {
  if (sizeHint === undefined) return tierParams(MIN_AVG);
  if (!Number.isFinite(sizeHint) || sizeHint < 0) {
    throw new InvalidInputError(`size hint must be a non-negative number, got ${sizeHint}`);
  }
  const wanted = Math.min(Math.max(sizeHint / SIZE_HINT_DIVISOR, MIN_AVG), MAX_AVG);
  return tierParams(nextPowerOfTwo(wanted));
}

function tierParams(avg: number): ChunkParams {
  const params = PARAMS_BY_AVG.get(avg);
  if (params === undefined) throw new Error(`no chunk tier with average ${avg}`);
  return params;
}

function nextPowerOfTwo(x: number): number {
  let p = 1;
  while (p < x) p *= 2;
  return p;
}

/**
 * The masks test the TOP bits of the 32-bit gear hash: bit k of that hash depends on the last k+1
 * bytes only, so the high bits are the ones that mix the widest window of content. Like the gear
 * table, these masks are part of the chunk format and must never change.
 */
function paramsForAverage(avg: number): ChunkParams {
  const bits = Math.log2(avg);
  return Object.freeze({
    min: avg / 4,
    avg,
    max: avg * 4,
    maskS: topBitsMask(bits + NORMALIZATION_LEVEL),
    maskL: topBitsMask(bits - NORMALIZATION_LEVEL),
  });
}

function topBitsMask(bits: number): number {
  return (0xffffffff << (32 - bits)) | 0;
}
