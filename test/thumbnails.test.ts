/**
 * Thumbnails made on the node: real images decoded and resized (sharp), EXIF orientation applied
 * and metadata dropped, cached by content and revalidated by ETag, refused for what is not an image.
 */
import { rm, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, startTestNode, type TestNode } from './helpers/in-process-node.js';

let t: TestNode;

/** A landscape JPEG (1200 x 600) whose EXIF says "rotate 90°" and which carries a GPS-like comment. */
async function sidewaysPhoto(): Promise<Buffer> {
  return sharp({ create: { width: 1200, height: 600, channels: 3, background: '#2a6f97' } })
    .jpeg()
    .withMetadata({ orientation: 6, exif: { IFD0: { ImageDescription: 'GPS 48.8584 2.2945' } } })
    .toBuffer();
}

beforeAll(async () => {
  t = await startTestNode();
  expect((await t.api('/pools', { method: 'POST', json: { name: 'pics' } })).status).toBe(201);
  expect((await t.api('/pools/pics/content/holiday.jpg', { method: 'PUT', body: await sidewaysPhoto() })).status).toBe(201);
  expect((await t.api('/pools/pics/content/notes.txt', { method: 'PUT', body: 'not an image' })).status).toBe(201);
  expect((await t.api('/pools/pics/content/broken.png', { method: 'PUT', body: 'not a png either' })).status).toBe(201);
});
afterAll(() => t.stop());

describe('thumbnails', () => {
  it('makes an upright WebP within the asked size, without the photo\'s metadata', async () => {
    const res = await t.api('/pools/pics/thumbnails/holiday.jpg?size=256');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/webp');
    const image = Buffer.from(await res.arrayBuffer());
    const meta = await sharp(image).metadata();
    expect(meta.format).toBe('webp');
    // 1200 x 600 turned upright is 600 x 1200: fitted into 256 x 256, 128 x 256.
    expect([meta.width, meta.height]).toEqual([128, 256]);
    expect(meta.exif).toBeUndefined();
  });

  it('caches by content and answers a revalidation with 304', async () => {
    const first = await t.api('/pools/pics/thumbnails/holiday.jpg?size=128');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{64}-128"$/);
    expect((await readdir(join(t.dataDir, 'thumbnails'))).some((f) => etag.includes(f.replace('.webp', '')))).toBe(true);
    expect((await t.api('/pools/pics/thumbnails/holiday.jpg?size=128', { headers: { 'if-none-match': etag } })).status).toBe(304);
    // A copy shares the content, so it shares the thumbnail.
    expect((await t.api('/pools/pics/copy', { method: 'POST', json: { from: 'holiday.jpg', to: 'again.jpg' } })).status).toBe(201);
    expect((await t.api('/pools/pics/thumbnails/again.jpg?size=128')).headers.get('etag')).toBe(etag);
  });

  it('remakes a thumbnail lost from the cache', async () => {
    await rm(join(t.dataDir, 'thumbnails'), { recursive: true, force: true });
    expect((await t.api('/pools/pics/thumbnails/holiday.jpg?size=512')).status).toBe(200);
  });

  it('refuses what is not an image, an unreadable image, and sizes it does not make', async () => {
    await expectError(await t.api('/pools/pics/thumbnails/notes.txt'), 415, 'E_UNSUPPORTED');
    await expectError(await t.api('/pools/pics/thumbnails/broken.png'), 415, 'E_UNSUPPORTED');
    await expectError(await t.api('/pools/pics/thumbnails/holiday.jpg?size=300'), 400, 'E_INVALID');
    await expectError(await t.api('/pools/pics/thumbnails/missing.jpg'), 404, 'E_NOT_FOUND');
  });
});
