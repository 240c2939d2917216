/** Reads lines and exact byte counts from a byte stream, holding no more than one piece at a time. */
import { S3Error } from '../errors.js';

export class ByteReader {
  private pending: Buffer = Buffer.alloc(0);
  private readonly iterator: AsyncIterator<Uint8Array>;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  /** A line without its CRLF; refuses lines longer than `max` bytes. */
  async line(max: number): Promise<string> {
    for (;;) {
      const end = this.pending.indexOf('\r\n');
      if (end >= 0) {
        const text = this.pending.subarray(0, end).toString('latin1');
        this.pending = this.pending.subarray(end + 2);
        return text;
      }
      if (this.pending.length > max) throw new S3Error('IncompleteBody', 'a chunk header of the aws-chunked body is too long');
      if (!(await this.fill())) throw new S3Error('IncompleteBody', 'the aws-chunked body ended early');
    }
  }

  /** Exactly `count` bytes, in the pieces they arrive in. */
  async *bytes(count: number): AsyncGenerator<Buffer> {
    let left = count;
    while (left > 0) {
      if (this.pending.length === 0 && !(await this.fill())) throw new S3Error('IncompleteBody', 'the aws-chunked body ended early');
      const piece = this.pending.subarray(0, left);
      this.pending = this.pending.subarray(piece.length);
      left -= piece.length;
      yield piece;
    }
  }

  async expectCrlf(): Promise<void> {
    if ((await this.line(0)) !== '') throw new S3Error('IncompleteBody', 'a chunk of the aws-chunked body is longer than announced');
  }

  private async fill(): Promise<boolean> {
    const next = await this.iterator.next();
    if (next.done) return false;
    const data = Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
    this.pending = this.pending.length === 0 ? data : Buffer.concat([this.pending, data]);
    return true;
  }
}
