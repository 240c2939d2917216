import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../core/errors.js';
import { CHUNK_TIERS, chunkParamsFor } from './chunk-params.js';

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

function popcount(mask: number): number {
  let count = 0;
  for (let m = mask >>> 0; m !== 0; m >>>= 1) count += m & 1;
  return count;
}

describe('chunkParamsFor', () => {
  it.each([
    [undefined, 64 * KiB],
    [0, 64 * KiB],
    [100 * MiB, 64 * KiB],
    [128 * MiB, 64 * KiB],
    [128 * MiB + 1, 128 * KiB],
    [256 * MiB, 128 * KiB],
    [256 * MiB + 1, 256 * KiB],
    [512 * MiB, 256 * KiB],
    [512 * MiB + 1, 512 * KiB],
    [GiB, 512 * KiB],
    [GiB + 1, 1024 * KiB],
    [1024 * GiB, 1024 * KiB],
  ])('size hint %s picks the %i-byte average', (sizeHint, avg) => {
    expect(chunkParamsFor(sizeHint).avg).toBe(avg);
  });

  it('offers exactly the power-of-two tiers from 64 KiB to 1 MiB', () => {
    expect(CHUNK_TIERS).toEqual([64 * KiB, 128 * KiB, 256 * KiB, 512 * KiB, 1024 * KiB]);
  });

  it.each(CHUNK_TIERS)('tier %i has min = avg/4, max = 4*avg and level-2 normalized masks', (avg) => {
    const params = chunkParamsFor(avg * 2048);
    const bits = Math.log2(avg);
    expect(params).toMatchObject({ avg, min: avg / 4, max: avg * 4 });
    expect(popcount(params.maskS)).toBe(bits + 2);
    expect(popcount(params.maskL)).toBe(bits - 2);
    // Top bits only: the high bits of the gear hash depend on the widest window of bytes.
    expect((params.maskS | 0) >>> (32 - bits - 2)).toBe(2 ** (bits + 2) - 1);
    expect((params.maskL | 0) >>> (32 - bits + 2)).toBe(2 ** (bits - 2) - 1);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('refuses the size hint %s', (sizeHint) => {
    expect(() => chunkParamsFor(sizeHint)).toThrow(InvalidInputError);
  });
});
