/**
 * Big files from the web app go up by tus and survive what a single PUT does not, in a real
 * browser against the built daemon: a dropped connection retries from the node's offset; a page
 * reloaded mid-way resumes the same file from there when it is picked again; cancelling leaves
 * nothing staged on the node; a file over the quota or into a pool out of reach fails with the
 * node's reason on its row. Connections are cut with request interception, so it is deterministic.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileRow, SCREENSHOTS, seriousAccessibilityViolations } from '../helpers/browser.js';
import { eventually } from '../helpers/daemon.js';
import { STRONG_PASSWORD } from '../helpers/in-process-node.js';
import { startSignedIn, type SignedIn } from '../helpers/web-session.js';

const MiB = 1024 * 1024;
/** The app's tus chunk: the first PATCH of a 40 MiB file ends at 40 %. */
const CHUNK = 16 * MiB;
const UPLOADS = '**/api/v1/uploads**';

let w: SignedIn;
let page: Page;
let work: string;
/** Every tus request the page sent: method and Upload-Offset. */
let tusLog: { method: string; offset: number | undefined }[] = [];

beforeAll(async () => {
  w = await startSignedIn();
  page = w.page;
  work = await mkdtemp(join(tmpdir(), 'kith-web-upload-'));
  w.browser.context.on('request', (request) => {
    if (!request.url().includes('/api/v1/uploads')) return;
    const offset = request.headers()['upload-offset'];
    tusLog.push({ method: request.method(), offset: offset === undefined ? undefined : Number(offset) });
  });
});
afterAll(async () => {
  await w?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

async function sourceFile(name: string, size: number): Promise<{ path: string; sha: string }> {
  const data = randomBytes(size);
  const path = join(work, name);
  await writeFile(path, data);
  return { path, sha: createHash('sha256').update(data).digest('hex') };
}

const pick = (path: string) => page.getByLabel('Choose files to upload').setInputFiles(path);
const statusOf = (name: string) => page.getByRole('region', { name: 'Uploads' }).locator('li', { hasText: name }).locator('.status');

/** The SHA-256 of the node's copy, read by the signed-in page. */
function nodeSha(pool: string, path: string): Promise<string> {
  return page.evaluate(async (url) => {
    const bytes = await (await fetch(url)).arrayBuffer();
    return [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))].map((x) => x.toString(16).padStart(2, '0')).join('');
  }, `/api/v1/pools/${pool}/content/${path}`);
}

async function stagedUploads(): Promise<string[]> {
  return readdir(join(w.daemon.dataDir, 'uploads'));
}

/** Lets PATCH requests through, except those `cut` says to drop as a broken connection would. */
async function cutPatches(cut: (patchNumber: number) => boolean): Promise<void> {
  let patches = 0;
  await page.route(UPLOADS, (route: Route) => {
    if (route.request().method() !== 'PATCH') return route.continue();
    return cut(++patches) ? route.abort('connectionfailed') : route.continue();
  });
}

const patchesFrom = (offset: number) => tusLog.filter((r) => r.method === 'PATCH' && r.offset === offset);

describe('resumable uploads in the browser', () => {
  it('retries a dropped connection from the node\'s offset, and the file arrives whole', async () => {
    await w.openFolder('home-admin');
    const file = await sourceFile('retried.bin', 40 * MiB + 123);
    tusLog = [];
    await cutPatches((n) => n === 2);
    await pick(file.path);
    await expect.poll(() => statusOf('retried.bin').textContent(), { timeout: 45_000 }).toMatch(/done/);
    await page.unroute(UPLOADS);
    // The second chunk was cut, asked for the node's offset (HEAD) and sent again from there.
    expect(tusLog.map((r) => r.method)).toContain('HEAD');
    expect(patchesFrom(CHUNK).length).toBe(2);
    expect(await nodeSha('home-admin', 'retried.bin')).toBe(file.sha);
    await eventually('nothing is left staged', async () => (await stagedUploads()).length === 0);
  });

  it('resumes after a reload when the same file is picked again, from where the node\'s copy ends', async () => {
    await w.openFolder('home-admin');
    const file = await sourceFile('resumed.bin', 40 * MiB);
    tusLog = [];
    await cutPatches((n) => n > 1);
    await pick(file.path);
    await eventually('the second chunk was cut', () => patchesFrom(CHUNK).length > 0);
    // Reloaded while PATCHes are still cut: no retry slips a few more bytes through in between.
    await page.reload();
    await page.getByRole('toolbar', { name: 'File actions' }).waitFor();
    await page.unroute(UPLOADS);

    tusLog = [];
    await pick(file.path);
    await expect.poll(() => statusOf('resumed.bin').textContent(), { timeout: 45_000 }).toMatch(/^done, resumed at 40%/);
    await fileRow(page, 'resumed.bin').waitFor();
    await page.screenshot({ path: new URL('upload-resumed.png', SCREENSHOTS).pathname });
    // No new upload was created: the page asked the node's offset and went on from there.
    expect(tusLog.map((r) => r.method)).not.toContain('POST');
    expect(tusLog[0]?.method).toBe('HEAD');
    expect(tusLog.find((r) => r.method === 'PATCH')?.offset).toBe(CHUNK);
    expect(await nodeSha('home-admin', 'resumed.bin')).toBe(file.sha);
    await eventually('nothing is left staged', async () => (await stagedUploads()).length === 0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('cancelling an upload mid-way deletes what the node had staged', async () => {
    await w.openFolder('home-admin');
    const file = await sourceFile('cancelled.bin', 40 * MiB);
    let held: Route | undefined;
    await page.route(UPLOADS, (route: Route) => {
      // The second chunk hangs, as on a slow line, until the upload is cancelled.
      if (route.request().method() === 'PATCH' && tusLog.some((r) => r.method === 'PATCH' && r.offset === CHUNK)) held = route;
      else return route.continue();
    });
    tusLog = [];
    await pick(file.path);
    await eventually('the second chunk is on its way', () => held !== undefined);
    expect(await stagedUploads()).not.toEqual([]);
    await page.getByRole('button', { name: 'Cancel upload of cancelled.bin' }).click();
    await expect.poll(() => statusOf('cancelled.bin').textContent()).toMatch(/cancelled/);
    await eventually('the staged upload is deleted', async () => (await stagedUploads()).length === 0);
    expect(tusLog.map((r) => r.method)).toContain('DELETE');
    await held!.abort().catch(() => undefined);
    await page.unroute(UPLOADS);
  });

  it('shows on its row why the node refused a file: over the quota, or a pool out of reach', async () => {
    await w.call('/users', 'POST', { name: 'carol', password: STRONG_PASSWORD, quotaBytes: 10 * MiB });
    await w.signInAs('carol');
    await w.openFolder('home-carol');
    const big = await sourceFile('too-big.bin', 12 * MiB);
    tusLog = [];
    await pick(big.path);
    await expect.poll(() => statusOf('too-big.bin').textContent(), { timeout: 30_000 }).toMatch(/quota exceeded/);
    // Refused when it was created, before its bytes were sent.
    expect(tusLog.map((r) => r.method)).toEqual(['POST']);

    await w.openFolder('home-admin');
    const elsewhere = await sourceFile('not-mine.bin', 9 * MiB);
    await pick(elsewhere.path);
    await expect.poll(() => statusOf('not-mine.bin').textContent(), { timeout: 30_000 }).toMatch(/home-admin/);
    await page.setViewportSize({ width: 390, height: 800 });
    await expect.poll(() => statusOf('not-mine.bin').isVisible()).toBe(true);
    await page.screenshot({ path: new URL('upload-refused-phone.png', SCREENSHOTS).pathname });
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(await stagedUploads()).toEqual([]);
  });
});
