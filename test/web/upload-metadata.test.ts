/**
 * "Remove photo metadata" in a real browser against the built daemon: a JPEG made with a camera
 * make, GPS position and orientation goes up without its Exif but its orientation, its image data
 * byte for byte; the choice survives a reload; unticked, a photo goes up as it is.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileRow, SCREENSHOTS, seriousAccessibilityViolations } from '../helpers/browser.js';
import { startSignedIn, type SignedIn } from '../helpers/web-session.js';

/** A photo as a phone makes it: a camera make, a GPS position, and turned a quarter. */
const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 30, b: 60 } } })
  .withExif({ IFD0: { Make: 'Kith test camera' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1' } })
  .withMetadata({ orientation: 6 })
  .jpeg()
  .toBuffer();
let w: SignedIn;
let work: string;

beforeAll(async () => {
  [w, work] = await Promise.all([startSignedIn(), mkdtemp(join(tmpdir(), 'kith-web-metadata-'))]);
});
afterAll(async () => {
  await w?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

const option = () => w.page.getByLabel('Remove photo metadata');

async function upload(name: string): Promise<Buffer> {
  const path = join(work, name);
  await writeFile(path, photo);
  await w.page.getByLabel('Choose files to upload').setInputFiles(path);
  await fileRow(w.page, name).waitFor();
  const bytes = await w.page.evaluate((url) => fetch(url).then(async (r) => [...new Uint8Array(await r.arrayBuffer())]), `/api/v1/pools/home-admin/content/${name}`);
  return Buffer.from(bytes);
}

/** The JPEG's marker segments before the scan, as [marker, payload]. */
function segments(jpeg: Buffer): [number, Buffer][] {
  const out: [number, Buffer][] = [];
  for (let at = 2; jpeg[at + 1] !== 0xda; at += 2 + jpeg.readUInt16BE(at + 2)) out.push([jpeg[at + 1]!, jpeg.subarray(at + 4, at + 2 + jpeg.readUInt16BE(at + 2))]);
  return out;
}

const scan = (jpeg: Buffer) => jpeg.subarray(jpeg.indexOf(Buffer.from([0xff, 0xda])));

describe('removing photo metadata before upload', () => {
  it('uploads a photo without camera and GPS, with its orientation and every byte of its image', async () => {
    await w.openFolder('home-admin');
    await option().check();
    await w.page.reload();
    await expect.poll(() => option().isChecked()).toBe(true);

    const stored = await upload('stripped.jpg');
    expect(await seriousAccessibilityViolations(w.page)).toEqual([]);
    await w.page.screenshot({ path: new URL('upload-options.png', SCREENSHOTS).pathname });
    const exifs = segments(stored).filter(([marker]) => marker === 0xe1);
    expect(exifs).toHaveLength(1);
    expect(exifs[0]![1].length).toBeLessThan(40);
    expect(stored.toString('latin1')).not.toMatch(/Kith test camera/);
    expect((await sharp(stored).metadata()).orientation).toBe(6);
    // ICC colour and the tables stay; the scan is the same bytes; so the pixels are too.
    expect(segments(stored).filter(([marker]) => marker !== 0xe1)).toEqual(segments(photo).filter(([marker]) => marker !== 0xe1));
    expect(scan(stored).equals(scan(photo))).toBe(true);
    expect((await sharp(stored).raw().toBuffer()).equals(await sharp(photo).raw().toBuffer())).toBe(true);
  });

  it('uploads a photo as it is when the option is off', async () => {
    await option().uncheck();
    const stored = await upload('as-is.jpg');
    expect(stored.equals(photo)).toBe(true);
    const exif = (await sharp(stored).metadata()).exif!.toString('latin1');
    expect(exif).toMatch(/Kith test camera/);
  });
});
