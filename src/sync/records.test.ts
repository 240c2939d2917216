import { describe, expect, it } from 'vitest';
import { OriginSequence } from './records.js';

describe('origin sequence', () => {
  it('follows the clock in microseconds and never repeats or goes back within a millisecond', () => {
    const sequence = new OriginSequence(() => 0, () => 5);
    expect(sequence.next()).toBe(5000);
    expect(sequence.next()).toBe(5001);
    expect(sequence.next()).toBe(5002);
  });

  it('resumes above the highest stored number when the clock was set back', () => {
    const sequence = new OriginSequence(() => 9_000_000, () => 5);
    expect(sequence.next()).toBe(9_000_001);
  });

  it('reads the stored high only once', () => {
    let reads = 0;
    const sequence = new OriginSequence(() => (reads++, 0), () => 1);
    sequence.next();
    sequence.next();
    expect(reads).toBe(1);
  });
});
