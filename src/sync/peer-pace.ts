/**
 * How much to ask of one peer per request: about what it delivers in TARGET_SECONDS, measured as
 * it goes. A home ADSL uplink then gets small requests (a slow request would hold items the others
 * could serve), a LAN peer large ones (fewer round trips). Requests to a peer are pipelined, so a
 * request's delivery time runs from when the previous one finished, not from when it was sent.
 */
const TARGET_SECONDS = 0.25;
const MIN_REQUEST_BYTES = 128 * 1024;
const MAX_REQUEST_BYTES = 4 * 1024 * 1024;
/** Before any measurement: a middle ground that a slow uplink still delivers in a few seconds. */
const FIRST_REQUEST_BYTES = 1024 * 1024;
/** Weight of the newest measurement: follows a changing link within a few requests. */
const SMOOTHING = 0.5;

export class PeerPace {
  private bytesPerSecond: number | undefined;
  private lastFinished = 0;

  requestBytes(): number {
    if (this.bytesPerSecond === undefined) return FIRST_REQUEST_BYTES;
    return Math.round(Math.min(MAX_REQUEST_BYTES, Math.max(MIN_REQUEST_BYTES, this.bytesPerSecond * TARGET_SECONDS)));
  }

  /** Marks a request sent; pass the result to `finished`. */
  started(): number {
    return performance.now();
  }

  finished(started: number, bytes: number): void {
    const now = performance.now();
    const seconds = (now - Math.max(started, this.lastFinished)) / 1000;
    this.lastFinished = now;
    if (bytes === 0 || seconds <= 0) return;
    const sample = bytes / seconds;
    this.bytesPerSecond = this.bytesPerSecond === undefined ? sample : this.bytesPerSecond * (1 - SMOOTHING) + sample * SMOOTHING;
  }
}
