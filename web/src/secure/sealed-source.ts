/** Downloads a sealed file as a stream of bytes, for decrypt.ts to read as it arrives. */
import { errorFrom } from '../api/http';

export async function fetchSealed(url: string): Promise<ReadableStream<Uint8Array>> {
  // Revalidated each time: a file replaced on the node must not be read from the browser's cache.
  const response = await fetch(url, { credentials: 'same-origin', cache: 'no-cache' });
  if (!response.ok) throw errorFrom(response.status, await response.json().catch(() => undefined));
  if (!response.body) throw new Error('the browser gave no body to read');
  return response.body;
}
