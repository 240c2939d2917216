/**
 * Fetches content by hash from every peer that holds it, at once. Each peer gets a few requests in
 * flight, each sized to what that peer delivers in a fraction of a second (PeerPace), so a fast
 * peer serves more and several slow home uplinks add up instead of one stalling the rest. When
 * nothing is left to hand out, an idle peer also asks for what a slower one still has in flight
 * (the end game), and the first answer wins. Peers that appear during the fetch (they announced
 * the pool a moment later) join it. Every item is checked against its hash before it is accepted;
 * a wrong or missing item goes back to the queue for another peer, and the peer that sent wrong
 * bytes is reported.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { UnreachableError } from '../core/errors.js';
import { PeerPace } from './peer-pace.js';

/** One request: the items the peer found (a missing item is absent from the map). */
export type Request = (peer: string, hashes: string[]) => Promise<Map<string, Buffer>>;

export interface FetchOptions {
  /** Peers to ask now; called again while fetching, so that peers found meanwhile join in. */
  peers: () => string[];
  request: Request;
  /** Stores an item if it is what `hash` names; false if it is not (nothing stored). */
  accept: (hash: string, data: Buffer) => Promise<boolean>;
  /** A peer sent bytes (`data`) that are not what their hash names. */
  onFault: (peer: string, hash: string, data: Buffer) => void;
  /** Whether to keep asking this peer (false once it has lied too often). */
  trusted: (peer: string) => boolean;
  /** Items per request, at most. */
  maxItems: number;
  /** The size of each item, when known (chunks, from their manifests): requests are then sized by bytes. */
  sizeOf?: (hash: string) => number;
  /** Requests in flight to each peer at once: a second one hides the round trip of the first. */
  window: number;
}

/** How often an idle worker looks for work handed back by another peer. */
const POLL_MS = 10;
/** How often the fetch looks for peers that joined (it also looks whenever an item arrives). */
const PEERS_POLL_MS = 100;
/** An item is asked of two peers at most at once (the end game), not of every idle one. */
const MAX_ASKED = 2;

export async function fetchAll(hashes: readonly string[], options: FetchOptions): Promise<void> {
  const fetch = new Fetch(hashes, options);
  await fetch.run();
  const left = fetch.left();
  if (left.length > 0) {
    throw new UnreachableError(`no peer could provide ${left.length} item(s), e.g. ${left[0]} (asked ${fetch.asked().join(', ')})`);
  }
}

class Fetch {
  /** Items no peer is asked for now. */
  private readonly queue: string[];
  /** Items asked for, and of whom. */
  private readonly inFlight = new Map<string, Set<string>>();
  /** Items accepted (or being accepted). */
  private readonly done = new Set<string>();
  /** Peers that failed each item: never asked for it again. */
  private readonly failedBy = new Map<string, Set<string>>();
  /** Peers whose request failed outright: their other workers stop too. */
  private readonly broken = new Set<string>();
  private readonly paces = new Map<string, PeerPace>();
  private running = 0;
  /** What stopped the fetch other than a peer (e.g. a full disk while storing). */
  private failure: unknown;
  private changed = (): void => {};

  constructor(
    hashes: readonly string[],
    private readonly options: FetchOptions,
  ) {
    this.queue = [...new Set(hashes)];
  }

  /**
   * Resolves once every item is accepted, or once no peer is left to ask. Requests still in flight
   * then (the end game's duplicates) are left to their callers to abandon.
   */
  async run(): Promise<void> {
    for (;;) {
      this.startNewPeers();
      if (this.failure !== undefined) throw this.failure;
      if (this.finished() || this.running === 0) return;
      await this.nextChange(PEERS_POLL_MS);
    }
  }

  left(): string[] {
    return [...this.queue, ...this.inFlight.keys()].filter((hash) => !this.done.has(hash));
  }

  asked(): string[] {
    return [...this.paces.keys()];
  }

  private finished(): boolean {
    return this.queue.length === 0 && this.inFlight.size === 0;
  }

  /** Resolves when an item is accepted or a worker ends, or after `ms`. */
  private nextChange(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.changed = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private startNewPeers(): void {
    for (const peer of this.options.peers()) {
      if (this.paces.has(peer)) continue;
      this.paces.set(peer, new PeerPace());
      for (let i = 0; i < this.options.window; i++) {
        this.running++;
        void this.worker(peer)
          .catch((err: unknown) => (this.failure ??= err))
          .finally(() => {
            this.running--;
            this.changed();
          });
      }
    }
  }

  private async worker(peer: string): Promise<void> {
    const pace = this.paces.get(peer)!;
    while (this.options.trusted(peer) && !this.broken.has(peer) && !this.finished() && this.failure === undefined) {
      const batch = this.take(peer, pace.requestBytes());
      if (batch.length === 0) {
        // Nothing for this peer now; items in flight elsewhere may still come back to it.
        if (this.inFlight.size === 0) return;
        await sleep(POLL_MS);
        continue;
      }
      const started = pace.started();
      let received: Map<string, Buffer>;
      try {
        received = await this.options.request(peer, batch);
      } catch {
        // The peer went away or broke the protocol: its batch goes to the others.
        this.broken.add(peer);
        for (const hash of batch) this.failed(peer, hash);
        return;
      }
      pace.finished(started, [...received.values()].reduce((sum, data) => sum + data.length, 0));
      for (const hash of batch) await this.receive(peer, hash, received.get(hash));
    }
    // No longer trusted: what it held went back to the others as it failed.
  }

  /** The next items for `peer`, up to `maxBytes` (at least one): queued ones first, then the end game. */
  private take(peer: string, maxBytes: number): string[] {
    const batch: string[] = [];
    let bytes = 0;
    const fits = (hash: string): boolean => {
      if (batch.length >= this.options.maxItems || this.failedBy.get(hash)?.has(peer)) return false;
      const size = this.options.sizeOf?.(hash) ?? 0;
      if (batch.length > 0 && bytes + size > maxBytes) return false;
      bytes += size;
      return true;
    };
    for (let i = 0; i < this.queue.length && batch.length < this.options.maxItems; ) {
      if (fits(this.queue[i]!)) batch.push(...this.queue.splice(i, 1));
      else i++;
    }
    if (batch.length === 0) {
      for (const [hash, askedOf] of this.inFlight) {
        if (askedOf.size < MAX_ASKED && !askedOf.has(peer) && fits(hash)) batch.push(hash);
      }
    }
    for (const hash of batch) this.inFlight.set(hash, (this.inFlight.get(hash) ?? new Set()).add(peer));
    return batch;
  }

  private async receive(peer: string, hash: string, data: Buffer | undefined): Promise<void> {
    if (this.done.has(hash)) {
      this.settle(peer, hash);
      return;
    }
    if (data !== undefined) {
      this.done.add(hash);
      if (await this.options.accept(hash, data)) {
        this.inFlight.delete(hash);
        this.changed();
        return;
      }
      this.done.delete(hash);
      this.options.onFault(peer, hash, data);
    }
    this.failed(peer, hash);
  }

  /** `peer` could not give `hash`: another peer gets it, unless one is already asked. */
  private failed(peer: string, hash: string): void {
    this.failedBy.set(hash, (this.failedBy.get(hash) ?? new Set()).add(peer));
    if (this.settle(peer, hash) && !this.done.has(hash)) this.queue.push(hash);
  }

  /** `peer` is no longer asked for `hash`; true if no other peer is. */
  private settle(peer: string, hash: string): boolean {
    const askedOf = this.inFlight.get(hash);
    askedOf?.delete(peer);
    if (askedOf !== undefined && askedOf.size > 0) return false;
    this.inFlight.delete(hash);
    return true;
  }
}
