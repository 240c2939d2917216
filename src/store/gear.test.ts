import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GEAR } from './gear.js';

describe('GEAR', () => {
  it('holds 256 entries, entry i being the first 4 bytes of SHA-256("kith-gear-" + i)', () => {
    expect(GEAR.length).toBe(256);
    for (const i of [0, 1, 127, 255]) {
      const expected = createHash('sha256').update(`kith-gear-${i}`).digest().readUInt32BE(0);
      expect(GEAR[i], `entry ${i}`).toBe(expected);
    }
  });

  it('never changes: its digest is part of the chunk format', () => {
    const bytes = Buffer.alloc(256 * 4);
    GEAR.forEach((value, i) => bytes.writeUInt32BE(value, i * 4));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe('d7bfd2933542cb213e597922ba1a77f4a1cd0d0d974b36c3a69c2c5ffbe3bd81');
  });
});
