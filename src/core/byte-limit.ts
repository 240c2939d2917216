/** Passes a stream of bytes on until it grows past `maxBytes`; then throws what `tooMany` makes. */
export async function* limitBytes(source: AsyncIterable<Uint8Array>, maxBytes: number, tooMany: () => Error): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const data of source) {
    total += data.byteLength;
    if (total > maxBytes) throw tooMany();
    yield data;
  }
}
