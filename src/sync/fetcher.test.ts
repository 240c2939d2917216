import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { UnreachableError } from '../core/errors.js';
import { fetchAll, type FetchOptions } from './fetcher.js';

const items = Array.from({ length: 40 }, (_, i) => Buffer.from(`item ${i}`));
const hashOf = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const byHash = new Map(items.map((data) => [hashOf(data), data]));

type Behaviour = (hash: string) => Buffer | undefined;
const honest: Behaviour = (hash) => byHash.get(hash);
const liar: Behaviour = (hash) => Buffer.from(byHash.get(hash)!.map((b) => b ^ 1));
const empty: Behaviour = () => undefined;

function run(peers: Record<string, Behaviour | 'broken'>, overrides: Partial<FetchOptions> = {}) {
  const accepted = new Map<string, Buffer>();
  const faults: string[] = [];
  const asked = new Map<string, number>();
  const promise = fetchAll([...byHash.keys()], {
    peers: Object.keys(peers),
    batch: 4,
    window: 2,
    request: async (peer, hashes) => {
      asked.set(peer, (asked.get(peer) ?? 0) + hashes.length);
      await new Promise((resolve) => setTimeout(resolve, 1));
      const behaviour = peers[peer]!;
      if (behaviour === 'broken') throw new Error('connection reset');
      return new Map(hashes.flatMap((hash) => (behaviour(hash) === undefined ? [] : [[hash, behaviour(hash)!] as const])));
    },
    verify: (hash, data) => hashOf(data) === hash,
    accept: async (hash, data) => void accepted.set(hash, data),
    onFault: (peer) => faults.push(peer),
    trusted: () => true,
    ...overrides,
  });
  return { promise, accepted, faults, asked };
}

describe('fetchAll', () => {
  it('spreads batches over every peer and accepts each item once, verified', async () => {
    const { promise, accepted, asked } = run({ a: honest, b: honest, c: honest });
    await promise;
    expect(accepted.size).toBe(items.length);
    for (const [hash, data] of accepted) expect(hashOf(data)).toBe(hash);
    expect([...asked.values()].every((n) => n > 0)).toBe(true);
  });

  it('refetches from honest peers what a liar, an empty peer or a broken one failed to give', async () => {
    const { promise, accepted, faults } = run({ liar, empty, broken: 'broken', good: honest });
    await promise;
    expect(accepted.size).toBe(items.length);
    expect(faults.length).toBeGreaterThan(0);
    expect(new Set(faults)).toEqual(new Set(['liar']));
  });

  it('stops asking a peer once it is no longer trusted', async () => {
    const distrusted = new Set<string>();
    const { promise, asked } = run({ liar, good: honest }, { onFault: (peer) => distrusted.add(peer), trusted: (peer) => !distrusted.has(peer) });
    await promise;
    // Its two workers had one batch each in flight when the first lie arrived; nothing after.
    expect(asked.get('liar')).toBeLessThanOrEqual(8);
  });

  it('fails with a clear error when no peer has an item', async () => {
    const { promise } = run({ liar, empty });
    await expect(promise).rejects.toThrow(UnreachableError);
    await expect(promise).rejects.toThrow(/no peer could provide/);
  });

  it('keeps a request under the byte budget, but never sends an empty one', async () => {
    const sizes: number[] = [];
    const { promise } = run(
      { good: honest },
      {
        batch: 100,
        batchBytes: { max: 20, sizeOf: () => 7 },
        request: async (_peer, hashes) => {
          sizes.push(hashes.length);
          return new Map(hashes.map((hash) => [hash, byHash.get(hash)!]));
        },
      },
    );
    await promise;
    expect(Math.max(...sizes)).toBe(2);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(1);
  });
});
