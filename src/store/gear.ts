/**
 * The gear table of the FastCDC rolling hash: one pseudo-random 32-bit value per byte value.
 *
 * Chunk boundaries depend on this table, and chunk hashes depend on the boundaries, so the table is
 * part of the on-disk and wire format FOREVER: changing a single entry would cut every file
 * differently and defeat deduplication against every chunk already stored or replicated. It must
 * never change. It is derived, not pasted, so anyone can re-derive and check it: entry i is the
 * first 4 bytes (big-endian) of SHA-256("kith-gear-" + i). gear.test.ts pins its digest.
 */
import { createHash } from 'node:crypto';

function deriveGearTable(): Uint32Array {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    table[i] = createHash('sha256').update(`kith-gear-${i}`).digest().readUInt32BE(0);
  }
  return table;
}

export const GEAR: Readonly<Uint32Array> = deriveGearTable();
