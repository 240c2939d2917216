import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from './helpers/in-process-node.js';

/**
 * A 4 GiB + 1 MiB file shaped like a disk image: zeros with random islands, two of them straddling
 * the 2^31 and 2^32 byte offsets where 32-bit arithmetic would break. Streamed both ways; the
 * zeros deduplicate, so the test costs hashing time, not disk space.
 */
const MiB = 1024 * 1024;
const SIZE = 4096 * MiB + MiB;
const ISLANDS = new Map<number, Buffer>([
  [0, randomBytes(MiB)],
  [2047, randomBytes(MiB)],
  [2048, randomBytes(MiB)],
  [4095, randomBytes(MiB)],
  [4096, randomBytes(MiB)],
]);
const ZEROS = Buffer.alloc(MiB);
const blockAt = (i: number) => ISLANDS.get(i) ?? ZEROS;

function* blocks(): Generator<Buffer> {
  for (let i = 0; i < SIZE / MiB; i++) yield blockAt(i);
}

/** The expected bytes of [start, end] (inclusive), from the block layout. */
function expected(start: number, end: number): Buffer {
  const parts: Buffer[] = [];
  for (let i = Math.floor(start / MiB); i <= Math.floor(end / MiB); i++) {
    const from = Math.max(start - i * MiB, 0);
    const to = Math.min(end - i * MiB + 1, MiB);
    parts.push(blockAt(i).subarray(from, to));
  }
  return Buffer.concat(parts);
}

let t: TestNode;
let wholeHash: string;
beforeAll(async () => {
  t = await startTestNode();
  await t.api('/pools', { method: 'POST', json: { name: 'images' } });
  const h = createHash('sha256');
  for (const b of blocks()) h.update(b);
  wholeHash = h.digest('hex');
});
afterAll(() => t.stop());

function upload(): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${t.url}/api/v1/pools/images/content/disk.img`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${t.adminToken}`, 'content-length': SIZE },
    }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', reject);
    Readable.from(blocks()).pipe(req);
  });
}

describe('a multi-GiB file', () => {
  it('streams up and down intact, with ranges past 2^31 and 2^32', async () => {
    expect(await upload()).toBe(201);
    const stat = (await (await t.api('/pools/images/files/disk.img')).json()) as { entry: { size: number } };
    expect(stat.entry.size).toBe(SIZE);

    for (const [start, end] of [[2 ** 31 - 10, 2 ** 31 + 10], [2 ** 32 - 3, 2 ** 32 + 2], [SIZE - 100, SIZE - 1], [0, 99]]) {
      const res = await t.api('/pools/images/content/disk.img', { headers: { range: `bytes=${start}-${end}` } });
      expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end}/${SIZE}`);
      expect(Buffer.from(await res.arrayBuffer()).equals(expected(start, end)), `range ${start}-${end}`).toBe(true);
    }

    const res = await t.api('/pools/images/content/disk.img');
    expect(res.headers.get('content-length')).toBe(String(SIZE));
    const h = createHash('sha256');
    let received = 0;
    for await (const part of res.body as unknown as AsyncIterable<Uint8Array>) {
      h.update(part);
      received += part.length;
    }
    expect(received).toBe(SIZE);
    expect(h.digest('hex')).toBe(wholeHash);
  }, 300_000);
});
