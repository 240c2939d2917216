/**
 * The file manager's downloads and shortcuts in a real browser against the built daemon: a folder
 * and a file selected together download as one zip with every entry and byte (read back by
 * Python's zipfile); files and folders starred by key and by click show on the Favorites page and
 * can be unstarred there; the Recent page lists what was written, newest first.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileRow, SCREENSHOTS, seriousAccessibilityViolations } from '../helpers/browser.js';
import { startSignedIn, type SignedIn } from '../helpers/web-session.js';
import { zipContents } from '../helpers/zip.js';

const files: Record<string, Buffer> = {
  'Photos/beach.jpg': randomBytes(300_000),
  'Photos/2024/notes.txt': Buffer.from('a summer'),
  'todo.md': Buffer.from('- buy milk'),
  'letter.txt': Buffer.from('Dear node,'),
};

let w: SignedIn;
let page: Page;

beforeAll(async () => {
  w = await startSignedIn();
  page = w.page;
  await w.openFolder('home-admin');
  for (const [path, body] of Object.entries(files)) {
    // Written one after the other, so that Recent has an order to show.
    const status = await page.evaluate(
      async ([url, bytes]) => (await fetch(url, { method: 'PUT', headers: { 'x-requested-with': 'XMLHttpRequest' }, body: new Uint8Array(bytes) })).status,
      [`/api/v1/pools/home-admin/content/${path}`, [...body]] as const,
    );
    expect(status, path).toBe(201);
  }
  await w.openFolder('home-admin');
});
afterAll(() => w?.close());

const row = (name: string) => fileRow(page, name);
const sha = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
const side = (name: string) => page.getByRole('navigation', { name: 'Pools' }).getByRole('link', { name });

async function download(): Promise<{ name: string; path: string }> {
  const [saved] = await Promise.all([page.waitForEvent('download'), page.getByRole('toolbar', { name: 'File actions' }).getByRole('button', { name: 'Download' }).click()]);
  return { name: saved.suggestedFilename(), path: (await saved.path())! };
}

describe('downloads', () => {
  it('downloads a folder and a file selected together as one zip with every entry', async () => {
    await row('Photos').click();
    await row('todo.md').click({ modifiers: ['Control'] });
    const zip = await download();
    expect(zip.name).toBe('download.zip');
    expect(await zipContents(zip.path)).toEqual({
      'Photos/': 'dir',
      'Photos/2024/': 'dir',
      'Photos/2024/notes.txt': sha(files['Photos/2024/notes.txt']!),
      'Photos/beach.jpg': sha(files['Photos/beach.jpg']!),
      'todo.md': sha(files['todo.md']!),
    });
  });

  it('downloads one folder as a zip named after it, and one file as itself', async () => {
    await row('Photos').click();
    const folder = await download();
    expect(folder.name).toBe('Photos.zip');
    expect(Object.keys(await zipContents(folder.path)).sort()).toEqual(['Photos/', 'Photos/2024/', 'Photos/2024/notes.txt', 'Photos/beach.jpg']);
    await row('letter.txt').click();
    const file = await download();
    expect(file.name).toBe('letter.txt');
  });
});

describe('favorites and recent files', () => {
  it('stars a file with the S key and a folder with a click on its star', async () => {
    await row('letter.txt').click();
    await page.getByRole('listbox', { name: 'Files in home-admin' }).press('s');
    await expect.poll(() => row('letter.txt').textContent()).toMatch(/, favorite$/);
    await row('Photos').hover();
    await row('Photos').locator('.favorite-mark').click();
    await expect.poll(() => row('Photos').textContent()).toMatch(/, favorite$/);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: new URL('files-favorites.png', SCREENSHOTS).pathname });
  });

  it('lists the favorites from the side, opens a folder from there, and unstars one', async () => {
    await side('Favorites').click();
    const list = page.getByRole('list', { name: 'Favorites' });
    await expect.poll(() => list.getByRole('listitem').allTextContents()).toHaveLength(2);
    expect((await list.getByRole('listitem').allTextContents()).join('|')).toMatch(/Photos.*\|.*letter\.txt|letter\.txt.*\|.*Photos/);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: new URL('favorites-dark.png', SCREENSHOTS).pathname });
    await page.emulateMedia({ colorScheme: 'light' });

    await page.getByRole('button', { name: 'Remove letter.txt from favorites' }).click();
    await expect.poll(() => list.getByRole('listitem').count()).toBe(1);
    const favorites = (await (await w.call('/favorites', 'GET')).json()) as { items: { entry: { path: string } }[] };
    expect(favorites.items.map((i) => i.entry.path)).toEqual(['Photos']);

    await list.getByRole('link', { name: 'Photos', exact: true }).click();
    await page.getByRole('listbox', { name: 'Files in Photos' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/files/home-admin/Photos');
  });

  it('lists the files written lately, newest first, on a phone too', async () => {
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto(`${w.daemon.url}/recent`);
    const list = page.getByRole('list', { name: 'Recent files' });
    await expect.poll(() => list.getByRole('listitem').count()).toBe(4);
    const names = await list.getByRole('listitem').locator('.name > a').allTextContents();
    expect(names).toEqual(['letter.txt', 'todo.md', 'notes.txt', 'beach.jpg']);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: new URL('recent-phone.png', SCREENSHOTS).pathname });
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('sends the app nowhere but its node', () => {
    const origin = new URL(w.daemon.url).origin;
    expect(w.browser.requests.filter((url) => new URL(url).origin !== origin)).toEqual([]);
    expect(w.browser.cspViolations).toEqual([]);
  });
});
