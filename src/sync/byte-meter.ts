/**
 * Bytes moved, in total and per second now: for the control panel's "bandwidth now and totals".
 * The rate is the average of the last few whole seconds, so it neither jumps with each chunk nor
 * lags a stopped transfer for long. Totals count from the node's start.
 */
const WINDOW_SECONDS = 5;

export interface Traffic {
  totalBytes: number;
  bytesPerSecond: number;
}

export class ByteMeter {
  private total = 0;
  /** Bytes per whole second, for the last WINDOW_SECONDS + 1 seconds (the newest still filling). */
  private readonly seconds = new Array<number>(WINDOW_SECONDS + 1).fill(0);
  private second: number;

  constructor(private readonly now: () => number = Date.now) {
    this.second = Math.floor(now() / 1000);
  }

  add(bytes: number): void {
    this.advance();
    this.total += bytes;
    this.seconds[this.second % this.seconds.length]! += bytes;
  }

  read(): Traffic {
    this.advance();
    const current = this.second % this.seconds.length;
    const whole = this.seconds.reduce((sum, bytes, i) => (i === current ? sum : sum + bytes), 0);
    return { totalBytes: this.total, bytesPerSecond: Math.round(whole / WINDOW_SECONDS) };
  }

  /** Clears the slots of the seconds that passed without a byte. */
  private advance(): void {
    const now = Math.floor(this.now() / 1000);
    for (let s = this.second + 1; s <= now && s <= this.second + this.seconds.length; s++) this.seconds[s % this.seconds.length] = 0;
    this.second = Math.max(this.second, now);
  }
}
