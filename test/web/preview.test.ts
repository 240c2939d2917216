/**
 * File previews in a real browser against the built daemon: an image from the node's thumbnail,
 * a PDF drawn by pdf.js, a video streamed with Range requests and seeked, an STL cube drawn with
 * WebGL, Markdown rendered without running what it hides, long text cut with a notice; Previous,
 * Next and Escape from the keyboard; previews on public share pages (a folder's, on a phone, and
 * a file's), logged out; clear words for a broken PDF and for no WebGL; axe-core on the open
 * preview; and no request to anywhere but the node.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, startDaemon, type Daemon } from '../helpers/daemon.js';
import { fileRow, launchBrowser, SCREENSHOTS, seriousAccessibilityViolations, type TestBrowser } from '../helpers/browser.js';
import { createAdmin } from '../helpers/share-scene.js';
import { makePdf, makePng, makeStlCube, makeWav, pixelsUnlikeBackground } from '../helpers/preview-fixtures.js';

const MARKDOWN = [
  '# Preview heading',
  '',
  'Some *emphasis* and a [link](javascript:window.__linkRan=1).',
  '',
  '<script>window.__scriptRan = 1</script>',
  '',
  '<img src="x" onerror="window.__onerrorRan = 1">',
  '',
].join('\n');

/** Records a few seconds of a changing canvas as WebM, in the page; returns it as base64. */
const RECORD_WEBM = `(async () => {
  const canvas = document.createElement('canvas');
  canvas.width = 160; canvas.height = 120;
  const g = canvas.getContext('2d');
  let frame = 0;
  const draw = () => { g.fillStyle = 'hsl(' + (frame * 12) % 360 + ' 80% 50%)'; g.fillRect(0, 0, 160, 120); g.fillStyle = '#fff'; g.fillText(String(frame++), 70, 60); };
  draw();
  const timer = setInterval(draw, 40);
  const recorder = new MediaRecorder(canvas.captureStream(25), { mimeType: 'video/webm;codecs=vp8' });
  const parts = [];
  recorder.ondataavailable = (e) => parts.push(e.data);
  const stopped = new Promise((resolve) => (recorder.onstop = resolve));
  recorder.start(500);
  await new Promise((resolve) => setTimeout(resolve, 3000));
  recorder.stop();
  await stopped;
  clearInterval(timer);
  const bytes = new Uint8Array(await new Blob(parts).arrayBuffer());
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
})()`;

let d: Daemon;
let owner: TestBrowser;
let visitor: TestBrowser;
let page: Page;
let work: string;
const contentResponses: { url: string; status: number; range?: string }[] = [];
/** Thumbnails asked for and refused: the app should ask only for those the node can make. */
const refusedThumbnails: string[] = [];

beforeAll(async () => {
  d = await startDaemon();
  owner = await launchBrowser();
  visitor = await launchBrowser();
  page = owner.page;
  work = await mkdtemp(join(tmpdir(), 'kith-preview-'));
  await mkdir(SCREENSHOTS, { recursive: true });
  page.on('response', (response: Response) => {
    if (response.url().includes('/thumbnails/') && response.status() >= 400) refusedThumbnails.push(response.url());
    if (response.url().includes('/content/')) contentResponses.push({ url: response.url(), status: response.status(), range: response.request().headers().range });
  });
});
afterAll(async () => {
  for (const browser of [owner, visitor]) await browser?.close();
  if (d) {
    await d.stop();
    await removeDir(d.dataDir);
  }
  if (work) await rm(work, { recursive: true, force: true });
});

const row = (name: string) => fileRow(page, name);
const screenshot = (p: Page, name: string) => p.screenshot({ path: new URL(`${name}.png`, SCREENSHOTS).pathname });
const dialogOf = (p: Page) => p.getByRole('dialog');
const previewTitle = (p: Page) => dialogOf(p).getByRole('heading', { level: 2 });

async function openPreview(name: string): Promise<void> {
  await row(name).dblclick();
  await expect.poll(() => previewTitle(page).textContent()).toBe(name);
}

async function closePreview(p: Page): Promise<void> {
  await p.keyboard.press('Escape');
  await dialogOf(p).waitFor({ state: 'detached' });
}

/** The open preview's <img>, once it has loaded: where it came from and how wide it is. */
async function loadedImage(p: Page): Promise<{ src: string; width: number }> {
  const img = dialogOf(p).locator('.preview-image img');
  await expect.poll(() => img.evaluate((i) => (i as unknown as { complete: boolean; naturalWidth: number }).complete && (i as unknown as { naturalWidth: number }).naturalWidth), { timeout: 20_000 }).toBeGreaterThan(0);
  return img.evaluate((i) => ({ src: (i as unknown as { currentSrc: string }).currentSrc, width: (i as unknown as { naturalWidth: number }).naturalWidth }));
}

const modelCanvas = () => dialogOf(page).locator('.preview-model canvas');

/** The WebGL canvas shows more than its background: the model is there. */
async function expectModelDrawn(): Promise<void> {
  await expect.poll(async () => {
    const { differing, total } = await pixelsUnlikeBackground(await modelCanvas().screenshot());
    return differing / total;
  }, { timeout: 20_000 }).toBeGreaterThan(0.02);
}

describe('file previews', () => {
  it('sets up an owner with one file of each kind', async () => {
    await createAdmin(page, d);

    const video = Buffer.from((await page.evaluate(RECORD_WEBM)) as string, 'base64');
    expect(video.subarray(0, 4).toString('hex')).toBe('1a45dfa3'); // the EBML magic of a WebM
    const files: Record<string, string | Buffer> = {
      'photo.png': await makePng(1600, 1200),
      'doc.pdf': makePdf(['Page one', 'Page two']),
      'broken.pdf': 'this is not a PDF at all',
      'cube.stl': makeStlCube(20),
      'notes.md': MARKDOWN,
      'clip.webm': video,
      'chime.wav': makeWav(2),
      'big.log': 'a line of a long log\n'.repeat(60_000),
      'unknown.bin': randomBytes(2000),
      'tetra.obj': 'v 0 0 0\nv 10 0 0\nv 0 10 0\nv 0 0 10\nf 1 3 2\nf 1 2 4\nf 1 4 3\nf 2 3 4\n',
      'logo.svg': '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><script>window.__svgRan = 1</script><rect width="200" height="100" fill="teal"/></svg>',
    };
    for (const [name, bytes] of Object.entries(files)) await writeFile(join(work, name), bytes);
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Upload files' }).click()]);
    await chooser.setFiles(Object.keys(files).map((name) => join(work, name)));
    for (const name of Object.keys(files)) await row(name).waitFor({ timeout: 30_000 });
  });

  it('shows an image from its 1024 px thumbnail, and the original at actual size', async () => {
    await openPreview('photo.png');
    const shown = await loadedImage(page);
    expect(new URL(shown.src).pathname).toBe('/api/v1/pools/home-admin/thumbnails/photo.png');
    expect(new URL(shown.src).searchParams.get('size')).toBe('1024');
    expect(shown.width).toBe(1024);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'preview-image');

    await dialogOf(page).getByRole('button', { name: 'Actual size' }).click();
    await expect.poll(async () => (await loadedImage(page)).width).toBe(1600);
    expect(new URL((await loadedImage(page)).src).pathname).toBe('/api/v1/pools/home-admin/content/photo.png');
    await dialogOf(page).getByRole('button', { name: 'Fit to window' }).click();
  });

  it('goes to the next and previous file with the arrow keys, and Escape gives the focus back to the list', async () => {
    // Sorted by name: big.log, broken.pdf, chime.wav, clip.webm, cube.stl, doc.pdf, logo.svg, notes.md, photo.png, tetra.obj, unknown.bin.
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => previewTitle(page).textContent()).toBe('tetra.obj');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => previewTitle(page).textContent()).toBe('unknown.bin');
    await expect.poll(() => dialogOf(page).textContent()).toMatch(/no preview for this kind of file/);
    await dialogOf(page).getByRole('link', { name: 'Download unknown.bin' }).first().waitFor();
    expect(await dialogOf(page).textContent()).toMatch(/11 of 11/);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => previewTitle(page).textContent()).toBe('big.log');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => previewTitle(page).textContent()).toBe('unknown.bin');
    await dialogOf(page).getByRole('button', { name: 'Previous file' }).click();
    await expect.poll(() => previewTitle(page).textContent()).toBe('tetra.obj');

    await closePreview(page);
    const list = page.getByRole('listbox', { name: 'Files in home-admin' });
    expect(await list.evaluate((el) => el === (el.ownerDocument as unknown as { activeElement: unknown }).activeElement)).toBe(true);
    expect(await row('tetra.obj').getAttribute('aria-selected')).toBe('true');
    // Enter on the focused entry opens it again.
    await page.keyboard.press('Enter');
    await expect.poll(() => previewTitle(page).textContent()).toBe('tetra.obj');
    await closePreview(page);
  });

  it('draws a PDF with pdf.js, page by page', async () => {
    await openPreview('doc.pdf');
    const dialog = dialogOf(page);
    await expect.poll(() => dialog.textContent(), { timeout: 20_000 }).toMatch(/Page 1 of 2/);
    const canvas = dialog.locator('.preview-pdf canvas');
    const words = dialog.locator('#preview-pdf-text');
    expect(await canvas.getAttribute('aria-label')).toBe('Page 1 of doc.pdf');
    // The page's text, given to screen readers, proves pdf.js parsed the page.
    await expect.poll(() => words.textContent(), { timeout: 20_000 }).toBe('Page one');
    const inked = () => canvas.evaluate((c) => {
      const element = c as unknown as { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
      const { data } = element.getContext('2d').getImageData(0, 0, element.width, element.height);
      let count = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i]! < 200 || data[i + 1]! < 200) count++;
      return { count, total: element.width * element.height };
    });
    const first = await inked();
    // The blue bar alone covers a fifth of the page.
    expect(first.count / first.total).toBeGreaterThan(0.1);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'preview-pdf');
    await dialog.getByRole('button', { name: 'Next page' }).click();
    await expect.poll(() => dialog.textContent()).toMatch(/Page 2 of 2/);
    await expect.poll(() => words.textContent(), { timeout: 20_000 }).toBe('Page two');
    expect((await inked()).count).toBeGreaterThan(0);
    expect(owner.requests.some((url) => /\/assets\/pdf\.worker[^/]*\.mjs$/.test(new URL(url).pathname))).toBe(true);
    // pdf.js parses in its worker, not in the page (its fallback when the worker fails to start).
    expect(page.workers().map((worker) => new URL(worker.url()).pathname)).toContainEqual(expect.stringMatching(/^\/assets\/pdf\.worker[^/]*\.mjs$/));
    await closePreview(page);
  });

  it('says plainly when a PDF is broken', async () => {
    await openPreview('broken.pdf');
    await expect.poll(() => dialogOf(page).getByRole('alert').textContent(), { timeout: 20_000 }).toMatch(/This PDF cannot be shown: .+/);
    await closePreview(page);
  });

  it('streams a video and seeks in it with Range requests', async () => {
    await openPreview('clip.webm');
    const video = dialogOf(page).locator('video');
    await expect.poll(() => video.evaluate((v) => (v as unknown as { readyState: number }).readyState), { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    const reached = await video.evaluate((v) => new Promise<number>((resolve, reject) => {
      const player = v as unknown as { currentTime: number; addEventListener(type: string, listener: () => void, options: object): void };
      player.addEventListener('seeked', () => resolve(player.currentTime), { once: true });
      player.addEventListener('error', () => reject(new Error('the video failed')), { once: true });
      player.currentTime = 1.5;
    }));
    expect(reached).toBeCloseTo(1.5, 1);
    const clip = contentResponses.filter((r) => r.url.endsWith('/content/clip.webm'));
    expect(clip.some((r) => r.status === 206 && r.range?.startsWith('bytes='))).toBe(true);
    await closePreview(page);
  });

  it('plays a sound, streamed', async () => {
    await openPreview('chime.wav');
    const audio = dialogOf(page).locator('audio');
    await expect.poll(() => audio.evaluate((a) => (a as unknown as { duration: number }).duration), { timeout: 20_000 }).toBeCloseTo(2, 1);
    expect(await audio.getAttribute('aria-label')).toBe('chime.wav');
    expect(contentResponses.some((r) => r.url.endsWith('/content/chime.wav') && r.status === 206)).toBe(true);
    await closePreview(page);
  });

  it('draws an STL cube and an OBJ tetrahedron with WebGL', async () => {
    await openPreview('cube.stl');
    await expect.poll(() => modelCanvas().getAttribute('aria-label'), { timeout: 30_000 }).toMatch(/3D model cube\.stl, 20 × 20 × 20 units/);
    await expectModelDrawn();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'preview-stl');
    await closePreview(page);
    await page.emulateMedia({ colorScheme: 'dark' });
    await openPreview('tetra.obj');
    await expect.poll(() => modelCanvas().getAttribute('aria-label'), { timeout: 30_000 }).toMatch(/3D model tetra\.obj, 10 × 10 × 10 units/);
    await expectModelDrawn();
    await screenshot(page, 'preview-obj-dark');
    await closePreview(page);
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('shows an SVG through <img>, where its script does not run', async () => {
    await openPreview('logo.svg');
    const shown = await loadedImage(page);
    expect(new URL(shown.src).pathname).toBe('/api/v1/pools/home-admin/content/logo.svg');
    expect(shown.width).toBe(200);
    expect(await page.evaluate('window.__svgRan')).toBeUndefined();
    await closePreview(page);
  });

  it('renders Markdown, and what hides in it does not run', async () => {
    await openPreview('notes.md');
    const article = dialogOf(page).locator('article.markdown');
    await dialogOf(page).getByRole('heading', { name: 'Preview heading', level: 1 }).waitFor();
    expect(await article.locator('em').textContent()).toBe('emphasis');
    expect(await article.locator('script, img, [onerror]').count()).toBe(0);
    expect(await article.textContent()).toContain('<script>window.__scriptRan = 1</script>');
    expect(await article.locator('a').getAttribute('href')).not.toMatch(/javascript/i);
    expect(await page.evaluate('[window.__scriptRan, window.__onerrorRan, window.__linkRan]')).toEqual([undefined, undefined, undefined]);
    await closePreview(page);
  });

  it('shows the first MiB of a long text, by a Range request, and says so', async () => {
    await openPreview('big.log');
    await expect.poll(() => dialogOf(page).textContent()).toMatch(/Showing the first 1\.0 MB of 1\.3 MB/);
    const text = await dialogOf(page).locator('pre').textContent();
    expect(text!.length).toBe(1024 * 1024);
    expect(contentResponses.some((r) => r.url.endsWith('/content/big.log') && r.status === 206 && r.range === 'bytes=0-1048575')).toBe(true);
    await closePreview(page);
  });

  it('previews a file in a shared folder for a logged-out visitor on a phone, in the dark', async () => {
    // The list follows the preview: unselect its last file, so Share shares the folder.
    await row('big.log').click({ modifiers: ['Control'] });
    await page.getByRole('toolbar', { name: 'File actions' }).getByRole('button', { name: 'Share' }).click();
    await dialogOf(page).getByRole('button', { name: 'Create link' }).click();
    const link = await dialogOf(page).getByLabel(/Anyone with this link/).inputValue();
    await dialogOf(page).getByRole('button', { name: 'Done' }).click();

    const guest = visitor.page;
    await guest.setViewportSize({ width: 390, height: 760 });
    await guest.emulateMedia({ colorScheme: 'dark' });
    await guest.goto(link);
    await guest.getByRole('button', { name: 'Preview photo.png' }).click();
    await expect.poll(() => previewTitle(guest).textContent()).toBe('photo.png');
    const shown = await loadedImage(guest);
    expect(new URL(shown.src).pathname).toMatch(/^\/api\/v1\/s\/[A-Za-z0-9_-]{24}\/thumbnails\/photo\.png$/);
    expect(shown.width).toBe(1024);
    expect(await seriousAccessibilityViolations(guest)).toEqual([]);
    await screenshot(guest, 'preview-share-phone-dark');
    await guest.keyboard.press('ArrowLeft');
    await expect.poll(() => previewTitle(guest).textContent()).toBe('notes.md');
    await dialogOf(guest).getByRole('heading', { name: 'Preview heading' }).waitFor();
    await screenshot(guest, 'preview-markdown-phone-dark');
    await closePreview(guest);
    expect(await guest.evaluate('document.activeElement.textContent')).toBe('photo.png');
  });

  it('says plainly when the browser has no WebGL for a model', async () => {
    const guest = visitor.page;
    await visitor.context.addInitScript(`{
      const getContext = HTMLCanvasElement.prototype.getContext;
      HTMLCanvasElement.prototype.getContext = function (kind, ...rest) { return /webgl/.test(kind) ? null : getContext.call(this, kind, ...rest); };
    }`);
    await guest.reload();
    await guest.getByRole('button', { name: 'Preview cube.stl' }).click();
    await expect.poll(() => dialogOf(guest).getByRole('alert').textContent(), { timeout: 20_000 }).toMatch(/3D graphics \(WebGL\) turned off/);
    await closePreview(guest);
  });

  it('previews a shared file from its own page', async () => {
    await row('doc.pdf').click();
    await page.getByRole('toolbar', { name: 'File actions' }).getByRole('button', { name: 'Share' }).click();
    await dialogOf(page).getByRole('button', { name: 'Create link' }).click();
    const link = await dialogOf(page).getByLabel(/Anyone with this link/).inputValue();
    await dialogOf(page).getByRole('button', { name: 'Done' }).click();

    const guest = visitor.page;
    await guest.goto(link);
    await guest.getByRole('heading', { name: 'doc.pdf' }).waitFor();
    await guest.getByRole('button', { name: 'Preview' }).click();
    await expect.poll(() => dialogOf(guest).locator('#preview-pdf-text').textContent(), { timeout: 20_000 }).toBe('Page one');
    expect(await dialogOf(guest).textContent()).toMatch(/Page 1 of 2/);
    expect(await seriousAccessibilityViolations(guest)).toEqual([]);
    await closePreview(guest);
  });

  it('colours code by its language, as text that cannot run', async () => {
    const code = 'def greet(name):\n    # say hello\n    return "<img src=x onerror=window.__codeRan=1>" + name\n';
    await page.evaluate((body) => fetch('/api/v1/pools/home-admin/content/greet.py', { method: 'PUT', headers: { 'x-requested-with': 'XMLHttpRequest' }, body }), code);
    await page.reload();
    await openPreview('greet.py');
    const block = dialogOf(page).locator('pre code.hljs');
    await expect.poll(() => block.locator('.hljs-keyword').first().textContent()).toBe('def');
    expect(await block.locator('.hljs-comment').textContent()).toBe('# say hello');
    expect(await block.textContent()).toBe(code);
    expect(await block.locator('img').count()).toBe(0);
    expect(await page.evaluate('window.__codeRan')).toBeUndefined();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'light' });
    await closePreview(page);
  });

  it('requested nothing from anywhere but its node, and broke no Content-Security-Policy', () => {
    const origin = new URL(d.url).origin;
    for (const b of [owner, visitor]) {
      expect(b.requests.filter((url) => new URL(url).origin !== origin)).toEqual([]);
      expect(b.cspViolations).toEqual([]);
    }
    expect(refusedThumbnails).toEqual([]);
  });
});
