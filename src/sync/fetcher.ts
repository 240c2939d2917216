/**
 * Fetches content by hash from every peer that holds it, at once: one worker per peer takes the
 * next batch of hashes from a shared queue, so a fast peer serves more batches and several slow
 * home uplinks add up instead of one stalling the rest. Every item is checked against its hash
 * before it is accepted; a wrong or missing item goes back to the queue for another peer, and the
 * peer that sent wrong bytes is reported.
 */
import { UnreachableError } from '../core/errors.js';

/** One request: the items the peer found (a missing item is absent from the map). */
export type Request = (peer: string, hashes: string[]) => Promise<Map<string, Buffer>>;

export interface FetchOptions {
  /** Peers to ask, the preferred first. */
  peers: string[];
  request: Request;
  /** Whether `data` is what `hash` names. */
  verify: (hash: string, data: Buffer) => boolean;
  /** Takes a verified item (stores it). */
  accept: (hash: string, data: Buffer) => Promise<void>;
  /** A peer sent bytes (`data`) that are not what their hash names. */
  onFault: (peer: string, hash: string, data: Buffer) => void;
  /** Whether to keep asking this peer (false once it has lied too often). */
  trusted: (peer: string) => boolean;
  /** Items per request, at most. */
  batch: number;
  /** Bytes per request, at most (one item may exceed it alone), with the sizes the manifests give. */
  batchBytes?: { max: number; sizeOf: (hash: string) => number };
  /** Requests in flight to each peer at once: a second one hides the round trip of the first. */
  window: number;
}

export async function fetchAll(hashes: readonly string[], options: FetchOptions): Promise<void> {
  const queue = [...new Set(hashes)];
  /** Peers that failed each hash: never asked for it again. */
  const failedBy = new Map<string, Set<string>>();
  let inFlight = 0;
  /** Peers whose request failed outright: their other workers stop too. */
  const broken = new Set<string>();

  const take = (peer: string): string[] => {
    const batch: string[] = [];
    let bytes = 0;
    for (let i = 0; i < queue.length && batch.length < options.batch; ) {
      const hash = queue[i]!;
      const size = options.batchBytes?.sizeOf(hash) ?? 0;
      if (failedBy.get(hash)?.has(peer)) i++;
      else if (batch.length > 0 && options.batchBytes !== undefined && bytes + size > options.batchBytes.max) break;
      else {
        bytes += size;
        batch.push(...queue.splice(i, 1));
      }
    }
    return batch;
  };
  const giveBack = (peer: string, hash: string): void => {
    failedBy.set(hash, (failedBy.get(hash) ?? new Set()).add(peer));
    queue.push(hash);
  };

  const worker = async (peer: string): Promise<void> => {
    while (options.trusted(peer) && !broken.has(peer)) {
      const batch = take(peer);
      if (batch.length === 0) {
        // Nothing for this peer now; items in flight elsewhere may still come back to it.
        if (inFlight === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 10));
        continue;
      }
      inFlight++;
      try {
        const received = await options.request(peer, batch);
        for (const hash of batch) {
          const data = received.get(hash);
          if (data !== undefined && options.verify(hash, data)) {
            await options.accept(hash, data);
            continue;
          }
          if (data !== undefined) options.onFault(peer, hash, data);
          giveBack(peer, hash);
        }
      } catch {
        // The peer went away or broke the protocol: its batch goes to the others.
        for (const hash of batch) giveBack(peer, hash);
        broken.add(peer);
        return;
      } finally {
        inFlight--;
      }
    }
    // No longer trusted: what it held goes to the others.
  };

  await Promise.all(options.peers.flatMap((peer) => Array.from({ length: options.window }, () => worker(peer))));
  if (queue.length > 0) {
    throw new UnreachableError(`no peer could provide ${queue.length} item(s), e.g. ${queue[0]} (asked ${options.peers.join(', ')})`);
  }
}
