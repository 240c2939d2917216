/** Exact-size reads from a byte stream (a fetch body arrives in pieces of any size). */

export class ByteReader {
  private pieces: Uint8Array[] = [];
  private buffered = 0;
  private done = false;

  constructor(private readonly reader: ReadableStreamDefaultReader<Uint8Array>) {}

  /** Up to `n` bytes: fewer only where the stream ends. */
  async read(n: number): Promise<Uint8Array<ArrayBuffer>> {
    await this.fill(n);
    const out = new Uint8Array(Math.min(n, this.buffered));
    let offset = 0;
    while (offset < out.length) {
      const piece = this.pieces[0]!;
      const take = Math.min(piece.length, out.length - offset);
      out.set(piece.subarray(0, take), offset);
      offset += take;
      if (take === piece.length) this.pieces.shift();
      else this.pieces[0] = piece.subarray(take);
    }
    this.buffered -= out.length;
    return out;
  }

  /** True once every byte has been read. */
  async atEnd(): Promise<boolean> {
    await this.fill(1);
    return this.buffered === 0;
  }

  cancel(): Promise<void> {
    return this.reader.cancel();
  }

  private async fill(n: number): Promise<void> {
    while (this.buffered < n && !this.done) {
      const { value, done } = await this.reader.read();
      if (done) this.done = true;
      else if (value.length > 0) {
        this.pieces.push(value);
        this.buffered += value.length;
      }
    }
  }
}
