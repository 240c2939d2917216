import { describe, expect, it } from 'vitest';
import { ByteMeter } from './byte-meter.js';

describe('ByteMeter', () => {
  it('averages the last five whole seconds and keeps the total', () => {
    let now = 1_000_000;
    const meter = new ByteMeter(() => now);
    for (let second = 0; second < 5; second++) {
      meter.add(1000);
      now += 1000;
    }
    meter.add(999_999); // the second still running does not count yet
    expect(meter.read()).toEqual({ totalBytes: 1_004_999, bytesPerSecond: 1000 });
  });

  it('falls to zero once a transfer has stopped for the window', () => {
    let now = 0;
    const meter = new ByteMeter(() => now);
    meter.add(5000);
    now += 3000;
    expect(meter.read().bytesPerSecond).toBe(1000);
    now += 60_000;
    expect(meter.read()).toEqual({ totalBytes: 5000, bytesPerSecond: 0 });
  });
});
