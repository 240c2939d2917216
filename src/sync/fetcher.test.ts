import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
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
interface Peer {
  behaviour: Behaviour | 'broken';
  /** Milliseconds per request. */
  delay?: number;
}

function run(peers: Record<string, Peer>, overrides: Partial<FetchOptions> = {}) {
  const accepted = new Map<string, Buffer>();
  const acceptedFrom = new Map<string, string>();
  const faults: string[] = [];
  const asked = new Map<string, number>();
  const promise = fetchAll([...byHash.keys()], {
    peers: () => Object.keys(peers),
    maxItems: 4,
    window: 2,
    request: async (peer, hashes) => {
      asked.set(peer, (asked.get(peer) ?? 0) + hashes.length);
      const { behaviour, delay = 1 } = peers[peer]!;
      await sleep(delay);
      if (behaviour === 'broken') throw new Error('connection reset');
      return new Map(hashes.flatMap((hash) => (behaviour(hash) === undefined ? [] : [[hash, behaviour(hash)!] as const])));
    },
    accept: async (hash, data) => {
      if (hashOf(data) !== hash) return false;
      if (accepted.has(hash)) throw new Error(`${hash} accepted twice`);
      accepted.set(hash, data);
      return true;
    },
    onFault: (peer) => faults.push(peer),
    trusted: () => true,
    ...overrides,
  });
  return { promise, accepted, acceptedFrom, faults, asked };
}

describe('fetchAll', () => {
  it('spreads batches over every peer and accepts each item once, verified', async () => {
    const { promise, accepted, asked } = run({ a: { behaviour: honest }, b: { behaviour: honest }, c: { behaviour: honest } });
    await promise;
    expect(accepted.size).toBe(items.length);
    for (const [hash, data] of accepted) expect(hashOf(data)).toBe(hash);
    expect([...asked.values()].every((n) => n > 0)).toBe(true);
  });

  it('refetches from honest peers what a liar, an empty peer or a broken one failed to give', async () => {
    const { promise, accepted, faults } = run({ liar: { behaviour: liar }, empty: { behaviour: empty }, broken: { behaviour: 'broken' }, good: { behaviour: honest } });
    await promise;
    expect(accepted.size).toBe(items.length);
    expect(faults.length).toBeGreaterThan(0);
    expect(new Set(faults)).toEqual(new Set(['liar']));
  });

  it('stops asking a peer once it is no longer trusted', async () => {
    const distrusted = new Set<string>();
    const { promise, asked } = run({ liar: { behaviour: liar }, good: { behaviour: honest } }, { onFault: (peer) => distrusted.add(peer), trusted: (peer) => !distrusted.has(peer) });
    await promise;
    // Its two workers had one batch each in flight when the first lie arrived; nothing after.
    expect(asked.get('liar')).toBeLessThanOrEqual(8);
  });

  it('fails with a clear error when no peer has an item', async () => {
    const { promise } = run({ liar: { behaviour: liar }, empty: { behaviour: empty } });
    await expect(promise).rejects.toThrow(UnreachableError);
    await expect(promise).rejects.toThrow(/no peer could provide/);
  });

  it('fails at once when there is no peer to ask', async () => {
    const { promise } = run({});
    await expect(promise).rejects.toThrow(/no peer could provide 40 item/);
  });

  it('keeps a request under the byte budget, but never sends an empty one', async () => {
    const sizes: number[] = [];
    const { promise } = run(
      { good: { behaviour: honest } },
      {
        maxItems: 100,
        // Bigger than the largest request a peer is given: one item per request.
        sizeOf: () => 5 * 1024 * 1024,
        request: async (_peer, hashes) => {
          sizes.push(hashes.length);
          return new Map(hashes.map((hash) => [hash, byHash.get(hash)!]));
        },
      },
    );
    await promise;
    expect(Math.max(...sizes)).toBe(1);
  });

  it('asks an idle fast peer for what a slow one still holds, and takes the first answer (end game)', async () => {
    const { promise, accepted, asked } = run({ slow: { behaviour: honest, delay: 2_000 }, fast: { behaviour: honest } });
    const started = performance.now();
    await promise;
    // The slow peer's two requests (8 items) would take 2 s; the fast one fetched them meanwhile.
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(accepted.size).toBe(items.length);
    expect(asked.get('fast')).toBe(items.length);
  });

  it('lets a peer that appears during the fetch join in', async () => {
    const peers: Record<string, Peer> = { first: { behaviour: honest, delay: 30 } };
    const { promise, asked } = run(peers, { peers: () => Object.keys(peers) });
    await sleep(5);
    peers.late = { behaviour: honest };
    await promise;
    expect(asked.get('late')).toBeGreaterThan(0);
  });
});
