#!/usr/bin/env node
/**
 * `npm run bench:thumbnails`: how fast a node makes thumbnails of phone photos, against the same
 * work done directly with sharp in this process (libvips with nothing around it: the limit) and
 * with ImageMagick's `convert` (what PHP file managers such as Nextcloud's previews use), when it
 * is installed (`apt-get install imagemagick`). A set of 12-megapixel JPEGs is made, uploaded to a
 * real node (built first), then each one's 256 px thumbnail is asked for once with an empty
 * cache, and once more from the cache. Results on stdout, progress on stderr.
 */
import { Buffer } from 'node:buffer';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { callNode, cleanupOnSignals, encodePath, makeProgress, makeWorkDir, runMain, startKithNode } from './lib.mjs';

const PHOTOS = Number(process.env.KITH_BENCH_THUMBNAIL_PHOTOS ?? 24);
const WIDTH = 4032;
const HEIGHT = 3024;
const SIZE = 256;
// Debian's binary, not a stand-in earlier on the PATH.
const IMAGEMAGICK = '/usr/bin/convert';
const USER = 'bench';
const PASSWORD = 'correct horse battery staple 42';

const progress = makeProgress('[bench:thumbnails]');
const run = promisify(execFile);

/** A photo-like JPEG: smooth colour gradients under fine noise, which JPEG cannot squeeze away. */
async function makePhoto(file, seed) {
  const noise = { type: 'gaussian', mean: 110 + (seed % 40), sigma: 22 };
  const gradient = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}"><defs><linearGradient id="g" x2="1" y2="1">` +
      `<stop offset="0" stop-color="hsl(${(seed * 37) % 360},70%,45%)"/><stop offset="1" stop-color="hsl(${(seed * 91) % 360},60%,70%)"/>` +
      `</linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/></svg>`,
  );
  await sharp({ create: { width: WIDTH, height: HEIGHT, channels: 3, noise } })
    .composite([{ input: gradient, blend: 'soft-light' }])
    .jpeg({ quality: 88 })
    .toFile(file);
}

/** Photos per second, doing `each` for every photo one after the other. */
async function rate(files, each) {
  const started = performance.now();
  for (const file of files) await each(file);
  return files.length / ((performance.now() - started) / 1000);
}

/** As the node does it: orientation applied, fitted inside SIZE×SIZE, WebP at quality 75. */
const withSharp = (file) => sharp(file, { failOn: 'error' }).rotate().resize(SIZE, SIZE, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 75 }).toBuffer();

// `jpeg:size` lets libjpeg decode at a reduced scale, as sharp does by itself: the fair setting.
const withImageMagick = (out) => (file) =>
  run(IMAGEMAGICK, ['-define', `jpeg:size=${SIZE * 2}x${SIZE * 2}`, file, '-auto-orient', '-thumbnail', `${SIZE}x${SIZE}`, '-quality', '75', join(out, 'thumb.webp')]);

async function main() {
  cleanupOnSignals(progress);
  const dir = await makeWorkDir('kith-bench-thumbnails-');
  const files = Array.from({ length: PHOTOS }, (_, i) => join(dir, `photo-${String(i).padStart(3, '0')}.jpg`));
  for (const [i, file] of files.entries()) await makePhoto(file, i);
  const megabytes = (await Promise.all(files.map((f) => readFile(f).then((b) => b.length)))).reduce((a, b) => a + b, 0) / 1e6;
  progress(`${PHOTOS} photos of ${WIDTH}×${HEIGHT}, ${megabytes.toFixed(0)} MB, made`);

  const node = await startKithNode(join(dir, 'node'), { startTimeoutMs: 30_000, stderrChars: 4000 });
  await callNode(node, 'POST', '/users', JSON.stringify({ name: USER, password: PASSWORD, role: 'admin' }), { 'content-type': 'application/json' });
  const pool = `home-${USER}`;
  for (const file of files) await callNode(node, 'PUT', `/pools/${pool}/content/${encodePath(file.slice(dir.length + 1))}`, await readFile(file));
  const thumbnail = (file) => callNode(node, 'GET', `/pools/${pool}/thumbnails/${encodePath(file.slice(dir.length + 1))}?size=${SIZE}`).then((r) => r.arrayBuffer());

  const results = [['Kith node, first request (made)', await rate(files, thumbnail)]];
  results.push(['Kith node, again (from its cache)', await rate(files, thumbnail)]);
  results.push(['sharp in process (the limit)', await rate(files, withSharp)]);
  if (existsSync(IMAGEMAGICK)) results.push(['ImageMagick convert', await rate(files, withImageMagick(dir))]);
  else progress('ImageMagick is not installed (apt-get install imagemagick): its row is left out');

  const made = results[0][1];
  console.log(`${SIZE} px thumbnails of ${PHOTOS} JPEG photos of ${((WIDTH * HEIGHT) / 1e6).toFixed(1)} MP, one at a time:`);
  for (const [name, perSecond] of results) {
    const ratio = name.startsWith('Kith') ? '' : `   Kith first request at ${(made / perSecond).toFixed(2)}× this`;
    console.log(`  ${name.padEnd(36)} ${perSecond.toFixed(1).padStart(7)} photos/s${ratio}`);
  }
}

await runMain(main, 'bench:thumbnails');
